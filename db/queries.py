"""Queries that aggregate in SQL. Today's states come from the tasks' cached fields."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from .models import Task, Unit


@dataclass(frozen=True, slots=True)
class UnitBucketRow:
    unit_id: int
    code: str
    name: str
    kind: str
    done_on_time: int
    done_late: int
    within_deadline: int
    not_started: int
    overdue: int
    due_soon: int
    oldest_overdue_due: date | None
    last_update_at: datetime | None


def unit_bucket_counts(session: Session, today: date,
                       unit_ids: list[int] | None = None) -> list[UnitBucketRow]:
    """Four-bucket counts of every active unit as of today, from current task fields."""
    is_open = Task.status.in_(("not_started", "in_progress"))
    overdue = and_(is_open, Task.due_date < today)
    within = and_(is_open, Task.due_date >= today)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    statement = (
        select(
            Unit.id, Unit.code, Unit.name, Unit.kind,
            count(and_(Task.status == "done", Task.done_on_time.is_(True))),
            count(and_(Task.status == "done", Task.done_on_time.is_(False))),
            count(within),
            count(and_(within, Task.status == "not_started")),
            count(overdue),
            count(and_(is_open, Task.due_date >= today,
                       Task.due_date <= today + timedelta(days=3))),
            func.min(case((overdue, Task.due_date))),
            func.max(Task.last_update_at),
        )
        .outerjoin(Task, Task.lead_unit_id == Unit.id)
        .where(Unit.active.is_(True))
        .group_by(Unit.id, Unit.code, Unit.name, Unit.kind)
        .order_by(Unit.kind.desc(), Unit.name)
    )
    if unit_ids is not None:
        statement = statement.where(Unit.id.in_(unit_ids))
    return [UnitBucketRow(*row) for row in session.execute(statement)]
