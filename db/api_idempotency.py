"""The answers of creates sent with an ``Idempotency-Key``: a client that retries a POST (a
timeout, a dropped line) gets the first answer again, and nothing is made twice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ApiIdempotency

KEY_MAX = 100


@dataclass(frozen=True, slots=True)
class Answer:
    request_hash: str  # what was asked with the key: the same key for another request is refused
    status: int
    body: str  # JSON


def answer(session: Session, user_id: int, key: str) -> Answer | None:
    row = session.execute(select(ApiIdempotency.request_hash, ApiIdempotency.status, ApiIdempotency.body)
                          .where(ApiIdempotency.user_id == user_id, ApiIdempotency.key == key)).first()
    return Answer(*row) if row else None


def keep(session: Session, user_id: int, key: str, answered: Answer, now: datetime) -> None:
    """Store the answer in the create's own transaction: both are kept, or neither. A second
    request with the same key racing this one fails on the unique index and reads this answer."""
    session.add(ApiIdempotency(user_id=user_id, key=key, request_hash=answered.request_hash,
                               status=answered.status, body=answered.body, created_at=now))
    session.flush()
