"""The one write path for tasks: assignment and updates, each with its history row.

The task row's status, progress and due fields are a cache of the history, set
here from the same pure logic that computes every figure.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from dashboard.domain.buckets import is_done_on_time, is_on_time_after_extension
from dashboard.domain.history import state_as_of
from dashboard.domain.model import (DueChange, Status, TaskHistory, TaskState, UnitChange,
                                    UpdateRecord)
from dashboard.domain.periods import local_day

from . import rollups
from .history import load_histories
from .models import Task, TaskEdit, TaskUpdate


@dataclass(frozen=True)
class TaskSnapshot:
    """What a task looks like now, to show a user whose edit was based on an older version."""

    id: int
    version: int
    status: str
    progress: int
    due_date: date
    last_update_at: datetime | None


class StaleTaskError(Exception):
    """The task changed since the user loaded it; carries the task as it is now."""

    def __init__(self, task: Task) -> None:
        super().__init__(f"task {task.id} is at version {task.version}")
        self.current = TaskSnapshot(task.id, task.version, task.status, task.progress,
                                    task.due_date, task.last_update_at)


def apply_state(task: Task, state: TaskState) -> None:
    """Copy a computed state into the task's cached fields."""
    task.lead_unit_id = state.unit_id
    task.status = state.status.value
    task.progress = state.progress
    task.due_date = state.due
    task.leader_due_date = state.leader_due
    task.done_on = state.done_on
    task.done_on_time = is_done_on_time(state)
    task.done_after_extension = is_on_time_after_extension(state) if state.done_on else None


def assign_task(session: Session, *, title: str, lead_unit_id: int, start_date: date,
                due_date: date, by_user_id: int | None, now: datetime, tz: ZoneInfo,
                priority: str = "normal", description: str = "", source_ref: str | None = None,
                expected_result: str = "") -> Task:
    """Create a task and its assignment record."""
    day = local_day(now, tz)
    task = Task(title=title, description=description, source_ref=source_ref,
                expected_result=expected_result, lead_unit_id=lead_unit_id, priority=priority,
                start_date=start_date, due_date=due_date, leader_due_date=due_date,
                status="not_started", progress=0, created_by_id=by_user_id, created_at=now,
                created_on=day, version=1)
    session.add(task)
    session.flush()
    session.add(TaskEdit(task_id=task.id, user_id=by_user_id, created_at=now, day=day,
                         kind="assigned", title=title, lead_unit_id=lead_unit_id,
                         priority=priority, start_date=start_date, due_date=due_date))
    history = TaskHistory(task.id, day, (DueChange(day, due_date),), (UnitChange(day, lead_unit_id),))
    rollups.task_changed(session, None, history, day)
    return task


def record_update(session: Session, task_id: int, *, status: str, progress: int, note: str,
                  by_user_id: int | None, now: datetime, tz: ZoneInfo,
                  expected_version: int | None = None) -> Task:
    """Append an update and refresh the task's cache; refuses a stale version."""
    task = session.get(Task, task_id, with_for_update=True)
    if task is None:
        raise LookupError(task_id)
    if expected_version is not None and task.version != expected_version:
        raise StaleTaskError(task)
    day = local_day(now, tz)
    progress = 100 if status == "done" else progress
    before = load_histories(session, [task.id])[task.id]
    session.add(TaskUpdate(task_id=task.id, unit_id=task.lead_unit_id, user_id=by_user_id,
                           created_at=now, day=day, status=status, progress=progress, note=note))
    after = replace(before, updates=before.updates + (UpdateRecord(day, Status(status), progress, now),))
    apply_state(task, state_as_of(after, day))
    rollups.task_changed(session, before, after, day)
    task.last_update_at = now
    task.version += 1
    return task
