"""Plain data describing a task's history, as the domain logic sees it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS})


class Bucket(StrEnum):
    """The Government Office's four buckets; every task state is coloured by one."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    WITHIN_DEADLINE = "within_deadline"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class DueChange:
    """The due date set on ``day``: by the assignment, a leader's edit or an approved extension."""

    day: date
    due: date
    by_extension: bool = False


@dataclass(frozen=True, slots=True)
class UnitChange:
    """The lead unit set on ``day`` (assignment or reassignment)."""

    day: date
    unit_id: int


@dataclass(frozen=True, slots=True)
class UpdateRecord:
    """One append-only update: the task's status and progress after it."""

    day: date
    status: Status
    progress: int
    at: datetime | None = None  # the moment it was made (aware), when known
    unit_id: int | None = None  # the lead unit when it was made: the update is that unit's


@dataclass(frozen=True, slots=True)
class TaskHistory:
    """Everything needed to know a task as it stood on any day.

    Each tuple is in the order the events happened; the first due and unit
    change are the assignment, made on ``created_on``.
    """

    task_id: int
    created_on: date
    due_changes: tuple[DueChange, ...]
    unit_changes: tuple[UnitChange, ...]
    updates: tuple[UpdateRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task as it stood at the end of one day."""

    unit_id: int
    status: Status
    progress: int
    due: date  # effective due date: last set by assignment, edit or approved extension
    leader_due: date  # last set by the assignment or a leader's edit, extensions ignored
    done_on: date | None  # day of the latest transition into done, while done
    done_due: date | None  # effective due date on done_on
    done_leader_due: date | None  # leader_due on done_on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
