"""The task register: search and filters (kept in the URL), the tasks a page at a time, and the
leader's form for new tasks — one unit or a directive to many."""
from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _
from flask_babel import ngettext

from dashboard import paths
from dashboard.domain.policy import Rights
from dashboard.domain.vocabulary import SOURCE_MAX, STATUSES, TEXT_MAX, TITLE_MAX
from dashboard.i18n import current_language, show_date, show_number

from . import elements as e
from . import ids, tables, task_import
from .components import TYPING_PAUSE_MS, bucket_label, dropdown, icon, limited_line, limited_text, slot
from .overview import range_words
from .task_page import priority_label, status_label

BUCKETS = ("overdue", "not_started", "within_deadline", "done_late", "done_on_time", "cancelled")


def title(**_kwargs) -> str:
    return _("Tasks")


def _options(values, label) -> list[dict]:
    return [{"label": label(v), "value": v} for v in values]


def bucket_word(bucket: str) -> str:
    return _("Cancelled") if bucket == "cancelled" else bucket_label(bucket)


def page(q: str = "", unit: str = "", status: str = "", bucket: str = "", priority: str = "",
         due_from: str = "", due_to: str = "", rights: Rights = Rights(), **_kwargs) -> html.Main:
    """Filters arrive from the URL (Dash passes query parameters), so a view can be shared."""
    leader = rights.assign_tasks  # the server checks again on saving
    display_format = "DD/MM/YYYY" if current_language() == "vi" else "MMM D, YYYY"
    return html.Main([
        dcc.Location(id=ids.REGISTER_URL, refresh=False),
        dcc.Store(id=ids.REGISTER_REFRESH, data=0),
        html.Div([html.H1(_("Task register"), className="h3 mb-0"),
                  html.Div([dbc.Button([icon("bi-file-earmark-spreadsheet"), " ", _("Import from Excel")],
                                       id=ids.REGISTER_IMPORT, color="secondary", outline=True,
                                       className="big-button"),
                            dbc.Button([icon("bi-plus-lg"), " ", _("New task")], id=ids.REGISTER_NEW,
                                       color="primary", className="big-button")],
                           # (Bootstrap's d-flex outranks an inline display: none)
                           className="d-flex flex-wrap gap-2 justify-content-end" if leader else "d-none")],
                 className="d-flex flex-wrap gap-2 justify-content-between align-items-center mb-3"),
        # The dialog closes on success, so its answer is drawn on the page.
        html.Div(id=ids.REGISTER_MESSAGE, role="status", **{"aria-live": "polite"}),
        dbc.Row([
            dbc.Col([dbc.Label(_("Search"), html_for=ids.REGISTER_SEARCH, className="visually-hidden"),
                     dbc.Input(id=ids.REGISTER_SEARCH, type="search", value=q, debounce=TYPING_PAUSE_MS,
                               placeholder=_("Search title or document (diacritics optional)"))], md=4),
            dbc.Col(dropdown(id=ids.REGISTER_UNIT, value=unit or None, placeholder=_("All units")), md=2),
            dbc.Col(dropdown(id=ids.REGISTER_STATUS, value=status or None, placeholder=_("Any status"),
                                 options=_options(STATUSES,
                                                  status_label)), md=2),
            dbc.Col(dropdown(id=ids.REGISTER_BUCKET, value=bucket or None, placeholder=_("Any state"),
                                 options=_options(BUCKETS, bucket_word)), md=2),
            dbc.Col(dropdown(id=ids.REGISTER_PRIORITY, value=priority or None,
                                 placeholder=_("Any priority"),
                                 options=_options(("low", "normal", "high", "urgent"), priority_label)), md=2),
        ], className="g-2 mb-2"),
        dbc.Row([dbc.Col([dbc.Label(_("Due between"), html_for=ids.REGISTER_DUE, className="me-2"),
                          slot(dcc.DatePickerRange(id=ids.REGISTER_DUE, start_date=due_from or None,
                                                   number_of_months_shown=1,
                                                   end_date=due_to or None, display_format=display_format,
                                                   **range_words(_("Due from"), _("Due until")),
                                                   first_day_of_week=1, clearable=True), "range-slot")],
                         width="auto"),
                 dbc.Col(html.Div(id=ids.REGISTER_COUNT, className="text-muted"), xs=12, md=True,
                         className="align-self-center"),  # its own line on a phone: it never wraps later
                 dbc.Col(html.Div([
                     dbc.Button([icon("bi-filetype-csv"), " CSV"], id=ids.REGISTER_EXPORT_CSV, size="sm",
                                color="secondary", outline=True, className="me-2",
                                title=_("Download the tasks the filters select, in this order")),
                     dbc.Button([icon("bi-file-earmark-excel"), " Excel"], id=ids.REGISTER_EXPORT_XLSX, size="sm",
                                color="secondary", outline=True,
                                title=_("Download the tasks the filters select, in this order")),
                     dcc.Download(id=ids.REGISTER_DOWNLOAD)]), width="auto", className="align-self-center")],
                className="g-2 mb-2"),
        dcc.Store(id=ids.REGISTER_REQUEST, data=tables.first_request()),
        dcc.Store(id=ids.REGISTER_SHOWN, data=tables.first_request()),
        html.Div([  # shown with the first answer: nothing jumps
            html.Div(id=ids.REGISTER_GRID, className="table-responsive register-table", tabIndex="0", role="region",
                     **{"aria-label": _("Task register")}),
            tables.pager(ids.REGISTER_PREVIOUS, ids.REGISTER_NEXT, ids.REGISTER_PAGE_COUNT, _("Task register")),
        ], id=ids.REGISTER_BODY, hidden=True),
        new_task_modal(),
        task_import.dialog(),
    ])


def task_rows(rows, today: date) -> list[dict]:
    """The table's rows: words are translated once per answer, not per row."""
    states = {bucket: bucket_word(bucket) for bucket in
              ("cancelled", "done_on_time", "done_late", "overdue", "not_started", "within_deadline")}
    priorities: dict[str, str] = {}
    result = []
    for row in rows:
        if row.status == "cancelled":
            bucket = "cancelled"
        elif row.status == "done":
            bucket = "done_on_time" if row.done_on_time else "done_late"
        elif row.due_date < today:
            bucket = "overdue"
        else:
            bucket = "not_started" if row.status == "not_started" else "within_deadline"
        result.append({"id": row.id, "title": row.title, "unit": row.unit_name, "bucket": bucket,
                       "state": states[bucket], "progress": row.progress,  # a number: it sorts
                       "due": show_date(row.due_date),
                       "priority": priorities.get(row.priority) or priorities.setdefault(
                           row.priority, priority_label(row.priority))})
    return result


COLUMNS = ("id", "title", "unit", "state", "progress", "due", "priority")  # each sorts (in the database)
FIRST_DIRECTION = {"priority": "desc"}  # the others up: A to Z, the earliest, the least


def headers() -> dict:
    return {"id": [html.Span("#", **{"aria-hidden": "true"}), html.Span(_("Task number"), className="visually-hidden")],
            "title": _("Task"), "unit": _("Unit"), "state": _("State"), "progress": _("Progress"),
            "due": _("Due"), "priority": _("Priority")}


def table(rows: list[dict], request: dict) -> html.Table:
    """A page of the register: the title opens the task; the state in its bucket's colour."""
    sort, names = tables.sort_of(request), headers()
    head = html.Tr([tables.header("register", field, names[field], sort) for field in COLUMNS])
    body = [e.Tr([  # rows as sent (layouts/elements.py): a page draws 160 cells
        e.Td(str(row["id"]), className="col-id num"),  # a number that names a task: no thousands dot
        e.Td([e.A(row["title"], href=paths.task(row["id"])),
              e.Div(row["unit"], className="row-unit")], className="col-title"),  # on a phone
        e.Td(row["unit"], className="col-unit"),
        e.Td(row["state"], className=f"col-state grid-bucket-{row['bucket']}"),
        e.Td(f"{row['progress']}%", className="col-progress num"),
        e.Td(row["due"], className="col-due"),
        e.Td(row["priority"], className="col-priority"),
    ]) for row in rows] or [html.Tr(html.Td(_("No task matches."), colSpan=len(COLUMNS)))]
    return html.Table([html.Caption(_("Tasks"), className="visually-hidden"), html.Thead(head), html.Tbody(body)],
                      className="table table-sm table-hover align-middle mb-0")


def page_text(first: int, shown: int, total: int) -> str:
    return tables.page_text(first, shown, total, _("Rows %(first)s–%(last)s of %(total)s"))


def count_text(total: int) -> str:
    if not total:
        return _("No task matches.")
    return ngettext("%(count)s task.", "%(count)s tasks.", total, count=show_number(total))


def new_task_modal() -> dbc.Modal:
    def field(label, component, component_id=None):
        box = component.children[0] if isinstance(component, html.Div) else component  # in its slot
        return html.Div([dbc.Label(label, html_for=component_id or box.id), component], className="mb-2")
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle(_("New task"), id=ids.NEW_MODAL_TITLE)),
        dbc.ModalBody([
            field(_("Title"), limited_line(ids.NEW_TITLE, TITLE_MAX), ids.NEW_TITLE),
            field(_("Lead unit(s)"), dropdown(id=ids.NEW_UNITS, multi=True,
                                                  placeholder=_("One unit, or several for one directive"))),
            dbc.Button(_("All communes"), id=ids.NEW_ALL_COMMUNES, size="sm", color="secondary",
                       outline=True, className="mb-2"),
            field(_("Coordinating units (optional)"), dropdown(id=ids.NEW_COORDINATING, multi=True)),
            field(_("Expected result"), limited_text(ids.NEW_EXPECTED, TEXT_MAX), ids.NEW_EXPECTED),
            field(_("Description"), limited_text(ids.NEW_DESCRIPTION, TEXT_MAX), ids.NEW_DESCRIPTION),
            field(_("Source document"), limited_line(ids.NEW_SOURCE, SOURCE_MAX, placeholder="123/UBND-VP"),
                  ids.NEW_SOURCE),
            dbc.Row([
                dbc.Col(field(_("Start"), dbc.Input(id=ids.NEW_START, type="date"))),
                dbc.Col(field(_("Due"), dbc.Input(id=ids.NEW_DUE, type="date"))),
                dbc.Col(field(_("Priority"), dbc.Select(id=ids.NEW_PRIORITY, value="normal", options=_options(
                    ("low", "normal", "high", "urgent"), priority_label)))),
            ]),
            html.Div(id=ids.NEW_MESSAGE, role="status"),
        ]),
        dbc.ModalFooter(dbc.Button(_("Assign"), id=ids.NEW_SAVE, color="primary", className="big-button")),
    ], id=ids.NEW_MODAL, is_open=False, size="lg", labelledby=ids.NEW_MODAL_TITLE)


EXPORT_MAX = 20_000  # rows in one download: a province's open work and more


def export_caption(today: date, query: dict[str, str], unit_names: dict[str, str], total: int) -> str:
    """The first line of an exported register: the day, the filters, how many tasks."""
    words = {"q": _("Search"), "unit": _("Unit"), "status": _("Status"), "bucket": _("State (deadline)"),
             "priority": _("Priority"), "due_from": _("Due from"), "due_to": _("Due until")}

    def value(key: str, raw: str) -> str:
        if key == "unit":
            return unit_names.get(raw, raw)
        if key == "status":
            return status_label(raw)
        if key == "bucket":
            return bucket_word(raw)
        if key == "priority":
            return priority_label(raw)
        if key in ("due_from", "due_to"):
            return show_date(date.fromisoformat(raw))
        return f"“{raw}”"
    chosen = "; ".join(f"{words[key]}: {value(key, raw)}" for key, raw in query.items() if key in words)
    more = _(" (the first %(n)s)", n=show_number(EXPORT_MAX)) if total > EXPORT_MAX else ""
    return _("Task register as of %(day)s, %(total)s tasks%(more)s; filters: %(filters)s",
             day=show_date(today), total=show_number(total), more=more, filters=chosen or _("none"))


def export_rows(rows, today: date) -> tuple[list[str], list[list]]:
    """The register's columns, and its rows as a spreadsheet keeps them (dates as dates)."""
    labels = [_("Task number"), _("Task"), _("Unit"), _("State"), _("Progress (%)"), _("Due"), _("Priority")]
    shown = task_rows(rows, today)
    return labels, [[row["id"], row["title"], row["unit"], row["state"], row["progress"], found.due_date,
                     row["priority"]] for row, found in zip(shown, rows, strict=True)]
