"""The Excel import of tasks on the register: the template, a chosen sheet checked row by row
(nothing saved), and the import of a sheet without problems, all or nothing."""
from __future__ import annotations

import base64
import binascii

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, no_update
from flask import abort
from flask_babel import gettext as _

from dashboard import clock, exports, task_sheets
from dashboard.access import current_actor, require
from dashboard.domain import task_import as rules
from dashboard.domain.policy import Action
from dashboard.domain.rules import Invalid
from dashboard.extensions import database
from db import task_import as store
from db.portable import one_at_a_time
from db.tasks import NotAllowed
from layouts import forms, ids
from layouts import task_import as view

from .contract import next_count

IMPORTED = dict(  # what the import answers, by name
    message=Output(ids.REGISTER_MESSAGE, "children", allow_duplicate=True),
    contents=Output(ids.IMPORT_UPLOAD, "contents", allow_duplicate=True),  # emptied: read again when chosen again
    preview=Output(ids.IMPORT_PREVIEW, "children", allow_duplicate=True),
    is_open=Output(ids.IMPORT_MODAL, "is_open", allow_duplicate=True),
    refresh=Output(ids.REGISTER_REFRESH, "data", allow_duplicate=True),
    save_off=Output(ids.IMPORT_SAVE, "disabled", allow_duplicate=True),
)

OPENED = dict(  # the dialog, opened afresh
    is_open=Output(ids.IMPORT_MODAL, "is_open"),
    preview=Output(ids.IMPORT_PREVIEW, "children", allow_duplicate=True),
    contents=Output(ids.IMPORT_UPLOAD, "contents", allow_duplicate=True),
    save_off=Output(ids.IMPORT_SAVE, "disabled", allow_duplicate=True),
)


def register(app: Dash) -> None:
    app.callback(output=OPENED, inputs=dict(clicks=Input(ids.REGISTER_IMPORT, "n_clicks")),
                 prevent_initial_call=True)(open_import)
    app.callback(Output(ids.IMPORT_DOWNLOAD, "data"), Input(ids.IMPORT_TEMPLATE, "n_clicks"),
                 prevent_initial_call=True)(download_template)
    app.callback(Output(ids.IMPORT_PREVIEW, "children"), Output(ids.IMPORT_SAVE, "disabled"),
                 Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"),
                 prevent_initial_call=True)(check_upload)
    app.clientside_callback(ClientsideFunction("forms", "busy"),  # off at once: a second tap sends nothing
                            Output(ids.IMPORT_SAVE, "disabled", allow_duplicate=True),
                            Input(ids.IMPORT_SAVE, "n_clicks"), prevent_initial_call=True)
    app.callback(output=IMPORTED, inputs=dict(clicks=Input(ids.IMPORT_SAVE, "n_clicks")),
                 state=dict(contents=State(ids.IMPORT_UPLOAD, "contents"),
                            file_name=State(ids.IMPORT_UPLOAD, "filename"),
                            refresh=State(ids.REGISTER_REFRESH, "data")),
                 prevent_initial_call=True)(import_sheet)


@require(Action.ASSIGN_TASK)
def open_import(clicks):
    """The dialog opens afresh: an earlier file's problems would read as the new one's."""
    return dict(is_open=True, preview=None, contents=None, save_off=True)


@require(Action.ASSIGN_TASK)
def download_template(_clicks):
    with database().session() as session:
        units = store.active_units(session)
    content = task_sheets.template(units, clock.today())
    return dcc.send_bytes(content, exports.file_name(_("task-import-template"), extension="xlsx"))


def _content(contents) -> bytes:
    """The file inside the upload's data address ("data:…;base64,…")."""
    if not isinstance(contents, str) or "," not in contents or len(contents) > task_sheets.MAX_BYTES * 4 // 3 + 1_000:
        raise task_sheets.Unreadable("too_big" if isinstance(contents, str) and "," in contents else "unreadable")
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError) as error:
        raise task_sheets.Unreadable("unreadable") from error


def _name(file_name) -> str:
    return file_name.strip()[:200] if isinstance(file_name, str) and file_name.strip() else _("the sheet")


def _checked(session, sheet) -> tuple[rules.Checked, dict[int, str]]:
    """The sheet read (columns, rows) checked against the units and the tasks as they are now."""
    columns, rows = sheet
    units = store.active_units(session)
    checked = rules.check_sheet(rows, columns, units, task_sheets.priority_names(), clock.today(),
                                task_sheets.unit_groups(units), task_sheets.example_titles())
    existing = store.existing_keys(session, {task.unit_id for task in checked.ready},
                                   {task.fields.due_date for task in checked.ready})
    return rules.without_existing(checked, existing), {unit.id: unit.name for unit in units}


@require(Action.ASSIGN_TASK)
def check_upload(contents, file_name):
    if contents is None:
        return None, True
    try:
        sheet = task_sheets.read(_content(contents))
    except task_sheets.Unreadable as problem:
        return view.unreadable(str(problem)), True
    with database().session() as session:
        checked, unit_names = _checked(session, sheet)
    return view.preview(checked, unit_names, _name(file_name)), not checked.importable


@require(Action.ASSIGN_TASK)
def import_sheet(clicks, contents, file_name, refresh):
    """Checked again as the import begins (a task may have been added since the preview): with
    any problem nothing is imported and the new problems are shown."""
    kept = dict(message=no_update, contents=no_update, preview=no_update, is_open=True, refresh=no_update,
                save_off=no_update)
    name = _name(file_name)
    try:  # read before the transaction: the database's writers do not wait for the parsing
        sheet = task_sheets.read(_content(contents))
    except task_sheets.Unreadable as problem:
        return kept | dict(preview=view.unreadable(str(problem)), save_off=True)
    try:
        with database().transaction() as session:
            one_at_a_time(session, "task_import", "")  # a second tap waits, then finds the tasks made
            checked, unit_names = _checked(session, sheet)
            if not checked.importable:
                return kept | dict(preview=view.preview(checked, unit_names, name), save_off=True)
            made = store.import_tasks(session, checked.ready, file_name=name, actor=current_actor(),
                                      now=clock.now(), tz=clock.local_zone())
    except Invalid as problem:  # a unit closed between the check and the writing
        return kept | dict(preview=forms.problems(problem.errors), save_off=True)
    except NotAllowed:
        abort(403)
    return dict(message=view.imported(len(made), name), contents=None, preview=None, is_open=False,
                refresh=next_count(refresh), save_off=True)
