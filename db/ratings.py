"""Citizens' ratings: one write path with the abuse rules, rollups kept in the same transaction."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.domain.periods import local_day

from .models import FeedbackPoint, Rating, Unit
from .portable import upsert
from .rollups_models import PointDayRatings, RatingRejection

DEVICE_WINDOW = timedelta(minutes=10)
UNKNOWN_POINT = "?"  # refusals for codes that name no point are counted together


class Rejected(Exception):
    """The rating breaks an abuse rule; ``reason`` is counted, the citizen is told politely."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def point_by_code(session: Session, code: str):
    """(point, unit name) of an active point, or None."""
    if not isinstance(code, str) or len(code) > 40 or not code.isprintable():
        return None
    return session.execute(
        select(FeedbackPoint, Unit.name).join(Unit, Unit.id == FeedbackPoint.unit_id)
        .where(FeedbackPoint.code == code, FeedbackPoint.active.is_(True))).first()



def count_rejection(session: Session, point_code: str, now: datetime, tz: ZoneInfo, reason: str) -> None:
    table = RatingRejection.__table__
    statement = upsert(session, table).values(point_code=(point_code or UNKNOWN_POINT)[:40],
                                               day=local_day(now, tz), reason=reason, count=1)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.point_code, table.c.day, table.c.reason],
        set_={"count": table.c.count + 1}))


def submit(session: Session, *, point: FeedbackPoint, score: int, dims: dict, comment: str | None,
           reasons: list[str], case_code: str | None, device_hash: str, honeypot: str,
           now: datetime, tz: ZoneInfo) -> Rating:
    """Store one rating, or raise Rejected (the caller counts it and commits that instead)."""
    if honeypot:
        raise Rejected("honeypot")
    recent = session.scalar(select(Rating.id).where(
        Rating.device_hash == device_hash, Rating.point_id == point.id,
        Rating.created_at > now - DEVICE_WINDOW).limit(1))
    if recent is not None:
        raise Rejected("too_soon")
    if case_code and session.scalar(select(Rating.id).where(Rating.case_code == case_code)):
        raise Rejected("case_used")
    day = local_day(now, tz)
    rating = Rating(point_id=point.id, unit_id=point.unit_id, created_at=now, day=day, score=score,
                    **{f"dim_{name}": value for name, value in dims.items()}, comment=comment,
                    reasons=reasons or None, case_code=case_code or None, device_hash=device_hash,
                    hidden=False)
    session.add(rating)
    table = PointDayRatings.__table__
    column = f"score_{score}"
    statement = upsert(session, table).values(point_id=point.id, day=day, unit_id=point.unit_id,
                                               **{f"score_{n}": int(n == score) for n in range(1, 6)})
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.point_id, table.c.day], set_={column: table.c[column] + 1}))
    return rating
