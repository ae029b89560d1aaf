"""/satisfaction: scoped reads of the rating rollups, the comments feed and moderation."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import abort, current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from dashboard import clock, paths
from dashboard.access import allowed, current_actor, current_scope
from dashboard.domain import overview as logic
from dashboard.domain.policy import Action
from dashboard.domain.rules import Invalid, parse_day, row_id
from dashboard.domain.vietnamese import first_matching, sort_key
from dashboard.domain.vocabulary import MODERATION_REASON_MAX
from dashboard.extensions import database
from dashboard.services import satisfaction as services
from db import follow_ups, unit_reads
from db import satisfaction as satisfaction_db
from layouts import figures, forms, ids, tables
from layouts import satisfaction as view
from layouts.components import deferred_of
from layouts.overview import error_message

from . import near_view
from .contract import next_count, trigger, unchanged
from .first_answers import FirstAnswer
from .overview import show_range, window_of

CONTROLS = dict(as_of=Input(ids.SAT_AS_OF, "date"), kind=Input(ids.SAT_PERIOD, "value"),
                start=Input(ids.SAT_RANGE, "start_date"), end=Input(ids.SAT_RANGE, "end_date"),
                unit_code=Input(ids.SAT_UNIT, "value"), refresh=Input(ids.SAT_REFRESH, "data"))


@dataclass(frozen=True)
class PagedTable:
    """A table shown 20 rows at a time under a pager: the ids of its parts."""
    name: str
    table: str
    count: str
    previous: str
    next: str
    first: str  # a store: the place of the first row shown (0-based)
    draw: Callable[[list, int, int], tuple]  # (rows shown, first shown, all rows) → (table, count line)

    def outputs(self, duplicate: bool = False) -> dict[str, Output]:
        return {self.name: Output(deferred_of(self.table), "data", allow_duplicate=duplicate),
                f"{self.name}_count": Output(self.count, "children", allow_duplicate=duplicate),
                f"{self.name}_previous_off": Output(self.previous, "disabled", allow_duplicate=duplicate),
                f"{self.name}_next_off": Output(self.next, "disabled", allow_duplicate=duplicate),
                f"{self.name}_first": Output(self.first, "data", allow_duplicate=duplicate)}


def _points_shown(shown, first: int, total: int) -> tuple:
    return (view.points_table([(p.code, p.label, p.unit_name, p.satisfaction) for p in shown]),
            view.points_count(first, len(shown), total))


def _units_shown(shown, first: int, total: int) -> tuple:
    return (view.unit_ranking([(u.rank, u.name, u.satisfaction) for u in shown]),
            view.ranking_count(first, len(shown), total))


POINTS = PagedTable("points", ids.SAT_POINTS, ids.SAT_POINTS_COUNT, ids.SAT_POINTS_PREVIOUS, ids.SAT_POINTS_NEXT,
                    ids.SAT_POINTS_FIRST, _points_shown)
UNITS = PagedTable("units", ids.SAT_RANKING, ids.SAT_RANKING_COUNT, ids.SAT_RANKING_PREVIOUS, ids.SAT_RANKING_NEXT,
                   ids.SAT_RANKING_FIRST, _units_shown)
SATISFACTION_PAGE = dict(  # the page's answer, by name
    message=Output(ids.SAT_MESSAGE, "children"), summary=Output(ids.SAT_SUMMARY, "children"),
    dimensions=Output(ids.SAT_DIMENSIONS, "children"), trend=figures.chart_output(ids.SAT_TREND),
    distribution=figures.chart_output(ids.SAT_DISTRIBUTION), rejections=Output(ids.SAT_REJECTIONS, "children"),
    moderation_hidden=Output(ids.SAT_MODERATION, "hidden"), body_hidden=Output(ids.SAT_BODY, "hidden"),
) | UNITS.outputs() | POINTS.outputs()
OPTIONS_SHOWN = 60  # a district's units and points; a province's are found by typing
COMMENT_FILTERS = dict(search=Input(ids.SAT_SEARCH, "value"), score=Input(ids.SAT_SCORE, "value"),
                       point_code=Input(ids.SAT_POINT, "value"))
COMMENT_PAGING = dict(newer=Input(ids.SAT_COMMENT_NEWER, "n_clicks"), older=Input(ids.SAT_COMMENT_OLDER, "n_clicks"))
COMMENT_SHOWN = dict(cursor=State(ids.SAT_COMMENT_CURSOR, "data"))
COMMENTS = dict(  # the comments' answer, by name
    comments=Output(deferred_of(ids.SAT_COMMENTS), "data"), count=Output(ids.SAT_COMMENT_COUNT, "children"),
    newer_disabled=Output(ids.SAT_COMMENT_NEWER, "disabled"), older_disabled=Output(ids.SAT_COMMENT_OLDER, "disabled"),
    pager_hidden=Output(ids.SAT_COMMENT_PAGER, "hidden"), cursor=Output(ids.SAT_COMMENT_CURSOR, "data"),
)


def register(app: Dash) -> None:
    app.callback(Output(ids.SAT_RANGE_BOX, "hidden"), Input(ids.SAT_PERIOD, "value"),
                 prevent_initial_call=True)(show_range)  # the page opens on a week: hidden
    for answer in FIRST_ANSWERS:
        answer.register(app)
    near_view.draw_when_near(app, figures.place_of(ids.SAT_TREND), figures.place_of(ids.SAT_DISTRIBUTION),
                             ids.SAT_RANKING, ids.SAT_POINTS, ids.SAT_COMMENTS)
    app.callback(Output(ids.SAT_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.SAT_REFRESH, "data", allow_duplicate=True),
                 Input({"type": ids.HIDE_RATING, "index": ALL}, "n_clicks"),
                 State(ids.SAT_HIDE_REASON, "value"), State(ids.SAT_REFRESH, "data"),
                 prevent_initial_call=True)(moderate)
    app.callback(Output(ids.SAT_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.SAT_REFRESH, "data", allow_duplicate=True),
                 Input({"type": ids.FOLLOW_UP, "index": ALL}, "n_clicks"), State(ids.SAT_REFRESH, "data"),
                 prevent_initial_call=True)(make_follow_up)
    shown = dict(zip(("as_of", "kind", "start", "end", "unit_code"),
                     (State(i.component_id, i.component_property) for i in list(CONTROLS.values())[:5])))
    for paged, page in ((POINTS, points_page), (UNITS, units_page)):
        app.callback(output=paged.outputs(duplicate=True),
                     inputs=dict(back=Input(paged.previous, "n_clicks"), forward=Input(paged.next, "n_clicks")),
                     state=shown | dict(first=State(paged.first, "data")), prevent_initial_call=True)(page)
    app.callback(Output(ids.SAT_MESSAGE, "children", allow_duplicate=True),
                 Output(ids.SAT_REFRESH, "data", allow_duplicate=True),
                 Input({"type": ids.RELEASE_HELD, "index": ALL}, "n_clicks"),
                 Input({"type": ids.KEEP_OUT_HELD, "index": ALL}, "n_clicks"),
                 State(ids.SAT_HIDE_REASON, "value"), State(ids.SAT_REFRESH, "data"),
                 prevent_initial_call=True)(decide_held)


def _readable_units(session) -> list[tuple[int, str, str]]:
    """(id, code, name) of the active units the user may read here."""
    if not allowed(Action.SEE_SATISFACTION):
        abort(403)
    scope = current_scope()
    return [(u, code, name) for u, code, name, _k in unit_reads.active_units(session) if scope.allows(u)]


def _readers_scope(session, unit_code) -> list[int] | None:
    """Unit ids the user may read here (None: all), narrowed by the unit chosen on the page."""
    if not allowed(Action.SEE_SATISFACTION):
        abort(403)
    chosen = unit_code if isinstance(unit_code, str) and unit_code else None
    if chosen is None and current_scope().everything:
        return None  # a province's 500 units need not be read to know it
    units = _readable_units(session)
    return [u for u, code, _n in units if chosen is None or code == chosen]


def fill_satisfaction(as_of, kind, start, end, unit_code, refresh):
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError as error:
        # As on the overview: the old figures would read as the answer, so only the message stays.
        return unchanged(SATISFACTION_PAGE) | {"message": error_message(str(error)), "body_hidden": True}
    refusals = allowed(Action.SEE_REFUSED_RATINGS)
    with database().session() as session:
        unit_ids = _readers_scope(session, unit_code)
        page = services.satisfaction_page(session, window.shown, unit_ids, with_rejections=refusals)
    return dict(
        message=None, summary=view.summary(page.total, page.follow_ups), dimensions=view.dimensions(page.dimensions),
        trend=figures.graph(ids.SAT_TREND, figures.satisfaction_trend(
            [w.start for w in page.weeks], [w.satisfaction.rate for w in page.weeks],
            [w.satisfaction.n for w in page.weeks])),
        distribution=figures.graph(ids.SAT_DISTRIBUTION, figures.score_distribution(page.total.counts)),
        **page_of(UNITS, page.units, 0), **page_of(POINTS, page.points, 0),
        rejections=view.rejections_table(list(page.rejections)) if refusals else None,
        moderation_hidden=not allowed(Action.MODERATE_RATINGS), body_hidden=False)


def page_of(paged: PagedTable, items, first) -> dict:
    """The page of ``items`` starting at ``first`` (the first page when there is none so far)."""
    if not isinstance(first, int) or isinstance(first, bool) or not 0 <= first < len(items):
        first = 0
    first -= first % tables.PAGE  # pages start at 1, 21, 41 … whatever the browser kept
    shown = items[first:first + tables.PAGE]
    table, count = paged.draw(shown, first, len(items))
    return {paged.name: table, f"{paged.name}_count": count, f"{paged.name}_previous_off": first == 0,
            f"{paged.name}_next_off": first + len(shown) >= len(items), f"{paged.name}_first": first}


def _page_further(paged: PagedTable, read, as_of, kind, start, end, unit_code, first) -> dict:
    """A page further or back through the table's rows for the figures shown."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return unchanged(paged.outputs())
    step = -tables.PAGE if ctx.triggered_id == paged.previous else tables.PAGE
    with database().session() as session:
        unit_ids = _readers_scope(session, unit_code)
        items = read(session, window.shown, unit_ids)
    return page_of(paged, items, max(0, (first if isinstance(first, int) else 0) + step))


def points_page(back, forward, as_of, kind, start, end, unit_code, first):
    """A page further or back through the points of the figures shown."""
    return _page_further(POINTS, services.points, as_of, kind, start, end, unit_code, first)


def units_page(back, forward, as_of, kind, start, end, unit_code, first):
    """A page further or back through the units, ranked as the figures shown."""
    return _page_further(UNITS, services.units, as_of, kind, start, end, unit_code, first)


def unit_choices(search, chosen):
    """The units the reader may choose: the first ones, or those whose name holds what is
    typed, and always the one chosen. Apart from the figures: they do not change with the period."""
    with database().session() as session:
        units = _readable_units(session)
    found = first_matching(units, search, lambda unit: unit[2], OPTIONS_SHOWN)
    found += [unit for unit in units if unit[1] == chosen and unit not in found]
    return [{"label": name, "value": code} for _u, code, name in found]


def point_choices(search, unit_code, chosen):
    """The feedback points of the units chosen (all the reader's when none is), found as units are."""
    with database().session() as session:
        unit_ids = _readers_scope(session, unit_code)
        points = satisfaction_db.active_points(session)
    shown = sorted((p for p in points if unit_ids is None or p.unit_id in unit_ids),
                   key=lambda p: (sort_key(p.unit_name), sort_key(p.label)))
    found = first_matching(shown, search, lambda p: f"{p.label} {p.unit_name}", OPTIONS_SHOWN)
    found += [p for p in shown if p.code == chosen and p not in found]
    return [{"label": f"{p.label} ({p.unit_name})", "value": p.code} for p in found]


def fill_comments(search, score, point_code, as_of, kind, start, end, unit_code, refresh, newer, older, cursor):
    """A page of the period's comments: the newest when a filter or the period changes, the
    next older or newer page on those buttons, the same page again after a moderation."""
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return unchanged(COMMENTS)
    moderator = allowed(Action.MODERATE_RATINGS)
    filters = services.CommentFilters(search=search if isinstance(search, str) else "",
                                      score=int(score) if score in ("1", "2", "3", "4", "5") else None,
                                      point_code=point_code if isinstance(point_code, str) else None,
                                      include_hidden=moderator)
    shown = _shown_page(cursor)
    asked = trigger()
    keyset: dict = {}
    if shown is not None and asked in (ids.SAT_COMMENT_OLDER, ids.SAT_COMMENT_NEWER, ids.SAT_REFRESH):
        first_key, last_key, place, count = shown
        keyset = ({"older_than": last_key, "first": place + count} if asked == ids.SAT_COMMENT_OLDER
                  else {"newer_than": first_key, "first": place} if asked == ids.SAT_COMMENT_NEWER
                  else {"starting_at": first_key, "first": place})
    with database().session() as session:
        unit_ids = _readers_scope(session, unit_code)
        page = services.comment_page(session, window.shown, unit_ids, filters, **keyset)
    items = page.comments
    return dict(
        comments=view.comment_list(items, can_moderate=moderator,
                                   filtered=bool(filters.search.strip() or filters.score or filters.point_code),
                                   follow_ups=page.follow_ups, can_follow_up=allowed(Action.ASSIGN_TASK)),
        count=view.comment_count(page.first, page.last, page.total, page.counted_all),
        newer_disabled=not page.has_newer, older_disabled=not page.has_older,
        pager_hidden=not (page.has_newer or page.has_older),
        cursor={"first": [items[0].at.isoformat(), items[0].id], "last": [items[-1].at.isoformat(), items[-1].id],
                "place": page.first, "count": len(items)} if items else None)


def _comment_key(value) -> tuple[datetime, int] | None:
    """A comment's place in the feed, [moment, id], from the page's memory (sent by the browser)."""
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str) or len(value[0]) > 40:
        return None
    try:
        at = datetime.fromisoformat(value[0])
        at.astimezone(UTC)  # an aware moment the database can hold (year 1 or 9999 cannot)
    except (ValueError, OverflowError):
        return None
    rating_id = row_id(value[1])
    return (at, rating_id) if at.tzinfo is not None and rating_id is not None else None


def _shown_page(cursor) -> tuple[tuple[datetime, int], tuple[datetime, int], int, int] | None:
    """The page shown (its first and last comment, the first one's place, how many), or None."""
    if not isinstance(cursor, dict):
        return None
    first, last = _comment_key(cursor.get("first")), _comment_key(cursor.get("last"))
    place, count = cursor.get("place"), cursor.get("count")
    if first is None or last is None or row_id(place) is None or row_id(count) is None:
        return None
    return first, last, place, count


def moderate(clicks, reason, refresh):
    if not allowed(Action.MODERATE_RATINGS):
        abort(403)
    if not isinstance(ctx.triggered_id, dict) or not any(clicks or []):
        return no_update, no_update
    rating_id = ctx.triggered_id.get("index")
    if row_id(rating_id) is None:
        abort(400)
    reason = reason.strip() if isinstance(reason, str) else ""
    if len(reason) > MODERATION_REASON_MAX:
        return forms.problems({"reason": "too_long"}, {"reason": MODERATION_REASON_MAX}), no_update  # never cut
    try:
        with database().transaction() as session:
            hidden = satisfaction_db.is_hidden(session, rating_id)
            if hidden is None:
                abort(404)
            hide = not hidden
            satisfaction_db.set_hidden(session, rating_id, hidden=hide, reason=reason,
                               actor=current_actor(), now=clock.now())
    except Invalid as problem:
        return forms.problems(problem.errors), no_update
    return forms.saved(_("Comment hidden: it no longer counts.") if hide
                       else _("Comment shown again: it counts again.")), next_count(refresh)


def _follow_up_title(point_label: str) -> str:
    """A task's title is the organisation's text, in its language whatever the leader reads."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("Follow up a dissatisfied citizen at %(point)s", point=point_label)


def make_follow_up(clicks, refresh):
    """A leader turns a dissatisfied citizen's comment into a task for the unit, in one click."""
    if not allowed(Action.ASSIGN_TASK):
        abort(403)
    if not isinstance(ctx.triggered_id, dict) or not isinstance(clicks, list) or not any(clicks):
        return no_update, no_update
    rating_id = row_id(ctx.triggered_id.get("index"))
    if rating_id is None:
        abort(400)
    try:
        with database().transaction() as session:
            task_id = follow_ups.follow_up(
                session, rating_id, title_for=_follow_up_title, actor=current_actor(), now=clock.now(),
                tz=clock.local_zone(), working_days=current_app.config["RECOMMENDATION_DAYS"]).id
    except LookupError:
        abort(404)
    except (Invalid, IntegrityError) as problem:  # followed up already (maybe by a second click)
        errors = problem.errors if isinstance(problem, Invalid) else {"rating": "already_followed"}
        return forms.problems(errors), next_count(refresh)
    return forms.saved(_("Follow-up task assigned to the unit."), (_("Open the task"), paths.task(task_id))), \
        next_count(refresh)


def fill_held(as_of, kind, start, end, unit_code, refresh):
    """Moderators only: the ratings held because many came from one address."""
    if not allowed(Action.MODERATE_RATINGS):
        return None
    try:
        window = window_of(as_of, kind, start, end)
    except logic.PeriodError:
        return no_update
    with database().session() as session:
        unit_ids = _readers_scope(session, unit_code)
        return view.held_section(satisfaction_db.held_groups(session, window.shown, unit_ids))


def _held_key(value) -> tuple[int, date] | None:
    """ "point id:YYYY-MM-DD" from a button's id, or None."""
    if not isinstance(value, str) or value.count(":") != 1:
        return None
    point, day = value.split(":")
    point_id = row_id(int(point)) if point.isascii() and point.isdigit() and len(point) < 19 else None
    day = parse_day(day, "day", {})
    return (point_id, day) if point_id is not None and day is not None else None


def decide_held(release_clicks, keep_out_clicks, reason, refresh):
    if not allowed(Action.MODERATE_RATINGS):
        abort(403)
    if not isinstance(ctx.triggered_id, dict) or not any((release_clicks or []) + (keep_out_clicks or [])):
        return no_update, no_update
    key = _held_key(ctx.triggered_id.get("index"))
    if key is None:
        abort(400)
    point_id, day = key
    release = ctx.triggered_id.get("type") == ids.RELEASE_HELD
    reason = reason.strip() if isinstance(reason, str) else ""
    if len(reason) > MODERATION_REASON_MAX:
        return forms.problems({"reason": "too_long"}, {"reason": MODERATION_REASON_MAX}), no_update  # never cut
    with database().transaction() as session:
        unit_id = satisfaction_db.point_unit(session, point_id)
        if unit_id is not None and not allowed(Action.SEE_UNIT, unit_id):
            abort(403)  # an unknown point has nothing held: the answer below says so
        count = satisfaction_db.decide_held(session, point_id, day, release=release,
                                    reason=reason or _("Held ratings kept out after review"),
                                    actor=current_actor(), now=clock.now())
    if not count:
        return forms.notice(_("Someone decided on these ratings already.")), next_count(refresh)
    message = (ngettext("%(num)s rating released: it counts now.", "%(num)s ratings released: they count now.", count)
               if release else
               ngettext("%(num)s rating kept out: it does not count.", "%(num)s ratings kept out: they do not count.",
                        count))
    return forms.saved(message), next_count(refresh)


# What the page answers as it opens (callbacks/first_answers.py).
FIRST_ANSWERS = (
    FirstAnswer(fill_satisfaction, SATISFACTION_PAGE, CONTROLS),
    FirstAnswer(fill_comments, COMMENTS, COMMENT_FILTERS | CONTROLS | COMMENT_PAGING, COMMENT_SHOWN),
    FirstAnswer(fill_held, Output(ids.SAT_HELD, "children"), CONTROLS),
    FirstAnswer(unit_choices, Output(ids.SAT_UNIT, "options"), dict(search=Input(ids.SAT_UNIT, "search_value")),
                dict(chosen=State(ids.SAT_UNIT, "value"))),
    FirstAnswer(point_choices, Output(ids.SAT_POINT, "options"),
                dict(search=Input(ids.SAT_POINT, "search_value"), unit_code=Input(ids.SAT_UNIT, "value")),
                dict(chosen=State(ids.SAT_POINT, "value"))),
)
