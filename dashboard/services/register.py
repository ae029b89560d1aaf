"""The task register: a page of the tasks of a scope matching the filters (buckets as of today),
most urgent first or in the order asked, sorted and cut in the database, and how many match.
The register page reads it from here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from dashboard import clock
from db import overview as overview_db
from db import task_reads
from db.task_reads import RegisterRow


@dataclass(frozen=True, slots=True)
class Filters:
    search: str = ""
    status: str | None = None
    bucket: str | None = None
    priority: str | None = None
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """Which page of the matching tasks, in which order (None: the most urgent first)."""
    order: str | None = None
    descending: bool = False
    first: int = 0
    size: int = 20


@dataclass(frozen=True, slots=True)
class Register:
    today: date
    rows: tuple[RegisterRow, ...]  # the page asked for
    total: int  # how many tasks match
    first: int  # the page's first row (0 when the page asked for lies past the last row)


def register(session: Session, filters: Filters, unit_ids: list[int] | None = None, page: Page = Page()) -> Register:
    today = clock.today()
    unit_order = {unit.id: place for place, unit in enumerate(overview_db.units(session))} \
        if page.order == "unit" else None  # Vietnamese order of the units' names

    def read(first: int) -> tuple[list[RegisterRow], int]:
        return task_reads.register_rows(
            session, today=today, unit_ids=unit_ids, search=filters.search, status=filters.status,
            bucket=filters.bucket, priority=filters.priority, due_from=filters.due_from,
            due_to=filters.due_to, order=page.order, descending=page.descending, offset=first,
            limit=page.size, unit_order=unit_order)
    first = page.first
    rows, total = read(first)
    if first and first >= total:  # fewer tasks match than when the page was asked for: page one
        first = 0
        rows, total = read(first)
    return Register(today, tuple(rows), total, first)
