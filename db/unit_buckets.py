"""Queries that aggregate in SQL. Today's states come from the tasks' cached fields."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from dashboard.domain.buckets import DUE_SOON_DAYS, BucketCounts
from dashboard.domain.vietnamese import by_name

from .models import Task, Unit, is_open


@dataclass(frozen=True, slots=True)
class UnitBuckets:
    """One unit and the four-bucket counts of its tasks on a day."""

    unit_id: int
    code: str
    name: str
    kind: str
    counts: BucketCounts
    last_update_at: datetime | None


def unit_bucket_counts(session: Session, today: date,
                       unit_ids: list[int] | None = None) -> list[UnitBuckets]:
    """Four-bucket counts of every active unit as of today, from the tasks' cached fields."""
    open_ = is_open()
    overdue = and_(open_, Task.due_date < today)
    within = and_(open_, Task.due_date >= today)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    statement = (
        select(
            Unit.id, Unit.code, Unit.name, Unit.kind,
            count(and_(Task.status == "done", Task.done_on_time.is_(True))),
            count(and_(Task.status == "done", Task.done_on_time.is_(False))),
            count(within),
            count(overdue),
            count(and_(within, Task.status == "not_started")),
            count(and_(Task.status == "done", Task.done_after_extension.is_(True))),
            count(and_(within, Task.due_date <= today + timedelta(days=DUE_SOON_DAYS))),
            func.min(case((overdue, Task.due_date))),
            func.max(Task.last_update_at),
        )
        .outerjoin(Task, Task.lead_unit_id == Unit.id)
        .where(Unit.active.is_(True))
        .group_by(Unit.id, Unit.code, Unit.name, Unit.kind)
    )
    if unit_ids is not None:
        statement = statement.where(Unit.id.in_(unit_ids))
    result = []
    for (unit_id, code, name, kind, on_time, late, within_n, overdue_n, not_started, extended,
         due_soon, oldest_overdue, last_update) in session.execute(statement):
        counts = BucketCounts(on_time, late, within_n, overdue_n, not_started, extended, due_soon,
                              (today - oldest_overdue).days if oldest_overdue else 0)
        result.append(UnitBuckets(unit_id, code, name, kind, counts, last_update))
    return by_name(result, lambda unit: unit.name, group=lambda unit: unit.kind != "office")
