"""The audit log: every change a person or a script makes adds one row, written here and nowhere
else; the log's reads (the admin page's list, an account's recent failed sign-ins)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import AuditEvent, User


def record(session: Session, action: str, target: str | None, *, by: int | None, at: datetime,
           address: str | None = None, **detail) -> None:
    """One audited change: what, on what, by whom (None: a script), when, and its details."""
    session.add(AuditEvent(at=at, user_id=by, action=action, target=target, detail=detail,
                           address=address))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    username: str | None
    action: str
    target: str | None
    detail: dict | None


def latest(session: Session, limit: int = 200) -> list[AuditEntry]:
    """The newest entries first."""
    rows = session.execute(
        select(AuditEvent.at, User.username, AuditEvent.action, AuditEvent.target, AuditEvent.detail)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.id.desc()).limit(limit))
    return [AuditEntry(*row) for row in rows]


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
