"""The one write path for tasks. Every change appends to the history, refreshes the task's
cached fields from the same pure logic that computes every figure, keeps the rollups, and
records an audit event — all in the caller's transaction. Rights are checked here again."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.domain.buckets import is_done_on_time, is_on_time_after_extension
from dashboard.domain.history import existing_state_as_of
from dashboard.domain.model import DueChange, Status, TaskHistory, TaskState, UnitChange, UpdateRecord
from dashboard.domain.periods import local_day
from dashboard.domain.policy import Action, Actor
from dashboard.domain.rules import Invalid, TaskFields, row_id, undoes_work
from dashboard.domain.vocabulary import OPEN_STATUSES

from . import audit_log, rollups
from .history import load_histories
from .models import Extension, Task, TaskCoordinator, TaskEdit, TaskNote, TaskUpdate, Unit
from .permission import NotAllowed, check
from .search import search_text

__all__ = ["NotAllowed"]  # callers catch it from the write path they call


@dataclass(frozen=True)
class TaskSnapshot:
    """What a task looks like now, to show a user whose edit was based on an older version."""

    id: int
    version: int
    status: str
    progress: int
    due_date: date
    last_update_at: datetime | None
    title: str


class StaleTaskError(Exception):
    """The task changed since the user loaded it; carries the task as it is now."""

    def __init__(self, task: Task) -> None:
        super().__init__(f"task {task.id} is at version {task.version}")
        self.current = TaskSnapshot(task.id, task.version, task.status, task.progress,
                                    task.due_date, task.last_update_at, task.title)


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


def _snapshot(task: Task) -> dict:
    return {"title": task.title, "lead_unit_id": task.lead_unit_id, "status": task.status,
            "responsible_official": task.responsible_official,
            "progress": task.progress, "start_date": str(task.start_date),
            "due_date": str(task.due_date), "priority": task.priority, "version": task.version}


def audit(session: Session, actor_id: int | None, action: str, target: str, now: datetime,
          before: dict | None = None, after: dict | None = None, **detail) -> None:
    audit_log.record(session, action, target, by=actor_id, at=now, before=before, after=after, **detail)


def _active_unit(session: Session, unit_id) -> Unit:
    unit = session.get(Unit, unit_id) if row_id(unit_id) is not None else None
    if unit is None or not unit.active:
        raise Invalid({"lead_unit_id": "unknown_unit"})
    return unit


def _load_for_change(session: Session, task_id: int, expected_version: int | None, actor: Actor | None,
                     action: Action) -> tuple[Task, int | None]:
    """The task, locked, and the actor's id for its history, once ``actor`` may do ``action`` on
    it: the right is checked before the version, so a refused person learns nothing of the task
    (a stale version's answer shows the task as it is now)."""
    task = session.get(Task, task_id, with_for_update=True)
    if task is None:
        raise LookupError(task_id)
    by = check(actor, action, task.lead_unit_id)
    if expected_version is not None and task.version != expected_version:
        raise StaleTaskError(task)
    return task, by


EVENT_MOMENTS = ((TaskUpdate.created_at, TaskUpdate.task_id), (TaskEdit.created_at, TaskEdit.task_id),
                 (Extension.requested_at, Extension.task_id), (Extension.decided_at, Extension.task_id),
                 (TaskNote.created_at, TaskNote.task_id))
STEP = timedelta(microseconds=1)


def stamp_after_latest(session: Session, task: Task, now: datetime) -> datetime:
    """The moment a change to ``task`` is stored at: ``now``, or just after the task's latest
    stored event when that is later (a machine whose clock ran ahead, a clock stepped back, an
    import). So a change never sorts before what it was based on, and the history read back
    is in the order it was written."""
    latest_of_each = session.execute(select(*[
        select(func.max(moment)).where(owner == task.id).scalar_subquery()
        for moment, owner in EVENT_MOMENTS])).one()  # one round trip, an index seek each
    latest = max(moment for moment in (task.created_at, *latest_of_each) if moment is not None)
    return now if now > latest else latest + STEP


def _refresh(session: Session, task: Task, before: TaskHistory, after: TaskHistory, day: date) -> None:
    apply_state(task, existing_state_as_of(after, day))
    rollups.task_changed(session, before, after, day)
    task.version += 1


def assign_task(session: Session, *, fields: TaskFields, lead_unit_id: int, actor: Actor | None,
                now: datetime, tz: ZoneInfo, coordinating_unit_ids: Sequence[int] = ()) -> Task:
    """A leader assigns a task to a unit (``actor`` None: a trusted script or the tests)."""
    by = check(actor, Action.ASSIGN_TASK)
    _active_unit(session, lead_unit_id)
    for unit_id in coordinating_unit_ids:
        _active_unit(session, unit_id)
    [task] = _create(session, [(fields, lead_unit_id)], by, now, tz)
    session.add_all(TaskCoordinator(task_id=task.id, unit_id=u)
                    for u in dict.fromkeys(coordinating_unit_ids) if u != lead_unit_id)
    audit(session, task.created_by_id, "task_assigned", f"task:{task.id}", now, None, _snapshot(task))
    return task


def assign_tasks(session: Session, assigned: Sequence[tuple[TaskFields, int]], *, actor: Actor | None,
                 now: datetime, tz: ZoneInfo) -> list[Task]:
    """Many tasks at once, each (fields, lead unit): an import. Written together (one insert,
    the rollups summed per unit); no event per task: the caller records one for them all."""
    by = check(actor, Action.ASSIGN_TASK)
    units = {unit_id for _fields, unit_id in assigned}
    active = set(session.scalars(select(Unit.id).where(Unit.id.in_(units), Unit.active.is_(True))))
    if units - active:
        raise Invalid({"lead_unit_id": "unknown_unit"})
    return _create(session, assigned, by, now, tz)


def _create(session: Session, assigned: Sequence[tuple[TaskFields, int]], by: int | None, now: datetime,
            tz: ZoneInfo) -> list[Task]:
    """New tasks, their first history entries and their rollups."""
    day = local_day(now, tz)
    tasks = [Task(title=fields.title, description=fields.description, source_ref=fields.source_ref or None,
                  expected_result=fields.expected_result, lead_unit_id=unit_id,
                  priority=fields.priority, start_date=fields.start_date, due_date=fields.due_date,
                  leader_due_date=fields.due_date, status="not_started", progress=0,
                  created_by_id=by, created_at=now, created_on=day, version=1,
                  search_text=search_text(fields.title, fields.source_ref))
             for fields, unit_id in assigned]
    session.add_all(tasks)
    session.flush()
    session.add_all(TaskEdit(task_id=task.id, user_id=by, created_at=now, day=day, kind="assigned",
                             title=task.title, lead_unit_id=task.lead_unit_id, priority=task.priority,
                             start_date=task.start_date, due_date=task.due_date) for task in tasks)
    rollups.tasks_created(session, [TaskHistory(task.id, day, (DueChange(day, task.due_date),),
                                                (UnitChange(day, task.lead_unit_id),)) for task in tasks], day)
    return tasks


def record_update(session: Session, task_id: int, *, status: str, progress: int, note: str,
                  by_user_id: int | None, now: datetime, tz: ZoneInfo,
                  expected_version: int | None = None, actor: Actor | None = None,
                  responsible_official: str | None = None) -> Task:
    """Append an update (status, progress, note) and refresh the task; refuses a stale version.

    A unit head updates their own unit's tasks; a leader may only cancel (status cancelled).
    """
    task, by = _load_for_change(session, task_id, expected_version, actor,
                                Action.CANCEL_TASK if status == "cancelled" else Action.UPDATE_TASK)
    if actor is not None:
        by_user_id = by
    if task.status == "cancelled" and status != "cancelled":
        raise Invalid({"status": "cancelled_task"})  # a cancelled task stays cancelled
    if task.status == "cancelled" and status == "cancelled":
        raise Invalid({"status": "cancelled_task"})  # cancelled once: a second cancel changes nothing
    progress = 100 if status == "done" else progress
    if actor is not None and undoes_work(task.status, task.progress, status, progress) and not note.strip():
        raise Invalid({"note": "reason_to_undo"})  # one wrong tap must not take work back silently
    now = stamp_after_latest(session, task, now)
    day = local_day(now, tz)
    before_snapshot = _snapshot(task)
    if responsible_official is not None:  # the head names who in the unit answers for it
        task.responsible_official = responsible_official or None
    before = load_histories(session, [task.id])[task.id]
    update = TaskUpdate(task_id=task.id, unit_id=task.lead_unit_id, user_id=by_user_id,
                        created_at=now, day=day, status=status, progress=progress, note=note)
    session.add(update)
    after = replace(before, updates=before.updates
                    + (UpdateRecord(day, Status(status), progress, now, task.lead_unit_id),))
    _refresh(session, task, before, after, day)
    task.last_update_at = now
    session.flush()
    audit(session, by_user_id, "task_cancelled" if status == "cancelled" else "task_updated",
          f"task:{task.id}", now, before_snapshot, _snapshot(task), update_id=update.id)
    return task


def edit_task(session: Session, task_id: int, *, fields: TaskFields, lead_unit_id: int, reason: str,
              actor: Actor | None, now: datetime, tz: ZoneInfo, expected_version: int | None) -> Task:
    """A leader changes title, unit, dates or priority: an edit event, never an overwrite."""
    task, by = _load_for_change(session, task_id, expected_version, actor, Action.EDIT_TASK)
    if task.status == "cancelled":
        raise Invalid({"status": "cancelled_task"})  # as an update: a cancelled task stays as it was
    _active_unit(session, lead_unit_id)
    now = stamp_after_latest(session, task, now)
    day = local_day(now, tz)
    before_snapshot = _snapshot(task)
    before = load_histories(session, [task.id])[task.id]
    session.add(TaskEdit(task_id=task.id, user_id=by, created_at=now,
                         day=day, kind="edited", title=fields.title, lead_unit_id=lead_unit_id,
                         priority=fields.priority, start_date=fields.start_date,
                         due_date=fields.due_date, reason=reason))
    task.title, task.priority, task.start_date = fields.title, fields.priority, fields.start_date
    task.description, task.expected_result = fields.description, fields.expected_result
    task.source_ref = fields.source_ref or None
    task.search_text = search_text(fields.title, fields.source_ref)
    after = replace(before, due_changes=before.due_changes + (DueChange(day, fields.due_date),),
                    unit_changes=before.unit_changes + (UnitChange(day, lead_unit_id),))
    _refresh(session, task, before, after, day)
    session.flush()
    audit(session, by, "task_edited", f"task:{task.id}", now,
          before_snapshot, _snapshot(task), reason=reason)
    return task


def request_extension(session: Session, task_id: int, *, new_due: date, reason: str, actor: Actor | None,
                      now: datetime, tz: ZoneInfo, expected_version: int | None) -> Extension:
    task, by = _load_for_change(session, task_id, expected_version, actor, Action.REQUEST_EXTENSION)
    if task.status not in OPEN_STATUSES:
        raise Invalid({"new_due": "task_closed"})
    if new_due <= task.due_date:
        raise Invalid({"new_due": "not_later"})
    if session.scalar(select(Extension.id).where(Extension.task_id == task.id,
                                                 Extension.state == "pending")):
        raise Invalid({"new_due": "already_pending"})
    now = stamp_after_latest(session, task, now)
    extension = Extension(task_id=task.id, requested_by_id=by, requested_at=now,
                          old_due_date=task.due_date, new_due_date=new_due, reason=reason,
                          state="pending")
    session.add(extension)
    task.version += 1
    session.flush()
    audit(session, by, "extension_requested", f"task:{task.id}", now, None,
          {"old_due_date": str(task.due_date), "new_due_date": str(new_due)}, reason=reason)
    return extension


def decide_extension(session: Session, extension_id: int, *, approve: bool, note: str, actor: Actor | None,
                     now: datetime, tz: ZoneInfo) -> Extension:
    """A leader approves (the effective due date moves) or rejects a pending request."""
    by = check(actor, Action.DECIDE_EXTENSION)
    extension = session.get(Extension, extension_id, with_for_update=True)
    if extension is None:
        raise LookupError(extension_id)
    if extension.state != "pending":
        raise Invalid({"decision": "already_decided"})
    task, _by = _load_for_change(session, extension.task_id, None, actor, Action.DECIDE_EXTENSION)
    now = stamp_after_latest(session, task, now)
    day = local_day(now, tz)
    before_snapshot = _snapshot(task)
    extension.state = "approved" if approve else "rejected"
    extension.decided_by_id, extension.decided_at, extension.decided_day = by, now, day
    extension.decision_note = note
    if approve:
        before = load_histories(session, [task.id])[task.id]
        after = replace(before, due_changes=before.due_changes
                        + (DueChange(day, extension.new_due_date, True),))
        _refresh(session, task, before, after, day)
    else:
        task.version += 1
    session.flush()
    audit(session, by, f"extension_{extension.state}", f"task:{task.id}", now,
          before_snapshot, _snapshot(task), note=note, extension_id=extension.id)
    return extension


NOTE_ACTIONS = {"difficulty": Action.RAISE_DIFFICULTY, "direction": Action.DIRECT, "urge": Action.URGE,
                "evaluation": Action.EVALUATE}


def add_note(session: Session, task_id: int, *, kind: str, text: str, actor: Actor | None, now: datetime,
             update_id: int | None = None) -> TaskNote:
    """A difficulty, a direction (resolving open difficulties), an urge or an evaluation."""
    task = session.get(Task, task_id, with_for_update=True)
    if task is None:
        raise LookupError(task_id)
    if kind not in NOTE_ACTIONS:
        raise Invalid({"kind": "invalid"})
    by = check(actor, NOTE_ACTIONS[kind], task.lead_unit_id)
    if kind == "evaluation" and (update_id is None or session.scalar(
            select(TaskUpdate.task_id).where(TaskUpdate.id == update_id)) != task.id):
        raise Invalid({"update_id": "invalid"})
    now = stamp_after_latest(session, task, now)
    note = TaskNote(task_id=task.id, unit_id=task.lead_unit_id, user_id=by, created_at=now,
                    kind=kind, text=text, update_id=update_id)
    session.add(note)
    session.flush()
    if kind == "direction":  # the leader's direction answers every open difficulty
        for open_note in session.scalars(select(TaskNote).where(
                TaskNote.task_id == task.id, TaskNote.kind == "difficulty",
                TaskNote.resolved_by_id.is_(None))):
            open_note.resolved_by_id = note.id
    task.version += 1
    audit(session, by, f"note_{kind}", f"task:{task.id}", now, None, {"text": text},
          note_id=note.id)
    return note
