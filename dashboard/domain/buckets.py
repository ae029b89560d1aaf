"""Per-task definitions: open, overdue, due soon, done on time, the four buckets."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Bucket, Status, TaskState

DUE_SOON_DAYS = 3


def is_overdue(state: TaskState, day: date) -> bool:
    """Open on ``day`` and its effective due date is before ``day``."""
    return state.is_open and state.due < day


def days_overdue(state: TaskState, day: date) -> int:
    """D − effective due date for an overdue task, 0 otherwise."""
    return (day - state.due).days if is_overdue(state, day) else 0


def is_due_soon(state: TaskState, day: date, within_days: int = DUE_SOON_DAYS) -> bool:
    """Open on ``day`` and ``day`` ≤ effective due date ≤ ``day`` + 3."""
    return state.is_open and day <= state.due <= day + timedelta(days=within_days)


def is_done_on_time(state: TaskState) -> bool | None:
    """Whether a done task was done by its effective due date on the day it was done."""
    if state.status is not Status.DONE or state.done_on is None:
        return None
    assert state.done_due is not None  # known whenever done_on is (history.state_as_of)
    return state.done_on <= state.done_due


def is_on_time_after_extension(state: TaskState) -> bool:
    """On time only because an approved extension moved the date past the leader's own."""
    if not is_done_on_time(state):
        return False
    assert state.done_on is not None and state.done_leader_due is not None  # done: both known
    return state.done_on > state.done_leader_due


def bucket_of(state: TaskState, day: date) -> Bucket | None:
    """The four-bucket state on ``day``; ``None`` for a cancelled task."""
    if state.status is Status.CANCELLED:
        return None
    if state.status is Status.DONE:
        return Bucket.DONE_ON_TIME if is_done_on_time(state) else Bucket.DONE_LATE
    return Bucket.OVERDUE if is_overdue(state, day) else Bucket.WITHIN_DEADLINE


@dataclass(frozen=True, slots=True)
class BucketCounts:
    """Counts of tasks per bucket; ``not_started`` and ``after_extension`` are subsets."""

    done_on_time: int = 0
    done_late: int = 0
    within_deadline: int = 0
    overdue: int = 0
    not_started: int = 0  # of within_deadline: not started yet (shown grey)
    on_time_after_extension: int = 0  # of done_on_time
    due_soon: int = 0
    max_days_overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.within_deadline + self.overdue

    @property
    def open(self) -> int:
        return self.within_deadline + self.overdue


def count_buckets(states: Iterable[TaskState], day: date) -> BucketCounts:
    """Bucket counts of the given task states on ``day`` (cancelled tasks left out)."""
    counts = dict.fromkeys(
        ("done_on_time", "done_late", "within_deadline", "overdue", "not_started",
         "on_time_after_extension", "due_soon", "max_days_overdue"), 0)
    for state in states:
        bucket = bucket_of(state, day)
        if bucket is None:
            continue
        counts[bucket.value] += 1
        if bucket is Bucket.WITHIN_DEADLINE and state.status is Status.NOT_STARTED:
            counts["not_started"] += 1
        if bucket is Bucket.DONE_ON_TIME and is_on_time_after_extension(state):
            counts["on_time_after_extension"] += 1
        if is_due_soon(state, day):
            counts["due_soon"] += 1
        counts["max_days_overdue"] = max(counts["max_days_overdue"], days_overdue(state, day))
    return BucketCounts(**counts)
