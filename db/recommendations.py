"""Citizens' recommendations: the public write path (with the rating form's abuse rules), the
citizen's view by tracking code, the staff's list, and the answer with its approval."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from dashboard.domain.periods import Period, local_day
from dashboard.domain.policy import Action, Actor
from dashboard.domain.recommendations import (
    OPEN_STATES,
    Buckets,
    Counts,
    State,
    WorkingCalendar,
    new_code,
    vietnam_calendar,
)

from . import audit_log
from .models import CalendarDay, FeedbackPoint, Recommendation, Unit, User
from .permission import check
from .portable import one_at_a_time, rows_changed
from .ratings import RatedPoint, Rejected

DEVICE_WINDOW = timedelta(minutes=2)  # a double tap on "send" makes one recommendation
ADDRESS_WINDOW = timedelta(hours=1)


@functools.cache
def calendar_from(year: int) -> WorkingCalendar:
    """Vietnam's calendar for ``year`` and the next (a deadline in late December ends in
    January), built once per process."""
    return vietnam_calendar(range(year, year + 2))


def local_days(session: Session) -> dict[date, bool]:
    """The days an administrator set apart: {day: True for a working day, False for a day off}."""
    return dict(session.execute(select(CalendarDay.day, CalendarDay.working)).all())


def due_day(session: Session, received: date, working_days: int) -> date:
    """``working_days`` working days after ``received``: the national calendar and the local days."""
    return calendar_from(received.year).with_local_days(local_days(session)).add_working_days(received, working_days)


def submit(session: Session, *, point: RatedPoint, text: str, contact: str | None, device_hash: str,
           address_hash: str | None, allowance: int, honeypot: str, now: datetime, tz: ZoneInfo,
           working_days: int) -> Recommendation:
    """Store one recommendation with a new tracking code, or raise Rejected (AlreadySent for a
    second tap of the same phone). Past the address's allowance it is stored held: kept and
    answered, but out of the figures until a leader publishes its answer."""
    if honeypot:
        raise Rejected("honeypot")
    one_at_a_time(session, "recommendation", device_hash)  # a double tap is seen, not stored twice
    recent = session.scalar(select(Recommendation.code).where(
        Recommendation.device_hash == device_hash, Recommendation.created_at > now - DEVICE_WINDOW)
        .order_by(Recommendation.created_at.desc()).limit(1))
    if recent is not None:
        raise AlreadySent(recent)
    from_address = session.scalar(select(func.count()).select_from(Recommendation).where(
        Recommendation.address_hash == address_hash,
        Recommendation.created_at > now - ADDRESS_WINDOW)) if address_hash is not None else 0
    day = local_day(now, tz)
    code = new_code(day.year)
    while session.scalar(select(Recommendation.id).where(Recommendation.code == code)) is not None:
        code = new_code(day.year)  # 32**8 codes a year: a repeat is all but impossible
    recommendation = Recommendation(
        code=code, point_id=point.id, unit_id=point.unit_id, created_at=now, day=day,
        due_day=due_day(session, day, working_days), text=text, contact=contact,
        state=State.RECEIVED.value, version=1, held=bool(from_address and from_address >= allowance),
        device_hash=device_hash, address_hash=address_hash)
    session.add(recommendation)
    session.flush()
    return recommendation


class AlreadySent(Rejected):
    """The same phone sent one moments ago (a double tap): its code is shown again."""

    def __init__(self, code: str) -> None:
        super().__init__("too_soon")
        self.code = code


@dataclass(frozen=True, slots=True)
class PublicStatus:
    """What the citizen reads with their code: never the contact, never the text's author."""

    code: str
    unit_name: str
    point_label: str
    day: date
    due_day: date
    state: str
    answer: str | None  # only once published
    published_day: date | None


def public_status(session: Session, code: str) -> PublicStatus | None:
    row = session.execute(
        select(Recommendation.code, Unit.name, FeedbackPoint.label, Recommendation.day, Recommendation.due_day,
               Recommendation.state, Recommendation.answer, Recommendation.published_day)
        .join(Unit, Unit.id == Recommendation.unit_id)
        .join(FeedbackPoint, FeedbackPoint.id == Recommendation.point_id)
        .where(Recommendation.code == code)).first()
    if row is None:
        return None
    published = row.state == State.ANSWERED.value
    return PublicStatus(row.code, row.name, row.label, row.day, row.due_day, row.state,
                        row.answer if published else None, row.published_day if published else None)


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One recommendation as the staff list shows it; ``contact`` is None unless the reader
    may see it."""

    id: int
    code: str
    unit_id: int
    unit_name: str
    point_label: str
    day: date
    due_day: date
    text: str
    contact: str | None
    state: str
    answer: str | None
    answered_by: str | None
    published_day: date | None
    version: int
    held: bool


def _shown(show: str):
    if show == "open":
        return Recommendation.state.in_(OPEN_STATES)
    if show in (State.AWAITING_APPROVAL.value, State.ANSWERED.value):
        return Recommendation.state == show
    return None


def _staff_rows(session: Session, where: list, contact_units: tuple[int, ...] | None, order=(), limit=None,
                offset=0) -> list[StaffRow]:
    rows = session.execute(
        select(Recommendation, Unit.name, FeedbackPoint.label, User.full_name)
        .join(Unit, Unit.id == Recommendation.unit_id)
        .join(FeedbackPoint, FeedbackPoint.id == Recommendation.point_id)
        .outerjoin(User, User.id == Recommendation.answered_by_id)
        .where(*where).order_by(*order).limit(limit).offset(offset)).all()
    return [StaffRow(r.id, r.code, r.unit_id, unit_name, label, r.day, r.due_day, r.text,
                     r.contact if contact_units is None or r.unit_id in contact_units else None,
                     r.state, r.answer, answered_by, r.published_day, r.version, r.held)
            for r, unit_name, label, answered_by in rows]


def staff_list(session: Session, unit_ids: tuple[int, ...] | None, show: str, limit: int, offset: int,
               contact_units: tuple[int, ...] | None) -> tuple[list[StaffRow], int]:
    """(rows, how many in all) for readers of ``unit_ids`` (None: every unit): the open ones by
    deadline, the oldest first; the answered ones newest first. ``contact_units``: the units
    whose contacts this reader may see (None: every unit)."""
    where = [] if unit_ids is None else [Recommendation.unit_id.in_(unit_ids)]
    condition = _shown(show)
    if condition is not None:
        where.append(condition)
    total = session.scalar(select(func.count()).select_from(Recommendation).where(*where)) or 0
    answered = case((Recommendation.state == State.ANSWERED.value, 1), else_=0)
    order = (answered, case((answered == 1, Recommendation.published_at), else_=None).desc(),
             Recommendation.due_day, Recommendation.id)
    return _staff_rows(session, where, contact_units, order, limit, offset), total


def staff_row(session: Session, recommendation_id: int,
              contact_units: tuple[int, ...] | None) -> StaffRow | None:
    found = _staff_rows(session, [Recommendation.id == recommendation_id], contact_units)
    return found[0] if found else None


class StaleRecommendation(Exception):
    """Someone answered since the form was opened; carries the version it is at now."""

    def __init__(self, current: Recommendation) -> None:
        super().__init__(f"recommendation {current.id} is at version {current.version}")
        self.version = current.version


def answer(session: Session, recommendation_id: int, text: str, *, actor: Actor, publish: bool,
           needs_approval: bool, expected_version: int | None, now: datetime,
           tz: ZoneInfo) -> Recommendation:
    """Write the unit's answer: published at once when ``publish`` (a leader's approval, or
    anyone's where answers need none), else left for a leader to approve. Where answers need
    approval, only a leader changes a published one. The day of the first publication stays:
    a correction does not make an answer late. One audit event each time, with the answer as
    it was."""
    found = session.get(Recommendation, recommendation_id, with_for_update=True)
    if found is None:
        raise LookupError(recommendation_id)
    by = check(actor, Action.ANSWER_RECOMMENDATION, found.unit_id)
    if needs_approval and (publish or found.state == State.ANSWERED.value):
        check(actor, Action.PUBLISH_ANSWER)
    if expected_version is not None and found.version != expected_version:
        raise StaleRecommendation(found)
    before = {"state": found.state, "answer": found.answer}
    found.answer, found.version = text, found.version + 1
    found.answered_by_id = by
    if publish:  # an answer published: a genuine recommendation, held or not
        if found.published_at is None:
            found.published_at, found.published_day = now, local_day(now, tz)
        found.state = State.ANSWERED.value
    else:
        found.state = State.AWAITING_APPROVAL.value
        found.published_at = found.published_day = None
    audit_log.record(session, "recommendation_published" if publish else "recommendation_answered",
                     f"recommendation:{found.id}", by=by, at=now,
                     before=before, after={"state": found.state, "answer": found.answer})
    return found


def counts_by_unit(session: Session, period: Period, unit_ids: list[int] | None = None) -> dict[int, Counts]:
    """Each unit's recommendations in ``period`` as of its end (those received later, and
    answers published later, do not count yet). Held ones count once a leader published
    their answer."""
    scoped = {} if unit_ids is None else {"unit_ids": list(unit_ids)}
    rows = session.execute(_counts_by_unit(bool(scoped)), {"start": period.start, "end": period.end, **scoped})
    return {unit: Counts(int(due or 0), int(on_time or 0), int(overdue or 0)) for unit, due, on_time, overdue in rows}


@functools.cache
def _counts_by_unit(scoped: bool):
    """Built once (for every unit, and for some), the period bound at each call: the overview
    asks it for two periods, and building it took longer than running it."""
    day_type = Recommendation.due_day.type
    start, end = bindparam("start", type_=day_type), bindparam("end", type_=day_type)
    answered_by_end = Recommendation.published_day.is_not(None) & (Recommendation.published_day <= end)
    due_in = Recommendation.due_day.between(start, end)
    query = (select(Recommendation.unit_id,
                    func.sum(case((due_in, 1), else_=0)),
                    func.sum(case((due_in & answered_by_end & (Recommendation.published_day <= Recommendation.due_day),
                                   1), else_=0)),
                    func.sum(case(((Recommendation.due_day < end) & ~answered_by_end, 1), else_=0)))
             .where(Recommendation.day <= end, Recommendation.held.is_(False) | answered_by_end,
                    due_in | ((Recommendation.due_day < end) & ~answered_by_end))
             .group_by(Recommendation.unit_id))
    if scoped:
        query = query.where(Recommendation.unit_id.in_(bindparam("unit_ids", expanding=True)))
    return query


def buckets(session: Session, unit_ids: tuple[int, ...] | None, answered_in: Period, today: date) -> Buckets:
    """Answered on time or late within ``answered_in``; waiting today, within the deadline or
    past it (held ones as the figures count them: once answered)."""
    published = Recommendation.published_day
    waiting = Recommendation.state.in_(OPEN_STATES) & Recommendation.held.is_(False)
    answered = published.between(answered_in.start, answered_in.end)
    query = select(func.sum(case((answered & (published <= Recommendation.due_day), 1), else_=0)),
                   func.sum(case((answered & (published > Recommendation.due_day), 1), else_=0)),
                   func.sum(case((waiting & (Recommendation.due_day >= today), 1), else_=0)),
                   func.sum(case((waiting & (Recommendation.due_day < today), 1), else_=0)))
    if unit_ids is not None:
        query = query.where(Recommendation.unit_id.in_(unit_ids))
    return Buckets(*(int(value or 0) for value in session.execute(query).one()))


def erase_contacts(session: Session, answered_before: datetime) -> int:
    """Forget the contacts of the recommendations answered before ``answered_before``: the
    recommendation, its answer and its figures stay, no longer tied to a person."""
    return rows_changed(session.execute(update(Recommendation).where(
        Recommendation.state == State.ANSWERED.value, Recommendation.published_at < answered_before,
        Recommendation.contact.is_not(None)).values(contact=None)))
