"""Reads and moderation behind /satisfaction. Counts come from the daily rollups of visible
ratings; dimensions and comments read the ratings of the period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dashboard.domain.periods import Period
from dashboard.domain.rules import DIMENSIONS, Invalid
from dashboard.domain.vietnamese import sort_key

from .models import AuditEvent, FeedbackPoint, Rating, Unit
from .rollups_models import PointDayRatings, RatingRejection
from .search import fold


def _scope(column, unit_ids):
    return True if unit_ids is None else column.in_(unit_ids)


def counts_by_point(session: Session, period: Period, unit_ids=None) -> list[tuple]:
    """(point id, code, label, unit id, unit name, (n1..n5)) of every active point."""
    t = PointDayRatings
    sums = (select(t.point_id, *[func.sum(getattr(t, f"score_{n}")).label(f"s{n}") for n in range(1, 6)])
            .where(t.day.between(period.start, period.end)).group_by(t.point_id).subquery())
    rows = session.execute(
        select(FeedbackPoint.id, FeedbackPoint.code, FeedbackPoint.label, Unit.id, Unit.name,
               *[func.coalesce(getattr(sums.c, f"s{n}"), 0) for n in range(1, 6)])
        .join(Unit, Unit.id == FeedbackPoint.unit_id)
        .outerjoin(sums, sums.c.point_id == FeedbackPoint.id)
        .where(FeedbackPoint.active.is_(True), _scope(Unit.id, unit_ids)))
    return sorted(((r[0], r[1], r[2], r[3], r[4], tuple(int(v) for v in r[5:])) for r in rows),
                  key=lambda r: (sort_key(r[4]), sort_key(r[2])))


def dimension_counts(session: Session, period: Period, unit_ids=None) -> dict[str, tuple[int, ...]]:
    """For each SIPAS dimension, visible ratings of the period counted per score 1..5."""
    columns = [func.sum(case((getattr(Rating, f"dim_{d}") == n, 1), else_=0))
               for d in DIMENSIONS for n in range(1, 6)]
    row = session.execute(select(*columns).where(
        Rating.day.between(period.start, period.end), Rating.hidden.is_(False),
        _scope(Rating.unit_id, unit_ids))).one()
    values = [int(v or 0) for v in row]
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


def comments(session: Session, period: Period, unit_ids=None, search: str = "",
             score: int | None = None, point_code: str | None = None, include_hidden: bool = False,
             limit: int = 20) -> list[CommentRow]:
    statement = (select(Rating.id, Rating.created_at, Rating.score, Rating.comment, FeedbackPoint.label,
                        Unit.name, Rating.hidden, Rating.hidden_reason)
                 .join(FeedbackPoint, FeedbackPoint.id == Rating.point_id)
                 .join(Unit, Unit.id == Rating.unit_id)
                 .where(Rating.comment.is_not(None), Rating.day.between(period.start, period.end),
                        _scope(Rating.unit_id, unit_ids))
                 .order_by(Rating.created_at.desc()).limit(limit))
    if not include_hidden:
        statement = statement.where(Rating.hidden.is_(False))
    if score in (1, 2, 3, 4, 5):
        statement = statement.where(Rating.score == score)
    if point_code:
        statement = statement.where(FeedbackPoint.code == point_code)
    rows = [CommentRow(*row) for row in session.execute(statement)]
    words = fold(search).split()
    return [r for r in rows if all(w in fold(r.text) for w in words)] if words else rows


def rejections(session: Session, period: Period) -> list[tuple[str, int]]:
    return session.execute(
        select(RatingRejection.reason, func.sum(RatingRejection.count))
        .where(RatingRejection.day.between(period.start, period.end))
        .group_by(RatingRejection.reason).order_by(func.sum(RatingRejection.count).desc())).all()


def set_hidden(session: Session, rating_id: int, *, hidden: bool, reason: str, actor_id: int,
               now: datetime) -> Rating:
    """Hide a comment (the rating stops counting) or show it again; audited, reversible."""
    rating = session.get(Rating, rating_id, with_for_update=True)
    if rating is None:
        raise LookupError(rating_id)
    if hidden and not reason.strip():
        raise Invalid({"reason": "required"})
    if rating.hidden == hidden:
        return rating
    rating.hidden = hidden
    rating.hidden_reason, rating.hidden_by_id, rating.hidden_at = (reason, actor_id, now) if hidden \
        else (None, None, None)
    column = getattr(PointDayRatings, f"score_{rating.score}")
    changed = session.execute(PointDayRatings.__table__.update()
                              .where(PointDayRatings.point_id == rating.point_id,
                                     PointDayRatings.day == rating.day)
                              .values({column.key: column + (-1 if hidden else 1)})).rowcount
    if not changed and not hidden:  # the day had no visible rating left: start its row
        session.add(PointDayRatings(point_id=rating.point_id, day=rating.day, unit_id=rating.unit_id,
                                    **{f"score_{n}": int(n == rating.score) for n in range(1, 6)}))
    session.add(AuditEvent(at=now, user_id=actor_id, action="rating_hidden" if hidden else "rating_shown",
                           target=f"rating:{rating.id}", detail={"reason": reason}))
    return rating
