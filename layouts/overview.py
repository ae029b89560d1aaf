"""The leader's overview: controls, headline figures, ranking, charts and lists."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _
from flask_babel import ngettext

from dashboard.domain.overview import Change, Headline, PeriodKind, RankingRow, Window
from dashboard.domain.units import Severity
from dashboard.domain.vietnamese import sort_key as name_order
from dashboard.i18n import current_language, show_date, show_datetime, show_number, show_percent

if TYPE_CHECKING:  # plain records built by the db layer; layouts never query
    from db.overview import OverdueTask, PendingExtension

from dashboard import clock, paths

from . import elements as e
from . import ids, tables
from .components import TYPING_PAUSE_MS, deferred, dropdown, kpi_card, severity_label, slot
from .figures import chart


def title(**_kwargs) -> str:
    return _("Overview")


def period_options() -> list[dict]:
    return [{"label": _("Day"), "value": "day"}, {"label": _("Week"), "value": "week"},
            {"label": _("Month"), "value": "month"}, {"label": _("Custom range"), "value": "custom"}]


def range_words(start: str, end: str) -> dict:
    """A date range's words: Dash's pickers say "Start Date" and "End Date" in English, as their
    placeholders and as the names a screen reader reads for the two boxes."""
    return {"start_date_placeholder_text": start, "end_date_placeholder_text": end}


def controls(today: date, as_of_id: str = ids.OVERVIEW_AS_OF, period_id: str = ids.OVERVIEW_PERIOD,
             range_id: str = ids.OVERVIEW_RANGE, range_box_id: str = ids.OVERVIEW_RANGE_BOX) -> dbc.Row:
    """As-of day, period and (for a custom period) the range: shared by the overview and unit pages."""
    display_format = "DD/MM/YYYY" if current_language() == "vi" else "MMM D, YYYY"
    return dbc.Row([
        dbc.Col([dbc.Label(_("As of"), html_for=as_of_id),
                 slot(dcc.DatePickerSingle(id=as_of_id, date=today.isoformat(),
                                           max_date_allowed=today.isoformat(), placeholder=_("As of"),
                                           display_format=display_format, first_day_of_week=1), "date-slot")],
                width="auto"),
        dbc.Col([dbc.Label(_("Period"), html_for=period_id),
                 dbc.RadioItems(id=period_id, options=period_options(), value="week",
                                inline=True, className="choice-row")], width="auto"),
        dbc.Col(html.Div([dbc.Label(_("From – to"), html_for=range_id),
                          slot(dcc.DatePickerRange(id=range_id, max_date_allowed=today.isoformat(),
                                                   number_of_months_shown=1,
                                                   **range_words(_("First day"), _("Last day")),
                                                   display_format=display_format, first_day_of_week=1), "range-slot")],
                         id=range_box_id, hidden=True), width="auto"),
    ], className="g-3 align-items-end mb-3 period-controls")


def page(**_kwargs) -> html.Main:
    today = clock.today()
    return html.Main([
        html.H1(_("District overview"), className="h3"),
        controls(today),
        html.Div(id=ids.OVERVIEW_MESSAGE, role="status"),
        html.Div([  # the figures: hidden with a message when the period cannot be shown
            dcc.Loading(html.Div(id=ids.OVERVIEW_HEADLINE, className="row row-cols-2 row-cols-md-4 "
                                 "row-cols-xl-5 g-3 mb-4"), type="default"),
            html.Section([
                html.Div([html.H2(_("Unit ranking"), className="h5 mb-0"),
                          html.Div([
                              dbc.Button([html.I(className="bi bi-filetype-csv", **{"aria-hidden": "true"}),
                                          " CSV"], id=ids.OVERVIEW_EXPORT_CSV, size="sm",
                                         color="secondary", outline=True, className="me-2"),
                              dbc.Button([html.I(className="bi bi-file-earmark-excel", **{"aria-hidden": "true"}),
                                          " Excel"], id=ids.OVERVIEW_EXPORT_XLSX, size="sm",
                                         color="secondary", outline=True),
                              dcc.Download(id=ids.OVERVIEW_DOWNLOAD)])],
                         className="d-flex justify-content-between align-items-center mb-2"),
                html.P(id=ids.OVERVIEW_RANKING_NOTE, className="text-muted small"),
                ranking_box(),
                dcc.Store(id=ids.OVERVIEW_RANKING_SOURCE),
            ], className="mb-4"),
            dbc.Row([
                dbc.Col([dropdown(id=ids.OVERVIEW_WEEKLY_UNIT, placeholder=_("All units"),
                                      clearable=True, className="mb-2"),
                         dcc.Loading(chart(ids.OVERVIEW_WEEKLY_GRAPH, "360px"))], lg=6),
                dbc.Col([dcc.Loading(chart(ids.OVERVIEW_DAILY_GRAPH, "360px")),
                         html.Div(id=ids.OVERVIEW_SILENT)], lg=6),
            ], className="mb-4"),
            dbc.Row([
                dbc.Col([html.H2(_("Overdue tasks"), className="h5"), deferred(ids.OVERVIEW_OVERDUE)], lg=7),
                dbc.Col([html.H2(_("Awaiting direction"), className="h5"), deferred(ids.OVERVIEW_AWAITING),
                         html.H2(_("Citizen satisfaction"), className="h5 mt-4"),
                         html.Div(id=ids.OVERVIEW_SATISFACTION)], lg=5),
            ]),
        ], id=ids.OVERVIEW_BODY, hidden=True),  # shown with the first answer: nothing jumps
    ])


def ranking_columns() -> list[tuple[str | None, str, str, str]]:
    """(group, field, header, what it counts) of each ranking column, shared by the table and
    the exports: the on-time rate counts tasks *due* in the period, the "finished" columns
    tasks *finished* in it, and the last three the state at the period's end."""
    due, finished, at_end = _("Tasks due in the period"), _("Finished in the period"), _("At the period's end")
    return [
        (None, "rank", _("Rank"), _("1 = the highest on-time rate; “—”: no task was due, so not ranked")),
        (None, "unit", _("Unit"), ""),
        (None, "severity", _("Status"), _("Red: many or long-overdue tasks; amber: some overdue; green: none")),
        (due, "due", _("Tasks due"), _("Tasks whose deadline fell in the period")),
        (due, "due_on_time", _("Of which on time"), _("Of the tasks due in the period, those done by their deadline")),
        (due, "on_time_rate", _("On-time rate"), _("Of which on time ÷ due")),
        (finished, "done_on_time", _("Finished on time"), _("Tasks finished in the period by their deadline")),
        (finished, "done_late", _("Finished late"), _("Tasks finished in the period after their deadline")),
        (at_end, "within_deadline", _("Open, within deadline"), ""),
        (at_end, "overdue", _("Overdue"), ""),
        (at_end, "max_days_overdue", _("Most days overdue"), ""),
        (None, "last_update", _("Last update"), ""),
        (None, "satisfaction", _("Satisfaction"), _("Citizens satisfied in the period (number of ratings)")),
        (_("Citizens' recommendations"), "rec_on_time_rate", _("Answered on time"),
         _("Of the recommendations due for an answer in the period, those answered by their deadline")),
        (_("Citizens' recommendations"), "rec_overdue", _("Waiting past the deadline"),
         _("Recommendations not answered by their deadline, at the period's end")),
    ]


SORTABLE = {"rank", "unit", "severity", "due", "due_on_time", "on_time_rate", "done_on_time", "done_late",
            "within_deadline", "overdue", "max_days_overdue", "satisfaction", "rec_on_time_rate", "rec_overdue"}
RATE_COLUMNS = ("on_time_rate", "rec_on_time_rate")  # percentages, kept as numbers 0-100
FIRST_DIRECTION = {field: "desc" for field in SORTABLE - {"rank", "unit", "severity"}}  # counts: the most first


def ranking_box() -> html.Div:
    """The ranking: a search, a plain table the server draws a page at a time (a province's 500
    units never travel at once) and a pager."""
    return html.Div([
        dcc.Store(id=ids.OVERVIEW_RANKING_REQUEST, data=tables.first_request()),
        dcc.Store(id=ids.OVERVIEW_RANKING_SHOWN, data=tables.first_request()),
        dbc.Label(_("Find a unit"), html_for=ids.OVERVIEW_RANKING_SEARCH, className="visually-hidden"),
        dbc.Input(id=ids.OVERVIEW_RANKING_SEARCH, type="search", debounce=TYPING_PAUSE_MS,
                  className="mb-2 ranking-search", placeholder=_("Find a unit (diacritics optional)")),
        deferred(ids.OVERVIEW_RANKING, className="table-responsive ranking-table", tabIndex="0", role="region",
             **{"aria-label": _("Unit ranking")}),
        tables.pager(ids.OVERVIEW_RANKING_PREVIOUS, ids.OVERVIEW_RANKING_NEXT, ids.OVERVIEW_RANKING_COUNT,
                     _("Unit ranking")),
    ])


def search_filter(search: str) -> dict:
    """The ranking's filter for what is typed in its search (none for nothing)."""
    words = search.strip()
    return {"unit": {"filterType": "text", "type": "contains", "filter": words}} if words else {}


def _cell(field: str, row: dict) -> e.Element:
    """A cell of the ranking, as sent (layouts/elements.py): a page draws 300."""
    value = row[field]
    if field == "unit":
        return e.Td(e.A(value, href=paths.unit(row["code"])), className="col-unit")
    if field == "severity":
        return e.Td(value, className=f"col-severity grid-severity-{row['level']}")
    if field in RATE_COLUMNS:
        return e.Td("—" if value is None else show_percent(value / 100), className=f"col-{field} num")
    if field in ("last_update", "satisfaction"):
        return e.Td(value, className=f"col-{field}")
    return e.Td(show_number(value), className=f"col-{field} num")  # "—" for an unranked unit


def ranking_table(rows: list[dict], request: dict) -> html.Table:
    """One page of the ranking as a table: grouped headers say what each column counts; a click
    on a header sorts by it (on the server)."""
    columns = ranking_columns()
    sort = tables.sort_of(request)
    top, below = [], []
    for index, (group, field, header, tip) in enumerate(columns):
        cell = tables.header("ranking", field, header, sort, field in SORTABLE, tip, **(
            {"rowSpan": 2} if group is None else {}))
        if group is None:
            top.append(cell)
        else:
            below.append(cell)
            if index == 0 or columns[index - 1][0] != group:
                span = sum(1 for column in columns if column[0] == group)
                top.append(html.Th(group, colSpan=span, scope="colgroup", className="col-group"))
    body = [e.Tr([_cell(field, row) for _group, field, _header_, _tip in columns]) for row in rows]
    if not rows:
        body = [html.Tr(html.Td(_("No unit matches."), colSpan=len(columns)))]
    return html.Table([html.Caption(_("Unit ranking"), className="visually-hidden"),
                       html.Thead([html.Tr(top), html.Tr(below)]), html.Tbody(body)],
                      className="table table-sm table-hover align-middle mb-0")


def ranking_count(first: int, shown: int, total: int) -> str:
    return tables.page_text(first, shown, total, _("Units %(first)s–%(last)s of %(total)s"))


def versus_text(window: Window) -> str:
    """What the changes are measured against, as a leader says it."""
    kind, to_date, days = window.kind, window.to_date, window.period.days
    if kind is PeriodKind.DAY:
        return _("vs the day before")
    if kind is PeriodKind.WEEK:
        return _("vs the same days last week") if to_date else _("vs last week")
    if kind is PeriodKind.MONTH:
        return _("vs the same days last month") if to_date else _("vs last month")
    if to_date:
        return ngettext("vs the same days of the %(num)d day before",
                        "vs the same days of the %(num)d days before", days)
    return ngettext("vs the %(num)d day before", "vs the %(num)d days before", days)


def period_caption(window: Window) -> str:
    """The period shown (saying "to date" while it runs) and the one it is compared with."""
    shown, previous = window.shown, window.previous
    span = (show_date(shown.start) if shown.days == 1
            else f"{show_date(shown.start)} – {show_date(shown.end)}")
    before = (show_date(previous.start) if previous.days == 1
              else f"{show_date(previous.start)} – {show_date(previous.end)}")
    if window.to_date:
        return _("%(span)s, to date; changes %(versus)s (%(before)s).", span=span,
                 versus=versus_text(window), before=before)
    return _("%(span)s; changes %(versus)s (%(before)s).", span=span, versus=versus_text(window),
             before=before)


def change_text(change: Change, versus: str, percent: bool = False) -> str | None:
    delta = change.delta
    if delta is None:
        return None
    if percent:
        points = round(100 * delta, 1)
        sign = "+" if points > 0 else ""
        return _("%(delta)s points %(versus)s", delta=f"{sign}{show_number(points)}", versus=versus)
    sign = "+" if delta > 0 else ""
    return _("%(delta)s %(versus)s", delta=f"{sign}{show_number(delta)}", versus=versus)


def headline(figures: Headline, window: Window, one_unit: bool = False) -> list:
    """The headline cards; a unit's own page has no "silent units" card (a count of one unit)."""
    versus = versus_text(window)
    satisfaction_hint = _("n = %(n)s", n=show_number(figures.ratings.value or 0))
    if not figures.satisfaction_enough:
        satisfaction_hint = _("not enough ratings (n = %(n)s)", n=show_number(figures.ratings.value or 0))
    return [
        html.P(period_caption(window), className="col-12 period-caption mb-1"),
        kpi_card(_("Open tasks"), show_number(figures.open.value), change_text(figures.open, versus),
                 "tone-within", "bi-hourglass-split"),
        kpi_card(_("Overdue"), show_number(figures.overdue.value), change_text(figures.overdue, versus),
                 "tone-overdue", "bi-exclamation-triangle-fill"),
        kpi_card(_("Due in 3 days"), show_number(figures.due_soon.value),
                 change_text(figures.due_soon, versus), "tone-neutral", "bi-calendar-event"),
        kpi_card(_("Done on time"), show_number(figures.done_on_time.value),
                 change_text(figures.done_on_time, versus), "tone-done", "bi-check-circle-fill",
                 _("of which after extension: %(n)s", n=show_number(figures.done_after_extension.value))),
        kpi_card(_("Done late"), show_number(figures.done_late.value),
                 change_text(figures.done_late, versus), "tone-late", "bi-clock-history"),
        kpi_card(_("On-time rate"), show_percent(figures.on_time_rate.value),
                 change_text(figures.on_time_rate, versus, percent=True), "tone-done", "bi-speedometer2"),
        None if one_unit else kpi_card(_("Silent units"), show_number(figures.silent_units.value),
                                       change_text(figures.silent_units, versus), "tone-neutral", "bi-bell-slash"),
        kpi_card(_("Citizen satisfaction"), show_percent(figures.satisfaction_rate.value),
                 change_text(figures.satisfaction_rate, versus, percent=True), "tone-done",
                 "bi-emoji-smile", satisfaction_hint),
        kpi_card(_("Recommendations answered on time"), show_percent(figures.recommendations_on_time.value),
                 change_text(figures.recommendations_on_time, versus, percent=True), "tone-done",
                 "bi-chat-square-text", _("of %(n)s due in the period", n=show_number(figures.recommendations_due))),
        kpi_card(_("Recommendations overdue"), show_number(figures.recommendations_overdue.value),
                 change_text(figures.recommendations_overdue, versus), "tone-overdue", "bi-chat-square-dots",
                 _("citizens waiting past the deadline")),
    ]


def _percent_number(rate: float | None) -> float | None:
    return None if rate is None else round(100 * rate, 1)


def ranking_rows(rows: list[RankingRow]) -> list[dict]:
    """Grid rows as the server sorts and filters them: numbers stay numbers; the texts only
    a shown row needs (its last update, its satisfaction) are written by ``sent_rows``."""
    severity_words = {level: severity_label(level) for level in Severity}
    data = []
    for row in rows:
        satisfaction = row.satisfaction
        rate = row.on_time.rate
        data.append({
            "code": row.code, "rank": row.rank, "unit": row.name, "level": row.severity.value,
            "severity": severity_words[row.severity], "due": row.on_time.due, "due_on_time": row.on_time.on_time,
            "done_on_time": row.done_on_time,
            "done_late": row.done_late, "within_deadline": row.within_deadline,
            "overdue": row.overdue, "max_days_overdue": row.max_days_overdue,
            "on_time_rate": _percent_number(rate),
            "last_update_at": row.last_update_at, "ratings": satisfaction.n,
            "satisfaction_rate": satisfaction.rate if satisfaction.enough else None,
            "satisfaction_sort": satisfaction.lower_bound if satisfaction.enough else None,
            "rec_on_time_rate": _percent_number(row.recommendations.on_time_rate),
            "rec_overdue": row.recommendations.overdue,
        })
    return data


SEVERITY_ORDER = {level.value: index for index, level in enumerate((Severity.RED, Severity.AMBER, Severity.GREEN))}
RANKING_NUMBERS = ("rank", "due", "due_on_time", "on_time_rate", "done_on_time", "done_late", "within_deadline",
                   "overdue", "max_days_overdue", "rec_on_time_rate", "rec_overdue")
# How the server sorts each sortable column (the grid's column ids), and which it filters.
RANKING_SORTS = {
    **{field: (lambda row, field=field: row[field]) for field in RANKING_NUMBERS},
    "unit": lambda row: name_order(row["unit"]),
    "severity": lambda row: SEVERITY_ORDER[row["level"]],
    "satisfaction": lambda row: row["satisfaction_sort"],
}
RANKING_FILTERS = {"unit", "severity", *RANKING_NUMBERS}
SERVER_ONLY = ("last_update_at", "ratings", "satisfaction_rate", "satisfaction_sort")


def sent_rows(rows: list[dict]) -> list[dict]:
    """Ranking rows as the browser (and an export) shows them: words translated once."""
    enough_text = _("%(rate)s (n = %(n)s)")
    too_few_text = _("not enough ratings (n = %(n)s)")
    sent = []
    for row in rows:
        shown = {key: value for key, value in row.items() if key not in SERVER_ONLY}
        shown["last_update"] = show_datetime(row["last_update_at"])
        shown["satisfaction"] = too_few_text % {"n": show_number(row["ratings"])} \
            if row["satisfaction_rate"] is None else \
            enough_text % {"rate": show_percent(row["satisfaction_rate"]), "n": show_number(row["ratings"])}
        sent.append(shown)
    return sent


def export_caption(window: Window) -> str:
    """The first line of an exported ranking: what it is and which days it covers."""
    shown = window.shown
    span = show_date(shown.start) if shown.days == 1 else f"{show_date(shown.start)} – {show_date(shown.end)}"
    if window.to_date:
        return _("Unit ranking, %(span)s (to date)", span=span)
    return _("Unit ranking, %(span)s", span=span)


def ranking_note(shown_start: date, shown_end: date, unranked: int) -> str:
    if shown_start == shown_end:
        text = _("Ranked 1, 2, 3 … by the on-time rate of the tasks due on %(day)s, then fewest overdue, then "
                 "citizen satisfaction. Red and amber mark units with overdue tasks: click “Status” to put "
                 "them first.", day=show_date(shown_start))
    else:
        text = _("Ranked 1, 2, 3 … by the on-time rate of the tasks due from %(start)s to %(end)s, then "
                 "fewest overdue, then citizen satisfaction. Red and amber mark units with overdue tasks: "
                 "click “Status” to put them first.", start=show_date(shown_start), end=show_date(shown_end))
    if unranked:
        text += " " + ngettext("%(num)s unit with no task due in the period is listed last, with “—”.",
                               "%(num)s units with no task due in the period are listed last, with “—”.",
                               unranked)
    return text


def overdue_list(tasks: list[OverdueTask], total: int) -> html.Div:
    if not tasks:
        return dbc.Alert([html.I(className="bi bi-check-circle-fill", **{"aria-hidden": "true"}), " ",
                          _("No task is overdue.")], color="success")
    words = extension_words()  # translated once, not per row (up to 200 rows)
    rows = [e.Tr([  # as sent (layouts/elements.py)
        e.Td(e.A(task.title, href=paths.task(task.task_id))),
        e.Td(e.A(task.unit_name, href=paths.unit(task.unit_code))),
        e.Td(show_date(task.due)),
        e.Td(words["days"] % {"n": show_number(task.days_overdue)}, className="text-end fw-bold"),
        e.Td(extension_text(task, words),
             className=None if task.extensions_approved or task.extensions_pending else "no-extension"),
    ]) for task in tasks]
    table = dbc.Table([html.Thead(html.Tr([html.Th(_("Task")), html.Th(_("Unit")), html.Th(_("Due")),
                                           html.Th(_("Overdue by"), className="text-end"),
                                           html.Th(_("Extensions"))])),
                       html.Tbody(rows)], size="sm", hover=True, responsive=True,
                      className="overdue-table")
    more = [] if total <= len(tasks) else [html.P(
        _("Showing the %(shown)s oldest of %(total)s overdue tasks.", shown=show_number(len(tasks)),
          total=show_number(total)), className="text-muted small")]
    return html.Div([table, *more])


def extension_words() -> dict[str, str]:
    return {"days": _("%(n)s days"), "approved": _("%(n)s approved"), "waiting": _("%(n)s waiting")}


def extension_text(task: OverdueTask, words: dict[str, str] | None = None) -> str:
    words = words or extension_words()
    parts = []
    if task.extensions_approved:
        parts.append(words["approved"] % {"n": show_number(task.extensions_approved)})
    if task.extensions_pending:
        parts.append(words["waiting"] % {"n": show_number(task.extensions_pending)})
    return ", ".join(parts) or "—"


def awaiting_list(requests: list[PendingExtension], difficulties=(), past_day: date | None = None) -> html.Div:
    """What waits for a leader now, or (``past_day``) what waited at the end of that day."""
    if not requests and not difficulties:
        if past_day:
            return html.P(_("Nothing was waiting for a decision at the end of %(day)s.",
                            day=show_date(past_day)), className="text-muted")
        return html.P(_("Nothing is waiting for a decision."), className="text-muted")
    flagged = [html.Li([
        html.Span([html.I(className="bi bi-exclamation-diamond-fill text-warning",
                          **{"aria-hidden": "true"}), " ", _("Difficulty")], className="fw-bold"), " · ",
        html.A(item.title, href=paths.task(item.task_id)), html.Br(),
        html.Small(f"{item.unit_name} · {show_datetime(item.at)}: ", className="text-muted"),
        html.Small(item.text),
    ], className="mb-2") for item in difficulties]
    more = [html.Li(_("The oldest %(n)s are shown; the others wait in the task register.",
                      n=show_number(AWAITING_SHOWN)), className="text-muted small")] \
        if len(requests) > AWAITING_SHOWN or len(difficulties) > AWAITING_SHOWN else []
    when = [html.Li(_("As it stood at the end of %(day)s.", day=show_date(past_day)),
                    className="text-muted small")] if past_day else []
    return html.Ul(when + flagged[:AWAITING_SHOWN] + [html.Li([
        html.A(request.title, href=paths.task(request.task_id)), html.Br(),
        html.Small(_("%(unit)s asks to move %(old)s → %(new)s, since %(since)s",
                     unit=request.unit_name, old=show_date(request.old_due),
                     new=show_date(request.new_due), since=show_datetime(request.requested_at)),
                   className="text-muted"),
    ], className="mb-2") for request in requests[:AWAITING_SHOWN]] + more, className="list-unstyled awaiting-list")


SILENT_SHOWN = 40
AWAITING_SHOWN = 20


def silent_list(names: list[tuple[str, str]], day: date) -> html.Div:
    if not names:
        return html.P(_("Every unit with open tasks reported on %(day)s.", day=show_date(day)),
                      className="text-muted small")
    shown = names[:SILENT_SHOWN]  # a province may have hundreds: the first ones, then a count
    more = len(names) - len(shown)
    return html.Div([
        html.Strong(_("Silent on %(day)s (no update by the cut-off):", day=show_date(day))), " ",
        *[item for code, name in shown for item in (html.A(name, href=paths.unit(code)), " · ")][:-1],
        f" · {_('and %(n)s more units', n=show_number(more))}" if more > 0 else None,
    ], className="small silent-list")


def satisfaction_summary(rate_text: str, count: int, enough: bool, interval: str | None) -> html.Div:
    if not count:
        return html.P(_("No ratings in this period."), className="text-muted")
    lines = [html.Div(rate_text, className="display-6")]
    if not enough:
        lines.append(html.P(_("Not enough ratings to judge (n = %(n)s).", n=show_number(count)),
                            className="text-muted"))
    elif interval:
        lines.append(html.P(_("95%% interval %(interval)s, n = %(n)s", interval=interval,
                              n=show_number(count)), className="text-muted"))
    return html.Div(lines)


def error_message(reason: str) -> dbc.Alert:
    return dbc.Alert(period_problem(reason), color="warning")


def period_problem(reason: str) -> str:
    """Why the period asked for gives no figures (``PeriodError``'s reason), in words."""
    texts = {
        "future": _("That day is in the future: figures exist up to today."),
        "range": _("Choose both the first and the last day of the range."),
        "order": _("The range ends before it starts."),
        "too_long": _("A custom range can cover at most one year."),
        "kind": _("Unknown period."),
        "date": _("The date could not be read. Use the calendar to pick a day."),
    }
    return texts.get(reason, texts["date"])
