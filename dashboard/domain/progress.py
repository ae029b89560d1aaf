"""Daily and weekly progress of a unit (docs/DESIGN.md "The numbers")."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .buckets import is_done_on_time, is_overdue
from .history import state_as_of
from .model import Status, TaskHistory
from .periods import Period


@dataclass(frozen=True, slots=True)
class DailyProgress:
    done_on_time: int
    done_late: int
    progress_points: int
    updates: int


def daily_progress(histories: Iterable[TaskHistory], unit_id: int, day: date) -> DailyProgress:
    """Tasks done on ``day``, progress points gained that day and updates made that day.

    A task belongs to the unit it was assigned to on ``day``. Points are progress
    as of ``day`` minus progress as of the day before, never below 0 for a task.
    """
    on_time = late = points = updates = 0
    yesterday = day - timedelta(days=1)
    for history in histories:
        state = state_as_of(history, day)
        if state is None or state.unit_id != unit_id:
            continue
        before = state_as_of(history, yesterday)
        points += max(0, state.progress - (before.progress if before else 0))
        updates += sum(1 for update in history.updates if update.day == day)
        if state.done_on == day:
            if is_done_on_time(state):
                on_time += 1
            else:
                late += 1
    return DailyProgress(on_time, late, points, updates)


@dataclass(frozen=True, slots=True)
class WeeklyProgress:
    due: int  # tasks whose effective due date falls in the week (cancelled left out)
    due_done_on_time: int  # of those, done on time
    done: int  # tasks that reached done during the week
    open: int  # open at the end of the week
    overdue: int  # overdue at the end of the week


def weekly_progress(histories: Iterable[TaskHistory], unit_id: int, week: Period,
                    today: date) -> WeeklyProgress:
    """A unit's figures for ``week``, as known at the end of the week (or ``today`` if sooner)."""
    as_of = min(week.end, today)
    due = due_on_time = done = open_ = overdue = 0
    for history in histories:
        state = state_as_of(history, as_of)
        if state is None or state.unit_id != unit_id or state.status is Status.CANCELLED:
            continue
        if state.due in week:
            due += 1
            if is_done_on_time(state):
                due_on_time += 1
        if state.done_on is not None and state.done_on in week:
            done += 1
        if state.is_open:
            open_ += 1
            if is_overdue(state, as_of):
                overdue += 1
    return WeeklyProgress(due, due_on_time, done, open_, overdue)


def with_deltas(current: WeeklyProgress, previous: WeeklyProgress) -> dict[str, tuple[int, int]]:
    """Each figure of ``current`` with its change against ``previous``."""
    return {name: (getattr(current, name), getattr(current, name) - getattr(previous, name))
            for name in WeeklyProgress.__slots__}
