"""A task as it stood at the end of any day, rebuilt from its history."""
from __future__ import annotations

from datetime import date

from .model import Status, TaskHistory, TaskState


def _last_on_or_before(events, day: date):
    """The latest event whose day is on or before ``day`` (events are chronological)."""
    found = None
    for event in events:
        if event.day > day:
            break
        found = event
    return found


def due_as_of(history: TaskHistory, day: date) -> tuple[date, date]:
    """(effective due date, due date as last set by a leader) at the end of ``day``. A leader's
    edit that keeps the due date in effect (a new title after an extension) sets no deadline of
    its own: the extension stays an extension."""
    effective = leader = history.due_changes[0].due
    for change in history.due_changes:
        if change.day > day:
            break
        if change.by_extension:
            effective = change.due
        elif change.due != effective:
            effective = leader = change.due
    return effective, leader


def state_as_of(history: TaskHistory, day: date) -> TaskState | None:
    """The task at the end of ``day``; ``None`` before it was created."""
    if day < history.created_on:
        return None
    unit = _last_on_or_before(history.unit_changes, day) or history.unit_changes[0]
    due, leader_due = due_as_of(history, day)
    status, progress, done_on = Status.NOT_STARTED, 0, None
    for update in history.updates:
        if update.day > day:
            break
        if update.status is Status.DONE and status is not Status.DONE:
            done_on = update.day
        status, progress = update.status, update.progress
    if status is not Status.DONE:
        done_on = None
    done_due = done_leader_due = None
    if done_on is not None:
        done_due, done_leader_due = due_as_of(history, done_on)
    return TaskState(
        unit_id=unit.unit_id,
        status=status,
        progress=100 if status is Status.DONE else progress,
        due=due,
        leader_due=leader_due,
        done_on=done_on,
        done_due=done_due,
        done_leader_due=done_leader_due,
    )


def existing_state_as_of(history: TaskHistory, day: date) -> TaskState:
    """``state_as_of`` for a day the task already existed on, where it always has a state."""
    state = state_as_of(history, day)
    if state is None:
        raise ValueError(f"task {history.task_id} did not exist yet on {day}")
    return state
