"""Reads of the audit log that decide something: recent failed sign-ins of an account."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import AuditEvent


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
