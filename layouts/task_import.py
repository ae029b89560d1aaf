"""The Excel import on the task register: the dialog (template, file, preview, import) and the
preview of a checked sheet: every problem by row and column, or the rows about to be imported."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _
from flask_babel import ngettext

from dashboard.domain.task_import import MAX_ROWS, MAX_TASKS, Checked, Problem
from dashboard.i18n import show_date, show_number
from dashboard.task_sheets import MAX_BYTES, header

from . import ids
from .components import icon
from .forms import field_problem
from .task_page import priority_label

SHOWN = 200  # problems or rows listed; the count says how many more


def dialog() -> dbc.Modal:
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle(_("Import tasks from Excel"), id=ids.IMPORT_MODAL_TITLE)),
        dbc.ModalBody([
            html.Ol([
                html.Li([_("Download the template and fill in one task per row."), " ",
                         dbc.Button([icon("bi-download"), " ", _("Download the template")], id=ids.IMPORT_TEMPLATE,
                                    size="sm", color="secondary", outline=True),
                         dcc.Download(id=ids.IMPORT_DOWNLOAD)], className="mb-2"),
                html.Li(_("Choose the filled sheet: every row is checked, nothing is saved yet."),
                        className="mb-2"),
                html.Li(_("When no row has a problem, import them all at once."), className="mb-2"),
            ], className="ps-3"),
            dcc.Upload(id=ids.IMPORT_UPLOAD, accept=".xlsx", multiple=False,  # the server says when too big
                       className="import-drop", children=html.Div([
                           icon("bi-file-earmark-spreadsheet"), " ",
                           html.Span(_("Choose an Excel file (.xlsx)"), className="btn btn-outline-primary"),
                           html.Div(_("or drop it here"), className="small text-muted mt-1")])),
            html.Div(id=ids.IMPORT_PREVIEW, className="mt-3", role="status", **{"aria-live": "polite"}),
        ]),
        dbc.ModalFooter(dbc.Button(_("Import"), id=ids.IMPORT_SAVE, color="primary", className="big-button",
                                   disabled=True)),
    ], id=ids.IMPORT_MODAL, is_open=False, size="lg", scrollable=True, labelledby=ids.IMPORT_MODAL_TITLE)


def column_name(column: str) -> str:
    return header(column) if column else ""


def problem_words(problem: Problem) -> str:
    own = {
        "missing_column": _("This column is missing from the first row: use the template's headers."),
        "no_rows": _("The sheet has no task: fill in one task per row, from row 2."),
        "too_many_rows": _("The sheet has more than %(n)s rows: split it into several files.",
                           n=show_number(MAX_ROWS)),
        "too_many_tasks": _("The sheet makes more than %(n)s tasks: split it into several files.",
                            n=show_number(MAX_TASKS)),
        "example": _("This is the template's example: replace it with a real task, or delete the row."),
        "duplicate": _("A task with this title, unit and due date exists already."),
        "repeated": _("Row %(row)s has the same title, unit and due date.", row=problem.other_row),
        "unknown_unit": _("No active unit has this code or name: %(names)s. Choose from the template's list.",
                          names=problem.value or ""),
    }
    if problem.code in own:
        return own[problem.code]
    if problem.column == "priority" and problem.code == "invalid":
        return column_name("priority") + " " + _("must be one of: Low, Normal, High, Urgent (or empty: Normal).")
    if problem.code == "date_unreadable":  # no calendar in a sheet
        return column_name(problem.column) + " " + _("is not a date: use an Excel date or write it dd/mm/yyyy.")
    return column_name(problem.column) + " " + field_problem(problem.column, problem.code)


def unreadable(reason: str) -> dbc.Alert:
    text = (_("The file is larger than %(n)s MB.", n=MAX_BYTES // (1024 * 1024)) if reason == "too_big"
            else _("This file cannot be read as an Excel workbook (.xlsx): save it from Excel as .xlsx and "
                   "choose it again."))
    return dbc.Alert([icon("bi-exclamation-triangle-fill"), " ", text], color="warning", className="mb-0")


def preview(checked: Checked, unit_names: dict[int, str], file_name: str) -> html.Div:
    """What the import would do: the problems to fix first, or the tasks it would make."""
    if checked.problems:
        rows = checked.rows_with_problems
        heading = (ngettext("%(num)d row of %(file)s has a problem: nothing can be imported yet.",
                            "%(num)d rows of %(file)s have problems: nothing can be imported yet.",
                            rows, file=file_name) if rows else
                   _("%(file)s cannot be imported as it is.", file=file_name))
        listed = checked.problems[:SHOWN]
        return html.Div([
            dbc.Alert([icon("bi-exclamation-triangle-fill"), " ", heading, " ",
                       _("Fix these in the sheet and choose it again; the other rows are fine.") if checked.ready
                       else _("Fix these in the sheet and choose it again.")],
                      color="warning"),
            html.Div(html.Table([
                html.Thead(html.Tr([html.Th(_("Row"), scope="col"), html.Th(_("Column"), scope="col"),
                                    html.Th(_("Problem"), scope="col")])),
                html.Tbody([html.Tr([html.Td(problem.row or "—"), html.Td(column_name(problem.column) or "—"),
                                     html.Td(problem_words(problem))]) for problem in listed]),
            ], className="table table-sm import-problems"), className="table-responsive"),
            _more(len(checked.problems) - len(listed)),
        ])
    ready = checked.ready
    shown = ready[:SHOWN]
    return html.Div([
        dbc.Alert([icon("bi-check-circle-fill"), " ",
                   ngettext("%(num)d task in %(file)s is ready to import.",
                            "%(num)d tasks in %(file)s are ready to import.", len(ready), file=file_name),
                   " " + ngettext("(from %(num)d row)", "(from %(num)d rows)", checked.rows_ready)
                   if checked.rows_ready != len(ready) else ""],
                  color="success"),
        html.Div(html.Table([
            html.Thead(html.Tr([html.Th(_("Row"), scope="col"), html.Th(header("title"), scope="col"),
                                html.Th(header("unit"), scope="col"), html.Th(header("due_date"), scope="col"),
                                html.Th(header("priority"), scope="col")])),
            html.Tbody([html.Tr([html.Td(task.row), html.Td(task.fields.title),
                                 html.Td(unit_names.get(task.unit_id, "")), html.Td(show_date(task.fields.due_date)),
                                 html.Td(priority_label(task.fields.priority))]) for task in shown]),
        ], className="table table-sm"), className="table-responsive"),
        _more(len(ready) - len(shown)),
    ])


def _more(hidden: int) -> html.P | None:
    return html.P(_("… and %(n)s more.", n=show_number(hidden)), className="text-muted small") if hidden else None


def imported(count: int, file_name: str) -> dbc.Alert:
    return dbc.Alert([icon("bi-check-circle-fill"), " ",
                      ngettext("%(num)d task imported from %(file)s.", "%(num)d tasks imported from %(file)s.",
                               count, file=file_name)], color="success", dismissable=True)
