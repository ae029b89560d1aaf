"""Rebuild tasks' histories (plain domain data) from the append-only tables."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.domain.model import DueChange, Status, TaskHistory, UnitChange, UpdateRecord

from .models import Extension, Task, TaskEdit, TaskUpdate


def load_histories(session: Session, task_ids: Iterable[int] | None = None) -> dict[int, TaskHistory]:
    """The history of each task (all tasks when ``task_ids`` is None), each kind of event in
    the one order it was stored in: by moment, then by row (the order of writing)."""
    ids = None if task_ids is None else list(task_ids)

    def only(statement, column):
        return statement if ids is None else statement.where(column.in_(ids))

    created = dict(session.execute(only(select(Task.id, Task.created_on), Task.id)).all())
    dues: dict[int, list] = defaultdict(list)
    units: dict[int, list] = defaultdict(list)
    for edit in session.execute(only(
            select(TaskEdit.id, TaskEdit.task_id, TaskEdit.created_at, TaskEdit.day, TaskEdit.due_date,
                   TaskEdit.lead_unit_id), TaskEdit.task_id)):
        dues[edit.task_id].append(((edit.created_at, 0, edit.id), DueChange(edit.day, edit.due_date, False)))
        units[edit.task_id].append(((edit.created_at, 0, edit.id), UnitChange(edit.day, edit.lead_unit_id)))
    for ext in session.execute(only(
            select(Extension.id, Extension.task_id, Extension.decided_at, Extension.decided_day,
                   Extension.new_due_date).where(Extension.state == "approved"),
            Extension.task_id)):
        dues[ext.task_id].append(((ext.decided_at, 1, ext.id),
                                  DueChange(ext.decided_day, ext.new_due_date, True)))
    updates: dict[int, list] = defaultdict(list)
    for update in session.execute(only(
            select(TaskUpdate.id, TaskUpdate.task_id, TaskUpdate.created_at, TaskUpdate.day,
                   TaskUpdate.status, TaskUpdate.progress, TaskUpdate.unit_id), TaskUpdate.task_id)):
        updates[update.task_id].append(
            ((update.created_at, 0, update.id), UpdateRecord(update.day, Status(update.status), update.progress,
                                             update.created_at, update.unit_id)))

    def ordered(events):
        return tuple(event for _, event in sorted(events, key=lambda pair: pair[0]))

    return {
        task_id: TaskHistory(task_id, created_on, ordered(dues[task_id]), ordered(units[task_id]),
                             ordered(updates[task_id]))
        for task_id, created_on in created.items()
    }
