"""Citizens' satisfaction over a window for a scope of units: the total, the SIPAS dimensions,
twelve weeks of trend, units ranked by their Wilson lower bound, every point and the refused
submissions; and the period's comments, searched and paged. The satisfaction page and each
unit's page read it from here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain import overview as logic
from dashboard.domain.periods import Period
from dashboard.domain.satisfaction import LOW, FollowUps, Satisfaction, rank_by_lower_bound
from dashboard.domain.vietnamese import sort_key
from db import follow_ups
from db import satisfaction as satisfaction_db
from db.overview import ratings_by_week
from db.satisfaction import CommentKey, CommentRow


@dataclass(frozen=True, slots=True)
class WeekSatisfaction:
    start: date
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class PointSatisfaction:
    code: str
    label: str
    unit_name: str
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class UnitSatisfaction:
    rank: int | None  # 1, 2, 3 … by the lower bound; None with too few ratings
    name: str
    satisfaction: Satisfaction


@dataclass(frozen=True, slots=True)
class SatisfactionPage:
    total: Satisfaction
    dimensions: dict[str, Satisfaction]
    weeks: tuple[WeekSatisfaction, ...]
    units: tuple[UnitSatisfaction, ...]  # ranked best lower bound first, then the unranked by name
    points: tuple[PointSatisfaction, ...]
    rejections: tuple[tuple[str, int], ...]  # (reason, count): only when asked for
    follow_ups: FollowUps  # the dissatisfied comments turned into tasks, and how fast


def satisfaction_page(session: Session, shown: Period, unit_ids=None, with_rejections: bool = False
                      ) -> SatisfactionPage:
    min_sample = current_app.config["MIN_SAMPLE"]
    points = satisfaction_db.counts_by_point(session, shown, unit_ids)
    total = [0] * 5
    for *_point, counts in points:
        total = [a + b for a, b in zip(total, counts)]
    return SatisfactionPage(
        total=Satisfaction(tuple(total), min_sample),
        dimensions={d: Satisfaction(c, min_sample)
                    for d, c in satisfaction_db.dimension_counts(session, shown, unit_ids).items()},
        weeks=satisfaction_weeks(session, shown.end, unit_ids),
        units=_ranked_units(points, min_sample),
        points=tuple(PointSatisfaction(code, label, unit_name, Satisfaction(c, min_sample))
                     for _p, code, label, _u, unit_name, c in points),
        rejections=tuple(satisfaction_db.rejections(session, shown)) if with_rejections else (),
        follow_ups=follow_ups.summary(session, shown, unit_ids, clock.local_zone()))


def points(session: Session, shown: Period, unit_ids=None) -> tuple[PointSatisfaction, ...]:
    """Every active point of the scope with its satisfaction over ``shown``, by unit and label."""
    min_sample = current_app.config["MIN_SAMPLE"]
    return tuple(PointSatisfaction(code, label, unit_name, Satisfaction(c, min_sample))
                 for _p, code, label, _u, unit_name, c in satisfaction_db.counts_by_point(session, shown, unit_ids))


def units(session: Session, shown: Period, unit_ids=None) -> tuple[UnitSatisfaction, ...]:
    """The units of the scope with points, ranked by their Wilson lower bound over ``shown``."""
    return _ranked_units(satisfaction_db.counts_by_point(session, shown, unit_ids), current_app.config["MIN_SAMPLE"])


def _ranked_units(points, min_sample: int) -> tuple[UnitSatisfaction, ...]:
    by_unit: dict[str, list[int]] = {}
    for _pid, _code, _label, _uid, unit_name, counts in points:
        by_unit[unit_name] = [a + b for a, b in zip(by_unit.get(unit_name, [0] * 5), counts)]
    units = [(name, Satisfaction(tuple(c), min_sample)) for name, c in by_unit.items()]
    ranked = rank_by_lower_bound(units)
    too_few = sorted((item for item in units if not item[1].enough), key=lambda item: sort_key(item[0]))
    return (tuple(UnitSatisfaction(n, name, s) for n, (name, s) in enumerate(ranked, 1))
            + tuple(UnitSatisfaction(None, name, s) for name, s in too_few))


def satisfaction_weeks(session: Session, day: date, unit_ids=None, count: int = 12) -> tuple[WeekSatisfaction, ...]:
    """Visible ratings of each of ``count`` weeks ending with the week of ``day`` (cut at it)."""
    min_sample = current_app.config["MIN_SAMPLE"]
    periods = logic.weeks_ending(day, count)
    return tuple(WeekSatisfaction(week.start, Satisfaction(scores, min_sample))
                 for week, scores in zip(periods, ratings_by_week(session, periods, unit_ids), strict=True))


COMMENTS_PER_PAGE = 20
COMMENTS_COUNTED = 10_000  # beyond, "more than 10,000": counting stays bounded


@dataclass(frozen=True, slots=True)
class CommentFilters:
    """What the comment search asks, and for whom."""
    search: str = ""
    score: int | None = None
    point_code: str | None = None
    include_hidden: bool = False  # moderators read hidden and held comments too


@dataclass(frozen=True, slots=True)
class CommentPage:
    """One page of a period's comments, newest first, and where it stands among them."""
    comments: tuple[CommentRow, ...]
    first: int  # the place of the first comment shown among all that match (1 = the newest)
    total: int  # how many match, counted up to COMMENTS_COUNTED + 1
    has_newer: bool
    has_older: bool
    follow_ups: dict[int, int] = field(default_factory=dict)  # {rating id: the task it became}

    @property
    def last(self) -> int:
        return self.first + len(self.comments) - 1

    @property
    def counted_all(self) -> bool:
        return self.total <= COMMENTS_COUNTED


def comment_page(session: Session, shown: Period, unit_ids=None, filters: CommentFilters = CommentFilters(), *,
                 older_than: CommentKey | None = None, newer_than: CommentKey | None = None,
                 starting_at: CommentKey | None = None, first: int = 1,
                 per_page: int = COMMENTS_PER_PAGE) -> CommentPage:
    """The comments of ``shown`` that match ``filters``: the newest page; the page just older
    than ``older_than`` (the last comment shown), which starts at place ``first``; the page
    just newer than ``newer_than`` (the first comment shown, at place ``first``); or the page
    ``starting_at`` a comment at place ``first`` again (after a moderation). Paged by a keyset
    (moment, then id): each comment comes once, and a page costs the rows shown."""
    tz = clock.local_zone()
    if starting_at is not None:  # at or older: older than the next id at the same moment
        older_than = (starting_at[0], starting_at[1] + 1)

    def read(**keyset) -> list[CommentRow]:
        return satisfaction_db.comments(session, shown, unit_ids, search=filters.search, score=filters.score,
                                        point_code=filters.point_code, include_hidden=filters.include_hidden,
                                        limit=per_page + 1, tz=tz, **keyset)

    total = satisfaction_db.count_comments(session, shown, unit_ids, search=filters.search, score=filters.score,
                                           point_code=filters.point_code, include_hidden=filters.include_hidden,
                                           tz=tz, at_most=COMMENTS_COUNTED)
    rows: list[CommentRow] = []
    has_newer = False
    if newer_than is not None:
        rows = read(newer_than=newer_than)
        if len(rows) > per_page:  # one more than a page is newer still: keep the page next to the shown one
            rows, has_newer, first = rows[1:], True, max(2, first - per_page)
        else:
            rows = []  # the newest page is next: read it whole
    elif older_than is not None:
        rows = read(older_than=older_than)
        has_newer = first > 1
    if not rows:
        rows, first, has_newer = read(), 1, False
    has_older = len(rows) > per_page
    rows = rows[:per_page]
    if total <= COMMENTS_COUNTED and first + len(rows) - 1 > total:  # comments came or went meanwhile
        first = max(1, total - len(rows) + 1)
    return CommentPage(tuple(rows), first if rows else 0, total, has_newer, has_older,
                       follow_ups.tasks_of(session, [row.id for row in rows if row.score <= LOW]))
