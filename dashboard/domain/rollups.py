"""What one task contributes to its unit's daily rollups.

Two kinds (docs/DESIGN.md "Storage and scale"): *events* of a day (created, done on time or
late, cancelled, progress points, updates) are exact and kept with each write; *states*
at the end of a day (open, overdue, due soon, ...) are snapshotted once a day is closed.
Both are defined here once, so what is kept and what is rebuilt cannot disagree.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import cast

from .buckets import DUE_SOON_DAYS, BucketCounts, count_buckets, is_done_on_time, is_on_time_after_extension
from .history import existing_state_as_of, state_as_of
from .model import Status, TaskHistory, TaskState

SevenCounters = tuple[int, int, int, int, int, int, int]  # so mypy checks the positional call's arity


@dataclass(frozen=True, slots=True)
class DayEvents:
    """A unit's events of one day; sums of per-task contributions."""

    tasks_created: int = 0
    done_on_time: int = 0
    done_late: int = 0
    done_after_extension: int = 0
    cancelled: int = 0
    progress_points: int = 0
    updates: int = 0
    first_update_at: datetime | None = None
    last_update_at: datetime | None = None

    @classmethod
    def from_counters(cls, counters: Iterable[int], first_update_at: datetime | None = None,
                      last_update_at: datetime | None = None) -> DayEvents:
        """Events from their counters, in ``COUNTERS``' order, and the day's first and last update."""
        counters = tuple(counters)
        if len(counters) != len(COUNTERS):
            raise ValueError(f"{len(COUNTERS)} counters expected, not {len(counters)}")
        # By position (the counters are the first fields): a province's overview makes
        # thousands, and by name took twice as long.
        return cls(*cast(SevenCounters, counters), first_update_at, last_update_at)

    def __add__(self, other: DayEvents) -> DayEvents:
        # Field by field: the overview adds today's row to each of 500 units' kept week.
        return DayEvents(self.tasks_created + other.tasks_created, self.done_on_time + other.done_on_time,
                         self.done_late + other.done_late,
                         self.done_after_extension + other.done_after_extension,
                         self.cancelled + other.cancelled, self.progress_points + other.progress_points,
                         self.updates + other.updates,
                         _earliest(self.first_update_at, other.first_update_at),
                         _latest(self.last_update_at, other.last_update_at))

    def counters(self) -> tuple[int, ...]:
        return _counters_of(self)

    def minus(self, other: DayEvents) -> DayEvents:
        """Counter differences (the moments are not subtracted: they only move forward)."""
        return DayEvents.from_counters((mine - theirs for mine, theirs in zip(self.counters(), other.counters())),
                                       first_update_at=self.first_update_at, last_update_at=self.last_update_at)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in COUNTERS) and self.first_update_at is None


COUNTERS = tuple(f.name for f in fields(DayEvents) if f.name not in ("first_update_at", "last_update_at"))
assert [f.name for f in fields(DayEvents)][:len(COUNTERS)] == list(COUNTERS)  # from_counters relies on it
_counters_of = attrgetter(*COUNTERS)


def _earliest(a, b):
    return b if a is None else a if b is None else min(a, b)


def _latest(a, b):
    return b if a is None else a if b is None else max(a, b)


def task_day_events(history: TaskHistory, day: date) -> dict[int, DayEvents]:
    """The events one task adds to its units' rollups of ``day`` (keyed by unit id).

    Creation, completion, cancellation and progress points belong to the unit that leads
    the task at the end of the day; each update belongs to the unit that led it when it
    was made, so a later reassignment never rewrites who reported.
    """
    state = state_as_of(history, day)
    if state is None:
        return {}
    before = state_as_of(history, day - timedelta(days=1))
    done_today = state.done_on == day
    on_time = done_today and bool(is_done_on_time(state))
    result = {state.unit_id: DayEvents(
        tasks_created=int(history.created_on == day),
        done_on_time=int(on_time),
        done_late=int(done_today and not on_time),
        done_after_extension=int(done_today and is_on_time_after_extension(state)),
        cancelled=int(state.status is Status.CANCELLED
                      and (before is None or before.status is not Status.CANCELLED)),
        progress_points=max(0, state.progress - (before.progress if before else 0)),
    )}
    for update in history.updates:
        if update.day == day:
            unit_id = update.unit_id if update.unit_id is not None else state.unit_id
            result[unit_id] = result.get(unit_id, DayEvents()) + DayEvents(
                updates=1, first_update_at=update.at, last_update_at=update.at)
    return {unit_id: events for unit_id, events in result.items() if not events.is_empty}


def event_days(history: TaskHistory) -> set[date]:
    """Every day on which the task can have an event (creation and update days)."""
    days = {history.created_on} | {u.day for u in history.updates}
    return days


def rebuild_events(histories: Iterable[TaskHistory]) -> dict[tuple[int, date], DayEvents]:
    """Every unit's events on every day, from the raw histories."""
    totals: dict[tuple[int, date], DayEvents] = defaultdict(DayEvents)
    for history in histories:
        for day in event_days(history):
            for unit_id, events in task_day_events(history, day).items():
                totals[(unit_id, day)] = totals[(unit_id, day)] + events
    return dict(totals)


@dataclass(frozen=True, slots=True)
class DayStates:
    """A unit's open work at the end of a day (``not_started``: within deadline, not started)."""

    open: int = 0
    not_started: int = 0
    overdue: int = 0
    due_soon: int = 0
    max_days_overdue: int = 0


def states_from_counts(counts: BucketCounts) -> DayStates:
    return DayStates(counts.open, counts.not_started, counts.overdue, counts.due_soon,
                     counts.max_days_overdue)


def unit_states(histories: Iterable[TaskHistory], day: date) -> dict[int, DayStates]:
    """Each unit's states at the end of ``day`` (only units with open tasks)."""
    by_unit: dict[int, list] = defaultdict(list)
    for history in histories:
        state = state_as_of(history, day)
        if state is not None and state.is_open:
            by_unit[state.unit_id].append(state)
    return {unit_id: states_from_counts(count_buckets(states, day))
            for unit_id, states in by_unit.items()}


def states_by_day(histories: Iterable[TaskHistory], first: date, last: date,
                  overdue: list[tuple[date, int, int, date]] | None = None
                  ) -> dict[tuple[int, date], DayStates]:
    """Every unit's states at the end of each day from ``first`` to ``last``, in one sweep.

    Equal to ``unit_states`` day by day, but walks each task once: its state only
    changes on its event days, and between them only the clock moves. When given a
    list, ``overdue`` receives (day, task id, unit id, due date) of every overdue task.
    """
    totals: dict[tuple[int, date], list[int]] = {}
    for history in histories:
        changes = change_days(history)
        day = max(first, history.created_on)
        state = existing_state_as_of(history, day)
        next_index = next((i for i, d in enumerate(changes) if d > day), len(changes))
        while day <= last:
            if next_index < len(changes) and changes[next_index] <= day:
                state = existing_state_as_of(history, day)
                next_index += 1
                while next_index < len(changes) and changes[next_index] <= day:
                    next_index += 1
            if not state.is_open:
                if next_index >= len(changes):
                    break  # closed for good
                day = changes[next_index]
                continue
            row = totals.setdefault((state.unit_id, day), [0, 0, 0, 0, 0])
            row[0] += 1
            if state.due < day:
                row[2] += 1
                row[4] = max(row[4], (day - state.due).days)
                if overdue is not None:
                    overdue.append((day, history.task_id, state.unit_id, state.due))
            else:
                row[1] += state.status is Status.NOT_STARTED  # grey: within deadline, not started
                row[3] += state.due <= day + timedelta(days=DUE_SOON_DAYS)
            day += timedelta(days=1)
    return {key: DayStates(*values) for key, values in totals.items()}


def change_days(history: TaskHistory) -> list[date]:
    """The days on which the task's state can change; between them only the clock moves."""
    return sorted({history.created_on} | {u.day for u in history.updates}
                  | {c.day for c in history.due_changes} | {c.day for c in history.unit_changes})


def state_spans(history: TaskHistory) -> list[tuple[date, date | None, TaskState]]:
    """(from day, to day or None while it holds, state) for each change day of the task: its
    state as of any day D is the span's with from <= D < to."""
    days = [day for day in change_days(history) if day >= history.created_on]
    return [(day, days[n + 1] if n + 1 < len(days) else None, existing_state_as_of(history, day))
            for n, day in enumerate(days)]
