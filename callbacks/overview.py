"""The overview's callbacks: parse the controls, check the role, call the read service, build."""
from __future__ import annotations

import re
from datetime import date

from dash import ALL, Dash, Input, Output, State, ctx, dcc, no_update
from flask import abort
from flask_babel import gettext as _

from dashboard import answer_cache, clock, exports
from dashboard.access import allowed, require
from dashboard.cache import cache, computed_once
from dashboard.cache import key as cache_key_of
from dashboard.domain import grid_rows, rules
from dashboard.domain import overview as logic
from dashboard.domain.periods import Period
from dashboard.domain.policy import Action
from dashboard.domain.satisfaction import Satisfaction
from dashboard.domain.vietnamese import first_matching
from dashboard.extensions import database
from dashboard.i18n import current_language, show_percent
from dashboard.services import overview as services
from db import overview as overview_db
from db import task_reads
from db.displays import data_version
from layouts import figures, ids, tables
from layouts import overview as view
from layouts.components import deferred_of

from . import near_view
from .contract import pairs, unchanged
from .first_answers import FirstAnswer

OVERVIEW = dict(  # the overview's answer, by name
    message=Output(ids.OVERVIEW_MESSAGE, "children"), headline=Output(ids.OVERVIEW_HEADLINE, "children"),
    ranking_source=Output(ids.OVERVIEW_RANKING_SOURCE, "data"),
    ranking_note=Output(ids.OVERVIEW_RANKING_NOTE, "children"), daily=figures.chart_output(ids.OVERVIEW_DAILY_GRAPH),
    silent=Output(ids.OVERVIEW_SILENT, "children"), overdue=Output(deferred_of(ids.OVERVIEW_OVERDUE), "data"),
    awaiting=Output(deferred_of(ids.OVERVIEW_AWAITING), "data"),
    satisfaction=Output(ids.OVERVIEW_SATISFACTION, "children"),
    body_hidden=Output(ids.OVERVIEW_BODY, "hidden"),
)
WINDOW = dict(as_of=Input(ids.OVERVIEW_AS_OF, "date"), kind=Input(ids.OVERVIEW_PERIOD, "value"),
              start=Input(ids.OVERVIEW_RANGE, "start_date"), end=Input(ids.OVERVIEW_RANGE, "end_date"))
UNIT_OPTIONS_SHOWN = 60  # a whole district; a province's 500 units are found by typing

CONTROLS = (State(ids.OVERVIEW_AS_OF, "date"), State(ids.OVERVIEW_PERIOD, "value"),
            State(ids.OVERVIEW_RANGE, "start_date"), State(ids.OVERVIEW_RANGE, "end_date"))
RANKING_ASKS = dict(  # what changes the ranking's page: a column's sort button, the pager, the search
    sorts=Input({"type": ids.SORT_BUTTON, "table": "ranking", "column": ALL}, "n_clicks"),
    back=Input(ids.OVERVIEW_RANKING_PREVIOUS, "n_clicks"), forward=Input(ids.OVERVIEW_RANKING_NEXT, "n_clicks"),
    search=Input(ids.OVERVIEW_RANKING_SEARCH, "value"),
)
RANKING_PAGE = dict(  # one page of the ranking, drawn
    table=Output(deferred_of(ids.OVERVIEW_RANKING), "data"), count=Output(ids.OVERVIEW_RANKING_COUNT, "children"),
    previous_off=Output(ids.OVERVIEW_RANKING_PREVIOUS, "disabled"),
    next_off=Output(ids.OVERVIEW_RANKING_NEXT, "disabled"),
    shown=Output(ids.OVERVIEW_RANKING_SHOWN, "data"),  # the page shown: the next click starts from it
)


def register(app: Dash) -> None:
    app.callback(Output(ids.OVERVIEW_RANGE_BOX, "hidden"), Input(ids.OVERVIEW_PERIOD, "value"),
                 prevent_initial_call=True)(show_range)  # the page opens on a week: hidden
    for answer in FIRST_ANSWERS:
        answer.register(app)
    answer_cache.serve(answer_cache.multi_output(*pairs(OVERVIEW)), overview_answer_key)
    answer_cache.serve(f"{WEEKLY.component_id}.{WEEKLY.component_property}", weekly_answer_key)
    near_view.draw_when_near(app, figures.place_of(ids.OVERVIEW_WEEKLY_GRAPH),
                             figures.place_of(ids.OVERVIEW_DAILY_GRAPH), ids.OVERVIEW_RANKING,
                             ids.OVERVIEW_OVERDUE, ids.OVERVIEW_AWAITING)
    app.callback(Output(ids.OVERVIEW_DOWNLOAD, "data"), Input(ids.OVERVIEW_EXPORT_CSV, "n_clicks"),
                 Input(ids.OVERVIEW_EXPORT_XLSX, "n_clicks"), State(ids.OVERVIEW_RANKING_REQUEST, "data"),
                 *CONTROLS, prevent_initial_call=True)(export_ranking)
    app.callback(output=Output(ids.OVERVIEW_RANKING_REQUEST, "data"), inputs=RANKING_ASKS,
                 state=dict(request=State(ids.OVERVIEW_RANKING_SHOWN, "data")),
                 prevent_initial_call=True)(ranking_request)


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


def daily_figure(days: tuple[services.DayActivity, ...], with_silent: bool = True) -> dict:
    """The fortnight's activity; "silent units" only where there are several units."""
    return figures.daily_activity([d.day for d in days], [d.updates for d in days],
                                  [d.progress_points for d in days],
                                  [d.silent_units for d in days] if with_silent else None)


def satisfaction_block(total: Satisfaction):
    interval = None
    if total.interval:
        low, high = total.interval
        interval = f"{show_percent(low)} – {show_percent(high)}"
    return view.satisfaction_summary(show_percent(total.rate), total.n, total.enough, interval)


@require(Action.SEE_OVERVIEW)
def overview_data(as_of, kind, start, end):
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError as error:
        # The old figures would read as the answer: only the message stays.
        return unchanged(OVERVIEW) | {"message": view.error_message(str(error)), "body_hidden": True}
    with database().session() as session:  # reads only: closed days come from snapshots or spans
        return build_overview(session, window)


def overview_answer_key(as_of=None, kind=None, start=None, end=None, *_extra) -> str | None:
    """The overview's answer is the same for everyone allowed to see it, in one language."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return None
    if not allowed(Action.SEE_OVERVIEW):
        return None
    with database().session() as session:
        return figures_key("overview", window, session)


def weekly_answer_key(as_of=None, unit_code=None, *_extra) -> str | None:
    try:
        day = min(parse_day(as_of) or clock.today(), clock.today())
    except logic.PeriodError:
        return None
    if not allowed(Action.SEE_OVERVIEW) or not (unit_code is None or isinstance(unit_code, str)):
        return None
    with database().session() as session:
        return figures_key("weekly", logic.Window(Period(day, day), Period(day, day), Period(day, day), day),
                           session, unit_code)


def figures_key(name: str, window: logic.Window, session, *extra) -> str:
    """Closed windows change only by moderation or a unit's change (their version is in every
    key); a window that includes today changes with every write that can move a figure (a
    rating: from the next minute on, see ``db.displays.data_version``), at midnight and at the
    daily cut-off."""
    parts = [name, current_language(), window.kind, window.period.end, window.shown.start,
             window.shown.end, window.previous.start, window.previous.end,
             overview_db.closed_figures_version(session), *extra]
    today = clock.today()
    if window.shown.end >= today:
        now = clock.now()
        parts += [today, now >= clock.cutoff_moment(today), data_version(session, now)]
    return cache_key_of(*parts)


def ranking_key(session, window: logic.Window) -> str:
    """The key of the ranking's rows for ``window`` as the data stand now: the window's own
    prefix (``ranking_prefix``), then what changes with the data."""
    return f"{ranking_prefix(window)}.{figures_key('ranking', window, session)}"


def ranking_prefix(window: logic.Window) -> str:
    """What every key of the ranking's rows for ``window`` (in this language) starts with."""
    return cache_key_of("ranking rows", current_language(), window.kind, window.period.end, window.shown.start,
                        window.shown.end, window.previous.start, window.previous.end)


def build_overview(session, window: logic.Window) -> dict:
    today, tz = clock.today(), clock.local_zone()
    source = ranking_key(session, window)  # before reading: a write meanwhile makes a new key
    figures_ = services.overview(session, window)
    overdue, total = overview_db.overdue_tasks(session, window.shown.end, today, tz, limit=20)
    # What waited for a decision at the end of the day shown (at this moment for today).
    live = window.shown.end >= today
    as_of = clock.now() if live else clock.end_of_day(window.shown.end)
    awaiting = overview_db.pending_extensions(session, as_of, limit=view.AWAITING_SHOWN + 1)
    difficulties = task_reads.open_difficulties(session, as_of, limit=view.AWAITING_SHOWN + 1)
    rows = list(figures_.ranking)
    cache.set(source, view.ranking_rows(rows))  # the table's pages are read from these
    return dict(
        message=None, body_hidden=False, headline=view.headline(figures_.headline, window), ranking_source=source,
        ranking_note=view.ranking_note(window.shown.start, window.shown.end,
                                       sum(1 for row in rows if row.rank is None)),
        daily=figures.graph(ids.OVERVIEW_DAILY_GRAPH, daily_figure(figures_.daily)),
        silent=view.silent_list([(u.code, u.name) for u in figures_.silent], window.shown.end),
        overdue=view.overdue_list(overdue, total),
        awaiting=view.awaiting_list(awaiting, difficulties, None if live else window.shown.end),
        satisfaction=satisfaction_block(figures_.satisfaction))


@require(Action.SEE_OVERVIEW)
def ranking_request(sorts, back, forward, search, request):
    """The page the reader asks for next: sorted by a column, a page further or back, a search."""
    trigger = ctx.triggered_id
    page = tables.asked(trigger, "ranking", sorts, request, view.SORTABLE, view.FIRST_DIRECTION,
                        ids.OVERVIEW_RANKING_PREVIOUS, ids.OVERVIEW_RANKING_NEXT)
    if page is not None:
        return page
    if trigger == ids.OVERVIEW_RANKING_SEARCH:
        return tables.next_request(request, filters=view.search_filter(search if isinstance(search, str) else ""))
    return no_update  # a new table's sort buttons appearing, not a click


@require(Action.SEE_OVERVIEW)
def ranking_page(request, source, as_of, kind, start, end):
    """The page of ranking rows asked for (sorted and filtered as asked), read from the rows
    the overview's answer computed; computed again only when the cache lost them."""
    if not source or request is None:
        return unchanged(RANKING_PAGE)  # the overview has not answered yet
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return unchanged(RANKING_PAGE)  # the message is shown by the overview's answer
    with database().session() as session:
        rows = _ranking_rows(session, window, source)
    try:
        block, shown = tables.page_of(rows, request, view.RANKING_SORTS, view.RANKING_FILTERS)
    except grid_rows.GridRequestError:
        abort(400)
    first = shown["startRow"]
    return dict(table=view.ranking_table(view.sent_rows(block.rows), shown),
                count=view.ranking_count(first, len(block.rows), block.count),
                previous_off=first == 0, next_off=first + len(block.rows) >= block.count, shown=shown)


def weekly_figure(weeks) -> dict:
    return figures.weekly_progress([w.start for w in weeks], [w.done_on_time for w in weeks],
                                   [w.done_late for w in weeks], [w.overdue_at_end for w in weeks],
                                   last_week_days=(weeks[-1].end - weeks[-1].start).days + 1 if weeks else 7)


def weekly_series(session, as_of: date, unit_ids=None) -> dict:
    return weekly_figure(services.weeks(session, as_of, unit_ids))


@require(Action.SEE_OVERVIEW)
def weekly_graph(as_of, unit_code):
    try:
        day = min(parse_day(as_of) or clock.today(), clock.today())
    except logic.PeriodError:
        return no_update
    with database().session() as session:
        unit_ids = None
        if unit_code:
            unit = next((u for u in overview_db.units(session) if u.code == unit_code), None)
            if unit is None:
                return no_update
            unit_ids = [unit.id]
        return figures.graph(ids.OVERVIEW_WEEKLY_GRAPH, weekly_series(session, day, unit_ids))


@require(Action.SEE_OVERVIEW)
def unit_options(search, chosen):
    """The weekly chart's units: the first ones in Vietnamese order, or those whose name holds
    what is typed (diacritics optional), and always the one chosen."""
    with database().session() as session:
        units = overview_db.units(session)  # in Vietnamese order
    found = first_matching(units, search, lambda unit: unit.name, UNIT_OPTIONS_SHOWN)
    found += [unit for unit in units if unit.code == chosen and unit not in found]
    return [{"label": unit.name, "value": unit.code} for unit in found]


def _ranking_rows(session, window: logic.Window, source=None) -> list[dict]:
    """The ranking's rows for the table and the exports: computed once per figures. The table
    reads the rows of the overview it was drawn with (``source``, when it names this window's
    rows and the cache still has them): while citizens rate all day, the data move between the
    overview's answer and the table's pages, and computing them again cost a whole overview."""
    if isinstance(source, str) and re.fullmatch(re.escape(ranking_prefix(window)) + r"\.tsd-[0-9a-f]{64}", source):
        shown = cache.get(source)
        if isinstance(shown, list):
            return shown
    return computed_once(ranking_key(session, window),
                         lambda: view.ranking_rows(list(services.overview(session, window).ranking)))


@require(Action.SEE_OVERVIEW)
def export_ranking(_csv_clicks, _xlsx_clicks, table_request, as_of, kind, start, end):
    """The ranking as the table shows it (its sort and search, every row), as CSV or Excel
    (built on the server, safe to open), its first line naming the period."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return no_update
    with database().session() as session:
        rows = _ranking_rows(session, window)
    try:
        rows = grid_rows.arranged(rows, tables.kept(table_request),
                                  view.RANKING_SORTS, view.RANKING_FILTERS)
    except grid_rows.GridRequestError:
        abort(400)
    columns = [(field, f"{group}: {header}" if group else header)
               for group, field, header, _tip in view.ranking_columns()]
    labels = [label for _key, label in columns]
    rates = [index for index, (key, _label) in enumerate(columns) if key in view.RATE_COLUMNS]
    table = [[row[key] for key, _label in columns] for row in view.sent_rows(rows)]
    caption = view.export_caption(window)

    def name(extension: str) -> str:  # in the reader's language, naming the period
        return exports.file_name(_("unit-ranking"), window.shown.start, window.shown.end, extension=extension)
    def fractions(row: list) -> list:  # the rates as fractions of one, as the spreadsheet keeps them
        return [None if i in rates and value is None else value / 100 if i in rates else value
                for i, value in enumerate(row)]
    if ctx.triggered_id == ids.OVERVIEW_EXPORT_CSV:  # the rates written as the screen writes them
        shown = [[show_percent(value) if i in rates else value for i, value in enumerate(fractions(row))]
                 for row in table]
        return dict(content=exports.as_csv(labels, shown, caption), filename=name("csv"), type="text/csv")
    return dcc.send_bytes(exports.as_xlsx(_("Unit ranking"), labels, [fractions(row) for row in table], caption,
                                          percent_columns=tuple(rates)), name("xlsx"))


WEEKLY = figures.chart_output(ids.OVERVIEW_WEEKLY_GRAPH)
# What the page answers as it opens, in order: the ranking's page reads the overview's answer.
# The source is an input of the ranking's page: the table is drawn again whenever the
# overview's figures change.
FIRST_ANSWERS = (
    FirstAnswer(overview_data, OVERVIEW, WINDOW),
    FirstAnswer(ranking_page, RANKING_PAGE, dict(request=Input(ids.OVERVIEW_RANKING_REQUEST, "data"),
                                                 source=Input(ids.OVERVIEW_RANKING_SOURCE, "data")),
                dict(zip(("as_of", "kind", "start", "end"), CONTROLS))),
    FirstAnswer(unit_options, Output(ids.OVERVIEW_WEEKLY_UNIT, "options"),
                dict(search=Input(ids.OVERVIEW_WEEKLY_UNIT, "search_value")),
                dict(chosen=State(ids.OVERVIEW_WEEKLY_UNIT, "value"))),
    FirstAnswer(weekly_graph, WEEKLY, dict(as_of=Input(ids.OVERVIEW_AS_OF, "date"),
                                           unit_code=Input(ids.OVERVIEW_WEEKLY_UNIT, "value"))),
)
