"""Importing a checked task sheet: the tasks that exist already (to refuse duplicates), and every
row made a task in the caller's transaction, all or nothing, recorded as one audit event."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.domain.policy import Action, Actor
from dashboard.domain.task_import import ReadyTask, UnitRef, duplicate_key

from . import audit_log, unit_reads
from .models import Task
from .permission import check
from .tasks import assign_tasks


def active_units(session: Session) -> list[UnitRef]:
    return [UnitRef(*unit) for unit in unit_reads.active_units(session)]


def existing_keys(session: Session, unit_ids: set[int], dues: set[date]) -> set[tuple[str, int, date]]:
    """The duplicate keys of the tasks (not cancelled) of these units due on these days."""
    if not unit_ids or not dues:
        return set()
    rows = session.execute(select(Task.title, Task.lead_unit_id, Task.due_date).where(
        Task.due_date.in_(dues), Task.lead_unit_id.in_(unit_ids), Task.status != "cancelled"))
    return {duplicate_key(title, unit_id, due) for title, unit_id, due in rows}


def import_tasks(session: Session, ready: Sequence[ReadyTask], *, file_name: str, actor: Actor | None,
                 now: datetime, tz: ZoneInfo) -> list[int]:
    """Each ready row as a new task, through the one write path (history, rollups); the ids made."""
    by = check(actor, Action.ASSIGN_TASK)
    made = [task.id for task in assign_tasks(session, [(task.fields, task.unit_id) for task in ready],
                                             actor=actor, now=now, tz=tz)]
    audit_log.record(session, "tasks_imported", None, by=by, at=now, file=file_name[:200], tasks=made)
    return made
