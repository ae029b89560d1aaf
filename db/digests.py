"""Daily digests in the database: who is owed today's, keeping each person's once (a unique key
per person and day, whatever runs the jobs), claiming mails so one run sends each, the retries,
the inbox, and each person's choices."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import CursorResult, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain import digests as logic

from . import audit_log
from .models import Digest, Task, Unit, User, is_open


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    full_name: str
    role: str
    unit_id: int | None
    email: str | None


def owed(session: Session, day: date) -> list[Person]:
    """Active leaders and unit heads who want a digest and have none for ``day`` yet."""
    done = select(Digest.user_id).where(Digest.day == day)
    rows = session.execute(select(User.id, User.full_name, User.role, User.unit_id, User.email).where(
        User.active.is_(True), User.role.in_(logic.DIGEST_ROLES), User.digest_off.is_(False), User.id.not_in(done))
        .order_by(User.id))
    return [Person(*row) for row in rows]


def keep(session: Session, person: Person, day: date, content: dict, *, mail: bool, now: datetime) -> bool:
    """Keep ``person``'s digest of ``day`` unless one exists (made meanwhile by another run):
    whether this call made it. It waits for the mail when there is an address, something to
    say and a mail server; else it is for the inbox only (read already when it says nothing)."""
    news = logic.has_news(content)
    state = "pending" if mail and news and person.email else "none"
    try:
        with session.begin_nested():
            session.add(Digest(user_id=person.id, day=day, content=content, created_at=now,
                               read_at=None if news else now, mail_state=state,
                               mail_to=person.email if state == "pending" else None, mail_attempts=0))
        return True
    except IntegrityError:
        return False


@dataclass(frozen=True, slots=True)
class Mail:
    id: int
    user_id: int
    full_name: str
    to: str
    day: date
    content: dict
    attempts: int
    claim: str


def claim(session: Session, now: datetime, limit: int = 1) -> list[Mail]:
    """Mark the next mails due now (one by default: each is claimed just before it is sent) as
    this run's and return them. One UPDATE decides: two runs at once never claim the same mail
    (PostgreSQL re-checks the state of a row another run just claimed; SQLite runs one writer at
    a time). A claim older than CLAIM_LASTS was a run that died, and counts as a try."""
    token = secrets.token_hex(16)
    died = (Digest.mail_state == "sending") & (Digest.mail_next_at <= now - logic.CLAIM_LASTS)
    session.execute(update(Digest).where(died, Digest.mail_attempts + 1 >= logic.MAIL_TRIES).values(
        mail_state="failed", mail_attempts=Digest.mail_attempts + 1, mail_claim=None,
        mail_error="the run sending it stopped before it was sent, each time"))  # it may be what stops them
    due = or_(
        (Digest.mail_state == "pending") & or_(Digest.mail_next_at.is_(None), Digest.mail_next_at <= now),
        (Digest.mail_state == "sending") & (Digest.mail_next_at <= now - logic.CLAIM_LASTS))
    chosen = select(Digest.id).where(due).order_by(Digest.id).limit(limit).scalar_subquery()
    stale = Digest.mail_state == "sending"
    session.execute(update(Digest).where(Digest.id.in_(chosen), due)
                    .values(mail_state="sending", mail_claim=token, mail_next_at=now,
                            mail_attempts=Digest.mail_attempts + case((stale, 1), else_=0))
                    .execution_options(synchronize_session=False))
    rows = session.execute(
        select(Digest.id, Digest.user_id, User.full_name, Digest.mail_to, Digest.day, Digest.content,
               Digest.mail_attempts)
        .join(User, User.id == Digest.user_id).where(Digest.mail_claim == token).order_by(Digest.id))
    return [Mail(id_, user_id, name, to, day, content, attempts, token)
            for id_, user_id, name, to, day, content, attempts in rows]


def sent(session: Session, mail: Mail, now: datetime) -> None:
    """Sent: recorded only while this run still holds the claim (a run that took too long and
    lost it to another changes nothing)."""
    session.execute(update(Digest).where(Digest.id == mail.id, Digest.mail_claim == mail.claim).values(
        mail_state="sent", sent_at=now, mail_claim=None, mail_error=None))


def not_sent(session: Session, mail: Mail, error: str, now: datetime) -> str:
    """A try failed: try again later, or after the last try give up (the admin sees it). The new state."""
    attempts = mail.attempts + 1
    state = "failed" if attempts >= logic.MAIL_TRIES else "pending"
    session.execute(update(Digest).where(Digest.id == mail.id, Digest.mail_claim == mail.claim).values(
        mail_state=state, mail_attempts=attempts, mail_claim=None, mail_error=error[:300],
        mail_next_at=None if state == "failed" else logic.next_try(attempts, now)))
    return state


@dataclass(frozen=True, slots=True)
class Kept:
    id: int
    day: date
    content: dict
    read: bool
    mail_state: str


def inbox(session: Session, user_id: int, limit: int = 14) -> list[Kept]:
    """The person's latest digests, the newest first."""
    rows = session.execute(select(Digest.id, Digest.day, Digest.content, Digest.read_at.is_not(None),
                                  Digest.mail_state)
                           .where(Digest.user_id == user_id).order_by(Digest.day.desc()).limit(limit))
    return [Kept(*row) for row in rows]


def unread(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Digest).where(
        Digest.user_id == user_id, Digest.read_at.is_(None))) or 0


def mark_read(session: Session, user_id: int, now: datetime) -> int:
    """Every unread digest of the person is read now: how many."""
    result = session.execute(update(Digest).where(Digest.user_id == user_id, Digest.read_at.is_(None))
                             .values(read_at=now))
    return cast(CursorResult, result).rowcount


@dataclass(frozen=True, slots=True)
class Failed:
    id: int
    full_name: str
    to: str | None
    day: date
    attempts: int
    error: str | None


def failed(session: Session, limit: int = 50) -> list[Failed]:
    """Digests whose mail could not be sent after every try, the latest first (for the admin)."""
    rows = session.execute(select(Digest.id, User.full_name, Digest.mail_to, Digest.day, Digest.mail_attempts,
                                  Digest.mail_error).join(User, User.id == Digest.user_id)
                           .where(Digest.mail_state == "failed").order_by(Digest.day.desc(), Digest.id.desc())
                           .limit(limit))
    return [Failed(*row) for row in rows]


def choices(session: Session, user_id: int) -> tuple[str | None, bool]:
    """The person's address and whether they opted out."""
    row = session.execute(select(User.email, User.digest_off).where(User.id == user_id)).one()
    return row.email, row.digest_off


def set_choices(session: Session, user_id: int, *, email: str | None, off: bool, now: datetime) -> None:
    """A person's own choices (nobody else's): their address and whether they want a digest."""
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise LookupError(user_id)
    before = {"email": user.email, "digest_off": user.digest_off}
    user.email, user.digest_off = email, off
    audit_log.record(session, "digest_settings_changed", f"user:{user_id}", by=user_id, at=now,
                     before=before, after={"email": email, "digest_off": off})


def due_on(session: Session, day: date, unit_ids=None, limit: int = 5) -> tuple[list[tuple[int, str]], int]:
    """Open tasks due on ``day`` (the first ``limit`` by number) and how many."""
    conditions = [is_open(), Task.due_date == day]
    if unit_ids is not None:
        conditions.append(Task.lead_unit_id.in_(unit_ids))
    total = session.scalar(select(func.count()).select_from(Task).where(*conditions)) or 0
    rows = session.execute(select(Task.id, Task.title).where(*conditions).order_by(Task.id).limit(limit))
    return [(task_id, title) for task_id, title in rows], total


def unit_of(session: Session, unit_id: int) -> Unit | None:
    """A unit head's unit (its kind says which briefings they attend, its code their memo)."""
    return session.get(Unit, unit_id)
