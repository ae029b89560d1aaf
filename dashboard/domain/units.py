"""Unit-level figures: on-time rate, severity, silent units and the ranking."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from .buckets import is_done_on_time
from .history import state_as_of
from .model import Status, TaskHistory
from .periods import Period
from .vietnamese import sort_key


@dataclass(frozen=True, slots=True)
class OnTimeRate:
    on_time: int
    due: int

    @property
    def rate(self) -> float | None:
        """``None`` (shown as "—", never 0 or 100) when nothing fell due."""
        return self.on_time / self.due if self.due else None


def on_time_rate(histories: Iterable[TaskHistory], period: Period, today: date,
                 unit_id: int | None = None) -> OnTimeRate:
    """Tasks due in ``period`` done on time, over all tasks due in it (cancelled left out).

    Evaluated at the end of the period, or ``today`` while the period is running.
    """
    as_of = min(period.end, today)
    on_time = due = 0
    for history in histories:
        state = state_as_of(history, as_of)
        if state is None or state.status is Status.CANCELLED:
            continue
        if unit_id is not None and state.unit_id != unit_id:
            continue
        if state.due in period:
            due += 1
            on_time += bool(is_done_on_time(state))
    return OnTimeRate(on_time, due)


class Severity(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True, slots=True)
class SeverityThresholds:
    red_overdue_count: int = 3  # this many overdue tasks make a unit red
    red_days_overdue: int = 7  # a task overdue more than this many days makes it red


def severity(overdue_count: int, max_days_overdue: int,
             thresholds: SeverityThresholds = SeverityThresholds()) -> Severity:
    if overdue_count <= 0:
        return Severity.GREEN
    if (overdue_count >= thresholds.red_overdue_count
            or max_days_overdue > thresholds.red_days_overdue):
        return Severity.RED
    return Severity.AMBER


def is_silent(open_tasks: int, update_times: Iterable[datetime], day: date,
              cutoff: time = time(17, 0)) -> bool:
    """A unit with open tasks and no update on ``day`` by the cut-off (local times)."""
    if open_tasks <= 0:
        return False
    return not any(moment.date() == day and moment.time() <= cutoff for moment in update_times)


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """What the ranking needs of one unit for a period."""

    unit_id: int
    name: str
    on_time: OnTimeRate
    overdue_at_end: int
    satisfaction_rate: float | None  # None when below the minimum sample


@dataclass(frozen=True, slots=True)
class RankedUnit:
    figures: UnitFigures
    rank: int | None  # None: no task fell due in the period, listed after, unranked


def _name_key(name: str) -> tuple:
    return sort_key(name)  # Vietnamese alphabetical order: Đ after D, tones after the letter


def rank_units(units: Sequence[UnitFigures]) -> list[RankedUnit]:
    """On-time rate desc, overdue at the end asc, satisfaction desc, then name.

    Units with no task due in the period follow, unranked, by name.
    """
    ranked = [u for u in units if u.on_time.rate is not None]
    unranked = [u for u in units if u.on_time.rate is None]
    ranked.sort(key=_rank_key)
    unranked.sort(key=lambda u: _name_key(u.name))
    return ([RankedUnit(u, position) for position, u in enumerate(ranked, start=1)]
            + [RankedUnit(u, None) for u in unranked])


def _rank_key(u: UnitFigures) -> tuple:
    rate = u.on_time.rate
    assert rate is not None  # only units with a task due in the period are ranked
    return (-rate, u.overdue_at_end, -(u.satisfaction_rate if u.satisfaction_rate is not None else -1.0),
            _name_key(u.name))


SEVERITY_ORDER = {Severity.RED: 0, Severity.AMBER: 1, Severity.GREEN: 2}


def attention_key(level: Severity, overdue: int, max_days_overdue: int, name: str) -> tuple:
    """Sort key that puts the units a leader must chase first: red, amber, then green."""
    return (SEVERITY_ORDER[level], -overdue, -max_days_overdue, _name_key(name))
