"""Citizens' ratings: one write path with the abuse rules, rollups kept in the same transaction."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.domain.periods import local_day

from .models import FeedbackPoint, Rating, Unit
from .portable import upsert
from .rollups_models import DIMENSION_NAMES, PointDayRatings, RatingRejection
from .search import fold

DEVICE_WINDOW = timedelta(minutes=10)
ADDRESS_WINDOW = timedelta(hours=1)  # the allowance of one address at one point
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


def _from_address(session: Session, point_id: int, address_hash: str, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(Rating).where(
        Rating.address_hash == address_hash, Rating.point_id == point_id,
        Rating.created_at > now - ADDRESS_WINDOW))


def submit(session: Session, *, point: FeedbackPoint, score: int, dims: dict, comment: str | None,
           reasons: list[str], case_code: str | None, device_hash: str, address_hash: str | None,
           allowance: int, honeypot: str, now: datetime, tz: ZoneInfo) -> Rating:
    """Store one rating, or raise Rejected (the caller counts it and commits that instead).

    Many citizens share a counter's Wi-Fi, so one address may rate a point ``allowance`` times an
    hour; beyond that the rating is stored but held (and hidden): it counts once a leader
    releases it. Nothing is dropped, nothing is stuffed."""
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
    held = address_hash is not None and _from_address(session, point.id, address_hash, now) >= allowance
    rating = Rating(point_id=point.id, unit_id=point.unit_id, created_at=now, day=day, score=score,
                    **{f"dim_{name}": value for name, value in dims.items()}, comment=comment,
                    reasons=reasons or None, case_code=case_code or None, device_hash=device_hash,
                    address_hash=address_hash, held=held, hidden=held, search_text=fold(comment) or None)
    session.add(rating)
    if held:
        return rating
    add_to_day(session, point.id, point.unit_id, day, counted_columns(score, dims))
    return rating


def counted_columns(score: int, dims: dict[str, int | None], sign: int = 1) -> dict[str, int]:
    """The rollup columns one rating adds to (``sign`` -1: takes away from)."""
    columns = {f"score_{score}": sign}
    columns.update({f"{name}_{value}": sign for name, value in dims.items() if value})
    return columns


def columns_of(rating: Rating, sign: int = 1) -> dict[str, int]:
    return counted_columns(rating.score, {d: getattr(rating, f"dim_{d}") for d in DIMENSION_NAMES}, sign)


def add_to_day(session: Session, point_id: int, unit_id: int, day: date, deltas: dict[str, int]) -> None:
    """Add (or, with negative numbers, take away) counted ratings to a point's day: one upsert
    for the scores and the dimensions' scores together."""
    deltas = {column: n for column, n in deltas.items() if n}
    if not deltas:
        return
    table = PointDayRatings.__table__
    statement = upsert(session, table).values(point_id=point_id, day=day, unit_id=unit_id,
                                               **{**{f"score_{n}": 0 for n in range(1, 6)}, **deltas})
    # The deltas themselves, not ``excluded``: that builds an alias of the 33-column table at
    # every rating (1.6 ms of a 5 ms submit).
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.point_id, table.c.day],
        set_={column: table.c[column] + n for column, n in deltas.items()}))
