"""The overview's callbacks: parse the controls, check the role, read rollups, assemble, build."""
from __future__ import annotations

from datetime import date, timedelta

from dash import Dash, Input, Output, State, ctx, dcc, no_update
from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from dashboard import answer_cache, clock, exports
from dashboard.access import require_role
from dashboard.domain import overview as logic
from dashboard.domain import rules
from dashboard.domain.periods import Period
from dashboard.domain.satisfaction import Satisfaction
from dashboard.domain.units import SeverityThresholds
from dashboard.extensions import database
from dashboard.cache import data_version
from dashboard.cache import key as cache_key_of
from dashboard.i18n import current_language, show_percent
from db import details
from db import overview as queries
from db import rollups
from layouts import figures, ids
from layouts import overview as view

OVERVIEW_ROLES = ("leader", "viewer", "admin")
OVERVIEW_OUTPUTS = [
    (ids.OVERVIEW_MESSAGE, "children"), (ids.OVERVIEW_HEADLINE, "children"),
    (ids.OVERVIEW_RANKING, "rowData"), (ids.OVERVIEW_RANKING_NOTE, "children"),
    (ids.OVERVIEW_DAILY_GRAPH, "figure"), (ids.OVERVIEW_SILENT, "children"),
    (ids.OVERVIEW_OVERDUE, "children"), (ids.OVERVIEW_AWAITING, "children"),
    (ids.OVERVIEW_SATISFACTION, "children"), (ids.OVERVIEW_WEEKLY_UNIT, "options"),
]


def register(app: Dash) -> None:
    app.callback(Output(ids.OVERVIEW_RANGE_BOX, "hidden"), Input(ids.OVERVIEW_PERIOD, "value"))(
        show_range)
    app.callback(*[Output(*output) for output in OVERVIEW_OUTPUTS],
                 Input(ids.OVERVIEW_AS_OF, "date"), Input(ids.OVERVIEW_PERIOD, "value"),
                 Input(ids.OVERVIEW_RANGE, "start_date"), Input(ids.OVERVIEW_RANGE, "end_date"),
                 )(overview_data)
    answer_cache.serve(answer_cache.multi_output(*OVERVIEW_OUTPUTS), overview_answer_key)
    app.callback(Output(ids.OVERVIEW_WEEKLY_GRAPH, "figure"),
                 Input(ids.OVERVIEW_AS_OF, "date"), Input(ids.OVERVIEW_WEEKLY_UNIT, "value"))(weekly_graph)
    answer_cache.serve(f"{ids.OVERVIEW_WEEKLY_GRAPH}.figure", weekly_answer_key)
    app.callback(Output(ids.OVERVIEW_DOWNLOAD, "data"), Input(ids.OVERVIEW_EXPORT_CSV, "n_clicks"),
                 Input(ids.OVERVIEW_EXPORT_XLSX, "n_clicks"),
                 State(ids.OVERVIEW_AS_OF, "date"), State(ids.OVERVIEW_PERIOD, "value"),
                 State(ids.OVERVIEW_RANGE, "start_date"), State(ids.OVERVIEW_RANGE, "end_date"),
                 prevent_initial_call=True)(export_ranking)
    app.callback(Output(ids.NAVIGATE, "href"), Input(ids.OVERVIEW_RANKING, "cellClicked"),
                 State(ids.OVERVIEW_RANKING, "rowData"), prevent_initial_call=True)(open_unit)


def show_range(kind):
    return kind != "custom"


def parse_day(text: str | None) -> date | None:
    """A day from the date picker; ``None`` when absent. Raises PeriodError when unreadable."""
    if not text:
        return None
    errors: dict[str, str] = {}
    day = rules.parse_day(text, "date", errors)  # unreadable, or outside the years shown
    if errors:
        raise logic.PeriodError("date")
    return day


def window_of(as_of, kind, start, end) -> logic.Window:
    today = clock.today()
    return logic.resolve_window(kind or "week", parse_day(as_of) or today, today,
                                parse_day(start), parse_day(end))


def thresholds() -> SeverityThresholds:
    """The configured severity thresholds (shared by every page that colours units)."""
    return SeverityThresholds(current_app.config["SEVERITY_RED_OVERDUE_COUNT"],
                              current_app.config["SEVERITY_RED_DAYS_OVERDUE"])


def gather(session, window: logic.Window, unit_ids=None) -> dict:
    """Every rollup read the overview needs for one window (and its previous period)."""
    today, tz = clock.today(), clock.local_zone()
    shown, previous = window.shown, window.previous
    ends = sorted({shown.end, previous.end})
    chart_days = [shown.end - timedelta(days=n) for n in range(13, -1, -1)]
    states = queries.states_on(session, ends, today, tz, unit_ids)
    return {
        "units": queries.units(session, unit_ids),
        "events": queries.events_by_unit(session, shown, unit_ids),
        "previous_events": queries.events_by_unit(session, previous, unit_ids),
        "states": states,
        "reporters": queries.reporters(session, {day: clock.cutoff_moment(day) for day in ends}, unit_ids),
        "on_time": queries.on_time_by_unit(session, shown, today, unit_ids),
        "previous_on_time": queries.on_time_by_unit(session, previous, today, unit_ids),
        "ratings": queries.ratings_by_unit(session, shown, unit_ids),
        "previous_ratings": queries.ratings_by_unit(session, previous, unit_ids),
        "daily": queries.events_by_day(session, Period(chart_days[0], chart_days[-1]), unit_ids),
        "chart_days": chart_days,
        "silent_by_day": silent_by_day(session, chart_days, today, tz, unit_ids, states.get(today)),
        "last_updates": queries.last_updates(session, shown.end, unit_ids),
    }


def silent_by_day(session, days: list[date], today: date, tz, unit_ids=None,
                  open_now: dict | None = None) -> dict[date, int]:
    """Silent units per day: counted in SQL for closed days, from live open work today."""
    closed = [day for day in days if day < today]
    kept = queries.snapshotted(session, closed)
    counts = queries.silent_counts(session, {day: clock.cutoff_moment(day) for day in kept}, unit_ids)
    missing = [day for day in closed if day not in kept]  # not closed yet: read from the spans
    reported = queries.reporters(session, {day: clock.cutoff_moment(day) for day in missing}, unit_ids)
    for day in missing:
        open_then = rollups.states_from_spans(session, day, unit_ids)
        counts[day] = sum(1 for unit, state in open_then.items() if state.open and unit not in reported[day])
    if today in days:
        if open_now is None:
            open_now = queries.open_states_today(session, today, unit_ids)
        reported = queries.reporters(session, {today: clock.cutoff_moment(today)}, unit_ids)[today]
        counts[today] = sum(1 for unit, state in open_now.items() if state.open and unit not in reported)
    return counts


def silent_on(data: dict, day: date) -> list[int]:
    """Units with open work at the end of ``day`` and no update by its cut-off."""
    reported = data["reporters"].get(day, set())
    return logic.silent_units(data["states"].get(day, {}), reported)


def headline(data: dict, window: logic.Window) -> logic.Headline:
    now, before = data["states"][window.shown.end], data["states"][window.previous.end]
    now_total, before_total = logic.total_states(now), logic.total_states(before)
    events, previous = logic.total_events(data["events"]), logic.total_events(data["previous_events"])
    min_sample = current_app.config["MIN_SAMPLE"]
    satisfaction = logic.satisfaction_total(data["ratings"], min_sample)
    previous_satisfaction = logic.satisfaction_total(data["previous_ratings"], min_sample)
    return logic.Headline(
        open=logic.Change(now_total.open, before_total.open),
        overdue=logic.Change(now_total.overdue, before_total.overdue),
        due_soon=logic.Change(now_total.due_soon, before_total.due_soon),
        done_on_time=logic.Change(events.done_on_time, previous.done_on_time),
        done_late=logic.Change(events.done_late, previous.done_late),
        done_after_extension=logic.Change(events.done_after_extension, previous.done_after_extension),
        on_time_rate=logic.Change(logic.rate_of(data["on_time"]).rate,
                                  logic.rate_of(data["previous_on_time"]).rate),
        silent_units=logic.Change(len(silent_on(data, window.shown.end)),
                                  len(silent_on(data, window.previous.end))),
        satisfaction_rate=logic.Change(satisfaction.rate, previous_satisfaction.rate),
        ratings=logic.Change(satisfaction.n, previous_satisfaction.n),
        satisfaction_enough=satisfaction.enough,
    )


def ranking(data: dict, window: logic.Window) -> list[logic.RankingRow]:
    return logic.ranking(data["units"], data["events"], data["states"][window.shown.end],
                         data["on_time"], data["ratings"], data["last_updates"], thresholds(),
                         current_app.config["MIN_SAMPLE"])


def daily_figure(data: dict, window: logic.Window) -> dict:
    days, daily = data["chart_days"], data["daily"]
    empty = logic.DayEvents()
    return figures.daily_activity(days, [daily.get(d, empty).updates for d in days],
                                  [daily.get(d, empty).progress_points for d in days],
                                  [data["silent_by_day"].get(d, 0) for d in days])


def satisfaction_block(data: dict):
    total: Satisfaction = logic.satisfaction_total(data["ratings"], current_app.config["MIN_SAMPLE"])
    interval = None
    if total.interval:
        low, high = total.interval
        interval = f"{show_percent(low)} – {show_percent(high)}"
    return view.satisfaction_summary(show_percent(total.rate), total.n, total.enough, interval)


@require_role(*OVERVIEW_ROLES)
def overview_data(as_of, kind, start, end):
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError as error:
        return (view.error_message(str(error)),) + (no_update,) * 9
    with database().session() as session:  # reads only: closed days come from snapshots or spans
        return build_overview(session, window)


def _allowed() -> bool:
    return current_user.is_authenticated and current_user.role in OVERVIEW_ROLES


def overview_answer_key(as_of=None, kind=None, start=None, end=None, *_extra) -> str | None:
    """The overview's answer is the same for everyone allowed to see it, in one language."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return None
    if not _allowed():
        return None
    with database().session() as session:
        return figures_key("overview", window, session)


def weekly_answer_key(as_of=None, unit_code=None, *_extra) -> str | None:
    try:
        day = min(parse_day(as_of) or clock.today(), clock.today())
    except logic.PeriodError:
        return None
    if not _allowed() or not (unit_code is None or isinstance(unit_code, str)):
        return None
    with database().session() as session:
        return figures_key("weekly", logic.Window(Period(day, day), Period(day, day), Period(day, day), day),
                           session, unit_code)


def figures_key(name: str, window: logic.Window, session, *extra) -> str:
    """Closed windows change only by moderation or a unit's change (their version is in every
    key); a window that includes today changes with every write, at midnight and at the daily
    cut-off."""
    parts = [name, current_language(), window.kind, window.period.end, window.shown.start,
             window.shown.end, window.previous.start, window.previous.end,
             queries.closed_figures_version(session), *extra]
    today = clock.today()
    if window.shown.end >= today:
        parts += [today, clock.now() >= clock.cutoff_moment(today), data_version(session)]
    return cache_key_of(*parts)


def build_overview(session, window: logic.Window) -> tuple:
    today, tz = clock.today(), clock.local_zone()
    data = gather(session, window)
    overdue, total = queries.overdue_tasks(session, window.shown.end, today, tz, limit=20)
    live = window.shown.end >= today
    awaiting = queries.pending_extensions(session) if live else []
    difficulties = details.open_difficulties(session) if live else []
    rows = logic.red_first(ranking(data, window))
    names = {unit.id: (unit.code, unit.name) for unit in data["units"]}
    silent = [names[u] for u in silent_on(data, window.shown.end) if u in names]
    unit_options = [{"label": unit.name, "value": unit.code} for unit in data["units"]]
    return (None, view.headline(headline(data, window), window), view.ranking_rows(rows),
            view.ranking_note(window.shown.start, window.shown.end,
                              sum(1 for row in rows if row.rank is None)),
            daily_figure(data, window), view.silent_list(silent, window.shown.end),
            view.overdue_list(overdue, total), view.awaiting_list(awaiting, difficulties), satisfaction_block(data),
            unit_options)


def weekly_totals(session, as_of: date, unit_ids=None, count: int = 12) -> list[tuple]:
    """(week start, done on time, done late, overdue at the week's end) for ``count`` weeks."""
    today, tz = clock.today(), clock.local_zone()
    weeks = logic.weeks_ending(as_of, count)
    per_day = queries.events_by_day(session, Period(weeks[0].start, weeks[-1].end), unit_ids)
    totals = logic.fold_by_week(per_day, weeks)
    states = queries.states_on(session, [week.end for week in weeks], today, tz, unit_ids)
    return [(week.start, total.done_on_time, total.done_late,
             logic.total_states(states[week.end]).overdue) for week, total in zip(weeks, totals)]


def weekly_series(session, as_of: date, unit_ids=None) -> dict:
    starts, on_time, late, overdue = zip(*weekly_totals(session, as_of, unit_ids))
    return figures.weekly_progress(list(starts), list(on_time), list(late), list(overdue))


@require_role(*OVERVIEW_ROLES)
def weekly_graph(as_of, unit_code):
    try:
        day = min(parse_day(as_of) or clock.today(), clock.today())
    except logic.PeriodError:
        return no_update
    with database().session() as session:
        unit_ids = None
        if unit_code:
            unit = next((u for u in queries.units(session) if u.code == unit_code), None)
            if unit is None:
                return no_update
            unit_ids = [unit.id]
        return weekly_series(session, day, unit_ids)


@require_role(*OVERVIEW_ROLES)
def export_ranking(_csv_clicks, _xlsx_clicks, as_of, kind, start, end):
    """The ranking as shown, as CSV or Excel (built on the server, safe to open)."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return no_update
    with database().session() as session:
        rows = view.ranking_rows(logic.red_first(ranking(gather(session, window), window)))
    headers = [("rank", _("Rank")), ("unit", _("Unit")), ("severity", _("Status")),
               ("done_on_time", _("Done on time")), ("done_late", _("Done late")),
               ("within_deadline", _("Within deadline")), ("overdue", _("Overdue")),
               ("max_days_overdue", _("Most days overdue")), ("on_time_rate", _("On-time rate")),
               ("last_update", _("Last update")), ("satisfaction", _("Satisfaction"))]
    labels = [label for _key, label in headers]
    table = [[row[key] for key, _label in headers] for row in rows]
    stem = _("unit-ranking")  # the file's name, in the reader's language
    name = f"{stem}-{window.shown.start}-{window.shown.end}"
    if ctx.triggered_id == ids.OVERVIEW_EXPORT_CSV:
        return dict(content=exports.as_csv(labels, table), filename=f"{name}.csv",
                    type="text/csv")
    return dcc.send_bytes(exports.as_xlsx(_("Unit ranking"), labels, table), f"{name}.xlsx")


@require_role(*OVERVIEW_ROLES)
def open_unit(cell, rows):
    if not cell or cell.get("colId") != "unit":
        return no_update
    index = cell.get("rowIndex")
    code = next((row["code"] for row in rows or [] if row.get("unit") == cell.get("value")), None)
    if code is None and isinstance(index, int) and 0 <= index < len(rows or []):
        code = rows[index]["code"]
    return f"/units/{code}" if code else no_update
