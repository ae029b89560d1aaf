"""The audit log: every change a person or a script makes adds one row, written here and nowhere
else; the log's reads (the admin page's list, an account's recent failed sign-ins)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.domain.audit import ACTIONS

from .models import AuditEvent, Display, FeedbackPoint, Recommendation, Task, Unit, User


def record(session: Session, action: str, target: str | None, *, by: int | None, at: datetime,
           address: str | None = None, **detail) -> None:
    """One audited change: what, on what, by whom (None: a script), when, and its details.
    ``action`` is one of the registry's codes (dashboard/domain/audit.py), so each has a name."""
    if action not in ACTIONS:
        raise ValueError(f"audit action {action!r} is not in dashboard.domain.audit.ACTIONS")
    session.add(AuditEvent(at=at, user_id=by, action=action, target=target, detail=detail,
                           address=address))


def latest_of(session: Session, action: str) -> int | None:
    """The newest event of one kind (its number), found by the index of events by kind."""
    return session.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.action == action))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    username: str | None  # None: a script (the command line, the nightly job) or nobody signed in
    action: str
    target: str | None
    detail: dict | None
    full_name: str | None = None
    address: str | None = None
    target_name: str | None = None  # the task's title, the unit's or user's name… when it exists
    unit_names: Mapping[int, str] = field(default_factory=dict)  # for unit ids inside ``detail``


# Targets are "<kind>:<id>[:…]"; these kinds name a row whose name the log shows.
_NAMED_TARGETS = {"task": (Task.id, Task.title), "user": (User.id, User.full_name),
                  "unit": (Unit.id, Unit.name), "display": (Display.id, Display.name),
                  "point": (FeedbackPoint.id, FeedbackPoint.label),
                  "recommendation": (Recommendation.id, Recommendation.code)}


def _target_key(target: str | None) -> tuple[str, int] | None:
    kind, _sep, rest = (target or "").partition(":")
    ident = rest.split(":", 1)[0]
    return (kind, int(ident)) if kind in _NAMED_TARGETS and ident.isdigit() else None


def _target_names(session: Session, targets: Iterable[str | None]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for key in filter(None, map(_target_key, targets)):
        wanted.setdefault(key[0], set()).add(key[1])
    names: dict[tuple[str, int], str] = {}
    for kind, idents in wanted.items():
        id_column, name_column = _NAMED_TARGETS[kind]
        for ident, name in session.execute(select(id_column, name_column).where(id_column.in_(idents))):
            names[(kind, ident)] = name
    return names


def latest(session: Session, limit: int = 200) -> list[AuditEntry]:
    """The newest entries first, with the names of who did it, of the target and of the units
    their details mention (a district has tens of units: all their names, once)."""
    rows = session.execute(
        select(AuditEvent.at, User.username, AuditEvent.action, AuditEvent.target, AuditEvent.detail,
               User.full_name, AuditEvent.address)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.id.desc()).limit(limit)).all()
    names = _target_names(session, (row.target for row in rows))
    unit_names = {ident: name for ident, name in session.execute(select(Unit.id, Unit.name))}
    return [AuditEntry(row.at, row.username, row.action, row.target, row.detail, row.full_name, row.address,
                       target_name=names.get(_target_key(row.target) or ("", 0)), unit_names=unit_names)
            for row in rows]


def sign_in_target(username: str) -> str:
    """The target of a sign-in event: the account named, whether or not it exists."""
    return "login:" + username[:80]


def recent_sign_in_failures(session: Session, username: str, since: datetime
                            ) -> tuple[int, datetime | None]:
    """(how many, the latest) failed sign-ins naming ``username`` since ``since``, from any address."""
    count, latest = session.execute(
        select(func.count(), func.max(AuditEvent.at)).where(
            AuditEvent.target == sign_in_target(username), AuditEvent.action == "login_failed",
            AuditEvent.at > since)).one()
    return count, latest
