"""The task register: the tasks of a scope matching the filters, most urgent first (buckets as
of today), and how many match. The register page reads it from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from dashboard import clock
from db import task_reads
from db.task_reads import RegisterRow

SHOWN = 500


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    status: str | None = None
    bucket: str | None = None
    priority: str | None = None
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True, slots=True)
class Register:
    today: date
    rows: tuple[RegisterRow, ...]  # at most SHOWN
    total: int


def register(session: Session, filters: Filters, unit_ids: list[int] | None = None) -> Register:
    today = clock.today()
    rows, total = task_reads.register_rows(
        session, today=today, unit_ids=unit_ids, search=filters.search, status=filters.status,
        bucket=filters.bucket, priority=filters.priority, due_from=filters.due_from,
        due_to=filters.due_to, limit=SHOWN)
    return Register(today, tuple(rows), total)
