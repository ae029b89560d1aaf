"""Citizens' ratings: one write path with the abuse rules, rollups kept in the same transaction."""
from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from dashboard.domain.periods import iso_week, local_day, month_of

from .models import Base, FeedbackPoint, Rating, Unit
from .portable import one_at_a_time, upsert, upsert_for
from .rollups_models import DIMENSION_COUNTS, DIMENSION_NAMES, PointDayRatings, PointPeriodRatings, RatingRejection
from .search import fold

DEVICE_WINDOW = timedelta(minutes=10)
ADDRESS_WINDOW = timedelta(hours=1)  # the allowance of one address at one point
UNKNOWN_POINT = "?"  # refusals for codes that name no point are counted together


class Rejected(Exception):
    """The rating breaks an abuse rule; ``reason`` is counted, the citizen is told politely."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RatedPoint:
    """What the form and the write path need of a point."""
    id: int
    unit_id: int
    code: str
    label: str


def point_by_code(session: Session, code: str) -> tuple[RatedPoint, str] | None:
    """(point, unit name) of an active point, or None."""
    if not isinstance(code, str) or len(code) > 40 or not code.isprintable():
        return None
    row = session.execute(
        select(FeedbackPoint.id, FeedbackPoint.unit_id, FeedbackPoint.code, FeedbackPoint.label, Unit.name)
        .join(Unit, Unit.id == FeedbackPoint.unit_id)
        .where(FeedbackPoint.code == code, FeedbackPoint.active.is_(True))).first()
    return None if row is None else (RatedPoint(*row[:4]), row[4])


class KnownPoints:
    """Points found by code, remembered for ``seconds`` by this process: a counter's phones ask
    for the same point hundreds of times a day. Only points that exist are kept (made-up codes
    never grow it); a point is never deleted, and a unit renamed shows within ``seconds``."""

    def __init__(self, seconds: float = 60.0, size: int = 20_000) -> None:
        self.seconds, self.size = seconds, size
        self._found: dict[str, tuple[float, tuple[RatedPoint, str]]] = {}
        self._lock = threading.Lock()

    def get(self, session_factory, code: str) -> tuple[RatedPoint, str] | None:
        kept = self._found.get(code) if isinstance(code, str) else None
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        with session_factory() as session:
            found = point_by_code(session, code)
        if found is not None:
            with self._lock:
                if len(self._found) >= self.size:
                    self._found.clear()
                self._found[code] = (time.monotonic() + self.seconds, found)
        return found


def count_rejection(session: Session, point_code: str, now: datetime, tz: ZoneInfo, reason: str) -> None:
    table = RatingRejection.__table__
    statement = upsert(session, table).values(point_code=(point_code or UNKNOWN_POINT)[:40],
                                               day=local_day(now, tz), reason=reason, count=1)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.point_code, table.c.day, table.c.reason],
        set_={"count": table.c.count + 1}))


def submit(session: Session, *, point: RatedPoint | FeedbackPoint, score: int, dims: dict, comment: str | None,
           reasons: list[str], case_code: str | None, device_hash: str, address_hash: str | None,
           allowance: int, honeypot: str, now: datetime, tz: ZoneInfo) -> Rating:
    """Store one rating, or raise Rejected (the caller counts it and commits that instead).

    Many citizens share a counter's Wi-Fi, so one address may rate a point ``allowance`` times an
    hour; beyond that the rating is stored but held (and hidden): it counts once a leader
    releases it. Nothing is dropped, nothing is stuffed."""
    if honeypot:
        raise Rejected("honeypot")
    one_at_a_time(session, "rating", f"{point.id}:{device_hash}")  # a double tap is seen, not stored twice
    # The abuse rules' three look-ups in one round trip: this device's last rating here, the
    # case code's rating, and this address's ratings here within the hour.
    device = select(Rating.id).where(Rating.device_hash == device_hash, Rating.point_id == point.id,
                                     Rating.created_at > now - DEVICE_WINDOW).limit(1)
    case = select(Rating.id).where(Rating.case_code == case_code).limit(1)
    address = select(func.count()).select_from(Rating).where(
        Rating.address_hash == address_hash, Rating.point_id == point.id,
        Rating.created_at > now - ADDRESS_WINDOW)
    recent, case_rating, from_address = session.execute(select(
        device.scalar_subquery(),
        case.scalar_subquery() if case_code else literal(None),
        address.scalar_subquery() if address_hash is not None else literal(0))).one()
    if recent is not None:
        raise Rejected("too_soon")
    if case_rating is not None:
        raise Rejected("case_used")
    day = local_day(now, tz)
    held = address_hash is not None and from_address >= allowance
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
    """Add (or, with negative numbers, take away) counted ratings to a point's day, and to its
    week and month: one upsert for the day, one for the two periods."""
    if not any(deltas.values()):
        return
    counted = {column: 0 for column in COUNTED} | deltas
    dialect = session.get_bind().dialect.name
    session.execute(_adding(dialect, PointDayRatings.__tablename__),
                    dict(point_id=point_id, day=day, unit_id=unit_id, **counted))
    session.execute(_adding(dialect, PointPeriodRatings.__tablename__),
                    [dict(kind=kind, start=start, point_id=point_id, unit_id=unit_id, **counted)
                     for kind, start in (("week", iso_week(day).start), ("month", month_of(day).start))])


COUNTED = tuple(f"score_{n}" for n in range(1, 6)) + DIMENSION_COUNTS


@functools.cache
def _adding(dialect: str, table_name: str):
    """INSERT … ON CONFLICT adding every counted column (the values carry 0 where a rating adds
    nothing): one statement per table, built and compiled once. Built per rating, with only
    the columns it adds to, it took a third of a submit, and a rating's columns come in
    thousands of combinations (a score and five dimensions)."""
    table = Base.metadata.tables[table_name]
    statement = upsert_for(dialect, table)
    return statement.on_conflict_do_update(index_elements=list(table.primary_key.columns),
                                           set_={c: table.c[c] + statement.excluded[c] for c in COUNTED})
