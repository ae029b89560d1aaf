"""The answers of creates sent with an ``Idempotency-Key``: a client that retries a POST (a
timeout, a dropped line) gets the first answer again, and nothing is made twice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import ApiIdempotency
from .portable import rows_changed

KEPT = timedelta(days=7)  # a client retries within minutes; a week covers an outage and a weekend


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


def purge(session: Session, before: datetime) -> int:
    """Forget the answers kept before ``before`` (nightly): a key sent again after makes anew."""
    return rows_changed(session.execute(delete(ApiIdempotency).where(ApiIdempotency.created_at < before)))
