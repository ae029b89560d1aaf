"""Signed-in sessions the server can end. The browser's cookie holds a random token; only its
hash is stored, so a copy of the database opens no session."""
from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from .models import Unit, User, UserSession
from .portable import rows_changed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user_id: int, now: datetime) -> str:
    """A new session for the user; returns the token for their cookie."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user_id, token_hash=_hash(token), created_at=now))
    return token


@dataclass(frozen=True, slots=True)
class OpenSession:
    user_id: int
    username: str
    full_name: str
    role: str
    unit_id: int | None
    unit_code: str | None


@dataclass(frozen=True, slots=True)
class Account:
    """What signing in checks: the password's hash and whether the account may sign in."""

    user_id: int
    password_hash: str
    active: bool


def account(session: Session, username: str) -> Account | None:
    row = session.execute(select(User.id, User.password_hash, User.active)
                          .where(User.username == username)).first()
    return Account(*row) if row else None


def find(session: Session, user_id: int, token: str, started_after: datetime) -> OpenSession | None:
    """The active user of an open session started after ``started_after`` (its lifetime)."""
    row = session.execute(_open_session(), {"user_id": user_id, "token_hash": _hash(token),
                                            "started_after": started_after}).first()
    return OpenSession(*row) if row else None


@functools.cache
def _open_session():
    """Every request asks it: built once, its parameters bound at each call (building it
    each time cost more than running it)."""
    return (select(User.id, User.username, User.full_name, User.role, User.unit_id, Unit.code)
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(Unit, Unit.id == User.unit_id)
            .where(User.id == bindparam("user_id"), User.active.is_(True),
                   UserSession.token_hash == bindparam("token_hash"), UserSession.ended_at.is_(None),
                   UserSession.created_at > bindparam("started_after", type_=UserSession.created_at.type)))


def end(session: Session, token: str, now: datetime, because: str) -> None:
    session.execute(update(UserSession).where(UserSession.token_hash == _hash(token),
                                              UserSession.ended_at.is_(None))
                    .values(ended_at=now, ended_because=because))


def end_all(session: Session, user_id: int, now: datetime, because: str) -> int:
    """End every open session of the user (password or role changed, deactivated, everywhere)."""
    return rows_changed(session.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                                  UserSession.ended_at.is_(None))
                                        .values(ended_at=now, ended_because=because)))


def purge(session: Session, before: datetime) -> int:
    """Forget sessions that ended, or could no longer be used, before ``before`` (nightly)."""
    return rows_changed(session.execute(delete(UserSession).where(
        or_(UserSession.ended_at < before, UserSession.created_at < before))))

