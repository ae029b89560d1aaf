"""Reads and moderation behind /satisfaction. Scores and dimensions are counted from the
rollups of visible ratings (each point's weeks and months, or its days: db.rating_counts);
comments read the ratings of the period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.orm import Session

from dashboard.clock import local_zone
from dashboard.domain.periods import Period, local_moments
from dashboard.domain.policy import Action, Actor
from dashboard.domain.rules import DIMENSIONS, Invalid
from dashboard.domain.vietnamese import by_name, sort_key

from . import audit_log
from .models import FeedbackPoint, Rating, Unit
from .permission import check
from .rating_counts import counted_over
from .ratings import add_to_day, columns_of
from .rollups_models import DIMENSION_COUNTS, RatingRejection
from .search import comment_matches, words_of
from .types import UTCDateTime


def _scope(column, unit_ids):
    return True if unit_ids is None else column.in_(unit_ids)


def counts_by_point(session: Session, period: Period, unit_ids=None) -> list[tuple]:
    """(point id, code, label, unit id, unit name, (n1..n5)) of every active point."""
    t, counted = counted_over(period)
    sums = (select(t.point_id, *[func.sum(getattr(t, f"score_{n}")).label(f"s{n}") for n in range(1, 6)])
            .where(*counted).group_by(t.point_id).subquery())
    rows = session.execute(
        select(FeedbackPoint.id, FeedbackPoint.code, FeedbackPoint.label, Unit.id, Unit.name,
               *[func.coalesce(getattr(sums.c, f"s{n}"), 0) for n in range(1, 6)])
        .join(Unit, Unit.id == FeedbackPoint.unit_id)
        .outerjoin(sums, sums.c.point_id == FeedbackPoint.id)
        .where(FeedbackPoint.active.is_(True), _scope(Unit.id, unit_ids)))
    found = [(r[0], r[1], r[2], r[3], r[4], tuple(r[5:])) for r in rows]  # sums of counts: integers
    # By unit, then label, in Vietnamese order: each order's positions are remembered
    # (a province's 600 points compared by their keys took 2 ms at every look).
    return by_name(by_name(found, lambda point: point[2]), lambda point: point[4])


def dimension_counts(session: Session, period: Period, unit_ids=None) -> dict[str, tuple[int, ...]]:
    """For each SIPAS dimension, visible ratings of the period counted per score 1..5 (from the
    rollups: a row per point and period, or per point and day)."""
    t, counted = counted_over(period, unit_ids)
    row = session.execute(select(*[func.coalesce(func.sum(getattr(t, column)), 0) for column in DIMENSION_COUNTS])
                          .where(*counted)).one()
    values = [int(v) for v in row]
    return {d: tuple(values[i * 5:(i + 1) * 5]) for i, d in enumerate(DIMENSIONS)}


@dataclass(frozen=True, slots=True)
class CommentRow:
    id: int
    at: datetime
    score: int
    text: str
    point_label: str
    unit_name: str
    hidden: bool
    hidden_reason: str | None
    held: bool


CommentKey = tuple[datetime, int]  # a comment's place in the feed: (its moment, its id)
COMMENT_WORDS = 8  # searched words beyond these are ignored


def _comment_conditions(period: Period, tz, unit_ids, search: str, score: int | None,
                        point_code: str | None, include_hidden: bool,
                        older_than: CommentKey | None = None, newer_than: CommentKey | None = None) -> list:
    """The comments of the period's local days (moments in ``tz``) in the scope that hold every
    searched word (accents and case forgiven), of one score or point if asked, older or newer
    than a comment if asked (a keyset: moment, then id)."""
    tz = tz or local_zone()
    since, until = local_moments(period, tz)
    # one bound per side on the moment, the tighter: SQLite starts the index at it
    after = newer_than is not None and newer_than[0] >= since
    before = older_than is not None and older_than[0] < until
    conditions = [Rating.comment.is_not(None), _scope(Rating.unit_id, unit_ids),
                  Rating.created_at >= newer_than[0] if after and newer_than else Rating.created_at >= since,
                  Rating.created_at <= older_than[0] if before and older_than else Rating.created_at < until]
    key = tuple_(Rating.created_at, Rating.id)
    if older_than is not None:
        conditions.append(key < tuple_(_moment(older_than[0]), literal(older_than[1])))
    if newer_than is not None:
        conditions.append(key > tuple_(_moment(newer_than[0]), literal(newer_than[1])))
    if not include_hidden:
        conditions.append(Rating.hidden.is_(False))
    if score in (1, 2, 3, 4, 5):
        conditions.append(Rating.score == score)
    if point_code:
        conditions.append(Rating.point_id.in_(select(FeedbackPoint.id).where(FeedbackPoint.code == point_code)))
    return conditions + comment_matches(" ".join(words_of(search)[:COMMENT_WORDS]))


def comments(session: Session, period: Period, unit_ids=None, search: str = "",
             score: int | None = None, point_code: str | None = None, include_hidden: bool = False,
             limit: int = 20, tz=None, older_than: CommentKey | None = None,
             newer_than: CommentKey | None = None) -> list[CommentRow]:
    """A page of the period's comments, newest first: the newest ``limit``, those just older
    than ``older_than``, or those just newer than ``newer_than`` (a keyset: moment, then id, so
    comments sent in the same second each come once). Read along the index of commented
    ratings by moment, so a page of a province's month costs about the rows shown."""
    newest_first = newer_than is None
    # the page's ids first, from the index of commented ratings alone; then their details
    shown = (select(Rating.id, Rating.created_at)
             .where(*_comment_conditions(period, tz, unit_ids, search, score, point_code, include_hidden,
                                         older_than, newer_than))
             .order_by(*((Rating.created_at.desc(), Rating.id.desc()) if newest_first
                         else (Rating.created_at, Rating.id)))
             .limit(limit).subquery())
    statement = (select(Rating.id, Rating.created_at, Rating.score, Rating.comment, FeedbackPoint.label,
                        Unit.name, Rating.hidden, Rating.hidden_reason, Rating.held)
                 .join(shown, shown.c.id == Rating.id)
                 .join(FeedbackPoint, FeedbackPoint.id == Rating.point_id)
                 .join(Unit, Unit.id == Rating.unit_id)
                 .order_by(Rating.created_at.desc(), Rating.id.desc()))
    # the query keeps rows with a comment only: "if text is not None" just narrows its type
    return [CommentRow(id_, at, score, text, label, unit, hidden, reason, held)
            for id_, at, score, text, label, unit, hidden, reason, held in session.execute(statement)
            if text is not None]


def _moment(at: datetime):
    return literal(at, UTCDateTime())


def count_comments(session: Session, period: Period, unit_ids=None, search: str = "",
                   score: int | None = None, point_code: str | None = None, include_hidden: bool = False,
                   tz=None, at_most: int = 10_000) -> int:
    """How many comments ``comments`` pages through, counted up to ``at_most`` + 1 (beyond it,
    "more than ``at_most``"), so that counting a province's busy year stays bounded."""
    matching = (select(Rating.id).where(*_comment_conditions(period, tz, unit_ids, search, score, point_code,
                                                              include_hidden))
                .limit(at_most + 1).subquery())
    return session.execute(select(func.count()).select_from(matching)).scalar_one()


def rejections(session: Session, period: Period) -> list[tuple[str, int]]:
    return list(session.execute(
        select(RatingRejection.reason, func.sum(RatingRejection.count))
        .where(RatingRejection.day.between(period.start, period.end))
        .group_by(RatingRejection.reason).order_by(func.sum(RatingRejection.count).desc())))


@dataclass(frozen=True, slots=True)
class PosterPoint:
    code: str
    label: str
    unit_id: int
    unit_name: str
    unit_code: str


def active_points(session: Session, unit_code: str | None = None, point_code: str | None = None
                  ) -> list[PosterPoint]:
    """Active feedback points (of one unit, or the one named), by label: the posters to print."""
    statement = (select(FeedbackPoint.code, FeedbackPoint.label, Unit.id, Unit.name, Unit.code)
                 .join(Unit, Unit.id == FeedbackPoint.unit_id).where(FeedbackPoint.active.is_(True)))
    if point_code is not None:
        statement = statement.where(FeedbackPoint.code == point_code)
    if unit_code is not None:
        statement = statement.where(Unit.code == unit_code)
    return [PosterPoint(*row) for row in session.execute(statement.order_by(FeedbackPoint.label))]


def is_hidden(session: Session, rating_id: int) -> bool | None:
    """Whether a rating is hidden now (None: there is no such rating)."""
    return session.scalar(select(Rating.hidden).where(Rating.id == rating_id))


def point_unit(session: Session, point_id: int) -> int | None:
    """The unit that owns a feedback point (None: there is no such point)."""
    return session.scalar(select(FeedbackPoint.unit_id).where(FeedbackPoint.id == point_id))


def set_hidden(session: Session, rating_id: int, *, hidden: bool, reason: str, actor: Actor | None,
               now: datetime) -> Rating:
    """Hide a comment (the rating stops counting) or show it again; audited, reversible. A held
    rating is already uncounted: showing it releases it, hiding it keeps it out for good."""
    by = check(actor, Action.MODERATE_RATINGS)
    rating = session.get(Rating, rating_id, with_for_update=True)
    if rating is None:
        raise LookupError(rating_id)
    if hidden and not reason.strip():
        raise Invalid({"reason": "required"})
    if rating.hidden == hidden and not rating.held:
        return rating
    counted_before = not rating.hidden
    rating.held = False
    rating.hidden = hidden
    rating.hidden_reason, rating.hidden_by_id, rating.hidden_at = (reason, by, now) if hidden \
        else (None, None, None)
    if counted_before != (not hidden):
        add_to_day(session, rating.point_id, rating.unit_id, rating.day, columns_of(rating, -1 if hidden else 1))
    audit_log.record(session, "rating_hidden" if hidden else "rating_shown", f"rating:{rating.id}",
                 by=by, at=now, reason=reason)
    return rating


@dataclass(frozen=True, slots=True)
class HeldGroup:
    """Ratings held at one point on one day: many came from one address within an hour."""
    point_id: int
    point_label: str
    unit_name: str
    day: date
    count: int
    mean: float

    @property
    def key(self) -> str:
        return f"{self.point_id}:{self.day.isoformat()}"


def held_groups(session: Session, period: Period, unit_ids=None) -> list[HeldGroup]:
    rows = session.execute(
        select(Rating.point_id, FeedbackPoint.label, Unit.name, Rating.day, func.count(), func.avg(Rating.score))
        .join(FeedbackPoint, FeedbackPoint.id == Rating.point_id).join(Unit, Unit.id == Rating.unit_id)
        .where(Rating.held.is_(True), Rating.day.between(period.start, period.end),
               _scope(Rating.unit_id, unit_ids))
        .group_by(Rating.point_id, FeedbackPoint.label, Unit.name, Rating.day))
    groups = [HeldGroup(p, label, unit, day, int(n), float(mean)) for p, label, unit, day, n, mean in rows]
    return sorted(groups, key=lambda g: (-g.day.toordinal(), sort_key(g.unit_name), sort_key(g.point_label)))


def decide_held(session: Session, point_id: int, day: date, *, release: bool, reason: str,
                actor: Actor | None, now: datetime) -> int:
    """Release the ratings held at a point on a day (they count from now on, in their own day),
    or keep them out for good (hidden with the reason). Audited; returns how many."""
    by = check(actor, Action.MODERATE_RATINGS)
    held = session.scalars(select(Rating).where(Rating.held.is_(True), Rating.point_id == point_id,
                                                Rating.day == day).with_for_update()).all()
    if not held:
        return 0
    counted: dict[str, int] = {}
    for rating in held:
        rating.held = False
        if release:
            rating.hidden = False
            for column, n in columns_of(rating).items():
                counted[column] = counted.get(column, 0) + n
        else:
            rating.hidden_reason, rating.hidden_by_id, rating.hidden_at = reason, by, now
    if release:
        add_to_day(session, point_id, held[0].unit_id, day, counted)
    audit_log.record(session, "ratings_released" if release else "ratings_kept_out",
                 f"point:{point_id}:{day.isoformat()}", by=by, at=now, count=len(held), reason=reason)
    return len(held)
