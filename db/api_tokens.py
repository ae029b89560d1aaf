"""Personal API tokens: made and revoked by their user, shown once, kept only as a hash. A token
acts as its user does now (their role and unit are read at each call), never beyond."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .models import ApiToken, Unit, User
from .portable import rows_changed

PREFIX = "tsd_"  # tells a leaked token apart in logs and secret scanners
TOKENS_MAX = 20  # open tokens per user
SEEN_EVERY = timedelta(hours=1)  # "last used" is written at most this often: reads stay reads


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenLine:
    """A token as its owner's list shows it (never the token itself)."""

    id: int
    name: str
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


def open_tokens(session: Session, user_id: int, now: datetime) -> list[TokenLine]:
    """The user's tokens that still open the API, the newest first."""
    rows = session.execute(
        select(ApiToken.id, ApiToken.name, ApiToken.read_only, ApiToken.created_at, ApiToken.expires_at,
               ApiToken.last_used_at)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return [TokenLine(*row) for row in rows]


class TooManyTokens(Exception):
    """The user already holds TOKENS_MAX open tokens."""


def create(session: Session, user_id: int, *, name: str, read_only: bool, expires_at: datetime | None,
           now: datetime) -> tuple[int, str]:
    """A new token for the user: (its id, the token to show once)."""
    if len(open_tokens(session, user_id, now)) >= TOKENS_MAX:
        raise TooManyTokens
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user_id, name=name, token_hash=_hash(token), read_only=read_only,
                   created_at=now, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row.id, token


def revoke(session: Session, user_id: int, token_id: int, now: datetime) -> bool:
    """End one of the user's own tokens; False when it is not theirs or already ended."""
    return rows_changed(session.execute(
        update(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id,
                               ApiToken.revoked_at.is_(None)).values(revoked_at=now))) > 0


def revoke_all(session: Session, user_id: int, now: datetime) -> int:
    """End every token of the user (their password was reset: the account may have been taken)."""
    return rows_changed(session.execute(
        update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)))


@dataclass(frozen=True, slots=True)
class TokenUser:
    """Who a presented token acts for, as they are now."""

    token_id: int
    read_only: bool
    user_id: int
    username: str
    full_name: str
    role: str
    unit_id: int | None
    unit_code: str | None
    last_used_at: datetime | None


def find(session: Session, token: str, now: datetime) -> TokenUser | None:
    """The active user of an open, unexpired token; None for anything else."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = session.execute(
        select(ApiToken.id, ApiToken.read_only, User.id, User.username, User.full_name, User.role,
               User.unit_id, Unit.code, ApiToken.last_used_at)
        .join(User, User.id == ApiToken.user_id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(ApiToken.token_hash == _hash(token), ApiToken.revoked_at.is_(None), User.active.is_(True),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now))).first()
    return TokenUser(*row) if row else None


def seen(session: Session, token_id: int, now: datetime) -> None:
    """Mark the token as used now."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def needs_seen(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= SEEN_EVERY
