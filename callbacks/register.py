"""The task register: filters → SQL (scoped to what the user may see) → a page of the table; and
new tasks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update
from flask import abort
from flask_babel import gettext as _

from dashboard import clock, exports, paths
from dashboard.access import allowed, current_actor, current_scope
from dashboard.domain import rules
from dashboard.domain.policy import Action
from dashboard.domain.vocabulary import STATUSES
from dashboard.extensions import database
from dashboard.i18n import show_date
from dashboard.services import register as services
from db import tasks as writes
from db import unit_reads
from layouts import forms, ids, tables
from layouts import register as view

from .contract import next_count, trigger, unchanged
from .first_answers import FirstAnswer

FILTERS = [(ids.REGISTER_SEARCH, "value", "q"), (ids.REGISTER_UNIT, "value", "unit"),
           (ids.REGISTER_STATUS, "value", "status"), (ids.REGISTER_BUCKET, "value", "bucket"),
           (ids.REGISTER_PRIORITY, "value", "priority"), (ids.REGISTER_DUE, "start_date", "due_from"),
           (ids.REGISTER_DUE, "end_date", "due_to")]


REGISTER = dict(  # the register's answer, by name
    table=Output(ids.REGISTER_GRID, "children"), count=Output(ids.REGISTER_COUNT, "children"),
    query=Output(ids.REGISTER_URL, "search"), unit_options=Output(ids.REGISTER_UNIT, "options"),
    page=Output(ids.REGISTER_PAGE_COUNT, "children"), previous_off=Output(ids.REGISTER_PREVIOUS, "disabled"),
    next_off=Output(ids.REGISTER_NEXT, "disabled"), shown=Output(ids.REGISTER_SHOWN, "data"),
    body_hidden=Output(ids.REGISTER_BODY, "hidden"),
)
REGISTER_FILTERS = {**{name: Input(i, p) for i, p, name in FILTERS}, "refresh": Input(ids.REGISTER_REFRESH, "data"),
                    "request": Input(ids.REGISTER_REQUEST, "data")}
PAGE_ASKS = dict(  # a column's sort button or the pager: another page of what is shown
    sorts=Input({"type": ids.SORT_BUTTON, "table": "register", "column": ALL}, "n_clicks"),
    back=Input(ids.REGISTER_PREVIOUS, "n_clicks"), forward=Input(ids.REGISTER_NEXT, "n_clicks"),
)
NEW_TASK_OPENED = dict(  # the new-task dialog, opened
    is_open=Output(ids.NEW_MODAL, "is_open"), units=Output(ids.NEW_UNITS, "options"),
    coordinating=Output(ids.NEW_COORDINATING, "options"), start=Output(ids.NEW_START, "value"),
)
NEW_TASK_SAVED = dict(  # what saving the new-task form answers, by name
    message=Output(ids.REGISTER_MESSAGE, "children"), problem=Output(ids.NEW_MESSAGE, "children"),
    is_open=Output(ids.NEW_MODAL, "is_open", allow_duplicate=True), refresh=Output(ids.REGISTER_REFRESH, "data"),
    title=Output(ids.NEW_TITLE, "value"),
    start=Output(ids.NEW_START, "value", allow_duplicate=True),  # emptied: the next task starts the day it opens
)


NEW_TASK_FORM = dict(
    title=State(ids.NEW_TITLE, "value"), unit_codes=State(ids.NEW_UNITS, "value"),
    expected=State(ids.NEW_EXPECTED, "value"), description=State(ids.NEW_DESCRIPTION, "value"),
    source=State(ids.NEW_SOURCE, "value"), start=State(ids.NEW_START, "value"), due=State(ids.NEW_DUE, "value"),
    priority=State(ids.NEW_PRIORITY, "value"), coordinating=State(ids.NEW_COORDINATING, "value"),
    refresh=State(ids.REGISTER_REFRESH, "data"),
)


def register(app: Dash) -> None:
    for answer in FIRST_ANSWERS:
        answer.register(app)
    app.callback(output=Output(ids.REGISTER_REQUEST, "data"), inputs=PAGE_ASKS,
                 state=dict(shown=State(ids.REGISTER_SHOWN, "data")), prevent_initial_call=True)(page_request)
    app.callback(output=NEW_TASK_OPENED, inputs=dict(clicks=Input(ids.REGISTER_NEW, "n_clicks")),
                 state=dict(start=State(ids.NEW_START, "value")), prevent_initial_call=True)(open_new_task)
    app.callback(Output(ids.NEW_UNITS, "value"), Input(ids.NEW_ALL_COMMUNES, "n_clicks"),
                 prevent_initial_call=True)(all_communes)
    app.callback(Output(ids.REGISTER_DOWNLOAD, "data"), Input(ids.REGISTER_EXPORT_CSV, "n_clicks"),
                 Input(ids.REGISTER_EXPORT_XLSX, "n_clicks"), *[State(i, p) for i, p, _name in FILTERS],
                 State(ids.REGISTER_SHOWN, "data"), prevent_initial_call=True)(export_register)
    app.callback(output=NEW_TASK_SAVED, inputs=dict(clicks=Input(ids.NEW_SAVE, "n_clicks")),
                 state=dict(NEW_TASK_FORM), prevent_initial_call=True)(save_new_task)  # Dash adds the inputs to it


def _text(value, limit=200) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


@dataclass(frozen=True)
class Asked:
    """The register's filters as the page sends them, checked, and what they select."""
    filters: services.Filters
    unit_ids: list[int] | None  # None: every unit the user may see
    units: list  # the active units (id, code, name, kind)
    query: dict[str, str]  # the filters as the link carries them


def _asked(session, q, unit, status, bucket, priority, due_from, due_to) -> Asked:
    errors: dict[str, str] = {}
    start = rules.parse_day(due_from, "due_from", errors, required=False)
    end = rules.parse_day(due_to, "due_to", errors, required=False)
    scope = current_scope()
    filters = services.Filters(
        search=_text(q),
        status=status if status in STATUSES else None,
        bucket=bucket if bucket in view.BUCKETS else None,
        priority=priority if priority in rules.PRIORITIES else None, due_from=start, due_to=end)
    units = [u for u in unit_reads.active_units(session) if scope.allows(u[0])]
    unit_ids = None if scope.everything else list(scope.unit_ids)
    if isinstance(unit, str) and unit:
        unit_ids = [u for u, code, _n, _k in units if code == unit]
    # The link and an export's first line carry the filters as checked: a value the page does
    # not send is neither applied nor repeated.
    query = {key: value for (_i, _p, key), value in zip(FILTERS, (
        filters.search, unit if isinstance(unit, str) else None, filters.status, filters.bucket,
        filters.priority, start and str(start), end and str(end))) if value}
    return Asked(filters, unit_ids, units, query)


def fill_register(q, unit, status, bucket, priority, due_from, due_to, refresh, request):
    """``q`` is the search, named as the link carries it (the filters' names are the link's).
    New filters show their first page, in the sort chosen."""
    new_filters = trigger() != ids.REGISTER_REQUEST  # new filters start again at page one
    asked = tables.kept(request)
    if new_filters:
        asked.update(startRow=0, endRow=tables.PAGE)
    with database().session() as session:
        chosen = _asked(session, q, unit, status, bucket, priority, due_from, due_to)
        found = services.register(session, chosen.filters, chosen.unit_ids, _page(asked))
    options = [{"label": name, "value": code} for _u, code, name, _k in chosen.units]
    rows, first = view.task_rows(found.rows, found.today), found.first
    shown = {**asked, "startRow": first, "endRow": first + tables.PAGE}
    return dict(table=view.table(rows, shown), count=view.count_text(found.total),
                query="?" + urlencode(chosen.query) if chosen.query else "", unit_options=options,
                page=view.page_text(first, len(rows), found.total), previous_off=first == 0,
                next_off=first + len(rows) >= found.total, shown=shown, body_hidden=False)


def export_register(_csv_clicks, _xlsx_clicks, q, unit, status, bucket, priority, due_from, due_to, shown):
    """Every task the filters select (up to EXPORT_MAX), in the table's sort, as CSV or Excel;
    its first line names the day and the filters."""
    with database().session() as session:
        chosen = _asked(session, q, unit, status, bucket, priority, due_from, due_to)
        page = _page(tables.kept(shown))
        found = services.register(session, chosen.filters, chosen.unit_ids,
                                  services.Page(page.order, page.descending, 0, view.EXPORT_MAX))
    unit_names = {code: name for _u, code, name, _k in chosen.units}
    caption = view.export_caption(found.today, chosen.query, unit_names, found.total)
    labels, rows = view.export_rows(found.rows, found.today)
    name = exports.file_name(_("task-register"), found.today, extension="{}")
    if ctx.triggered_id == ids.REGISTER_EXPORT_CSV:  # dates as the reader's language writes them
        written = [[show_date(value) if isinstance(value, date) else value for value in row] for row in rows]
        return dict(content=exports.as_csv(labels, written, caption), filename=name.format("csv"), type="text/csv")
    return dcc.send_bytes(exports.as_xlsx(_("Task register"), labels, rows, caption), name.format("xlsx"))


def _page(request: dict) -> services.Page:
    """The page a request asks for: its first row and the column it sorts by (one the table has)."""
    sort = tables.sort_of(request)
    column = sort.get("colId") if sort.get("colId") in view.COLUMNS else None
    return services.Page(order=column, descending=column is not None and sort.get("sort") == "desc",
                         first=request["startRow"], size=tables.PAGE)


def page_request(sorts, back, forward, shown):
    """The page asked for next: sorted by a column, or a page further or back."""
    page = tables.asked(ctx.triggered_id, "register", sorts, shown, view.COLUMNS, view.FIRST_DIRECTION,
                        ids.REGISTER_PREVIOUS, ids.REGISTER_NEXT)
    return no_update if page is None else page


def _require_assigner() -> None:
    if not allowed(Action.ASSIGN_TASK):
        abort(403)


def open_new_task(clicks, start):
    """The dialog opens with the units to choose from and, unless one was typed, starts today."""
    _require_assigner()
    with database().session() as session:
        units = unit_reads.active_units(session)
    options = [{"label": name, "value": code} for _u, code, name, _k in units]
    return dict(is_open=True, units=options, coordinating=options, start=start or clock.today().isoformat())


def all_communes(_clicks):
    _require_assigner()
    with database().session() as session:
        return [code for _u, code, _n, kind in unit_reads.active_units(session) if kind == "commune"]


def _form_refused(errors: dict[str, str]) -> dict:
    """The form stays open with what was typed, and says why."""
    return unchanged(NEW_TASK_SAVED) | {"problem": forms.problems(errors), "is_open": True}


def save_new_task(clicks, title, unit_codes, expected, description, source, start, due, priority,
                  coordinating, refresh):
    _require_assigner()
    codes = [c for c in unit_codes or [] if isinstance(c, str)]
    no_unit = {} if codes else {"lead_unit_id": "required"}  # said with the other problems, at once
    try:
        fields = rules.check_task_fields({"title": title, "expected_result": expected,
                                          "description": description, "source_ref": source,
                                          "start_date": start, "due_date": due, "priority": priority})
    except rules.Invalid as problem:
        title_first = {"title": problem.errors["title"]} if "title" in problem.errors else {}
        return _form_refused(title_first | no_unit | problem.errors)  # in the form's order
    if no_unit:
        return _form_refused(no_unit)
    actor = current_actor()
    try:
        with database().transaction() as session:
            known = {code: u for u, code, _n, _k in unit_reads.active_units(session)}
            helpers = [c for c in coordinating or [] if isinstance(c, str)]
            if any(c not in known for c in codes + helpers):
                raise rules.Invalid({"lead_unit_id": "unknown_unit"})
            created = [writes.assign_task(session, fields=fields, lead_unit_id=known[c], actor=actor,
                                          now=clock.now(), tz=clock.local_zone(),
                                          coordinating_unit_ids=[known[h] for h in helpers])
                       for c in dict.fromkeys(codes)]
            opened = [(task.id, task.title) for task in created]
    except rules.Invalid as problem:
        return _form_refused(problem.errors)
    except writes.NotAllowed:
        abort(403)
    if len(opened) == 1:  # named, with the way to it: no doubt it exists, no second one made
        task_id, task_title = opened[0]
        message = forms.saved(_("Task assigned: %(title)s.", title=task_title),
                              (_("Open the task"), paths.task(task_id)))
    else:
        message = forms.saved(_("%(n)s task(s) assigned.", n=len(opened)))
    return dict(message=message, problem=None, is_open=False, refresh=next_count(refresh), title="", start=None)


# The register answers as it opens (callbacks/first_answers.py). The address bar keeps what it
# was opened with until a filter changes: the layout leaves Dash's Location to report it.
FIRST_ANSWERS = (FirstAnswer(fill_register, REGISTER, REGISTER_FILTERS, not_laid_out=frozenset({"query"})),)
