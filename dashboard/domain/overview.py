"""The overview's figures, assembled from rollup rows by the definitions of docs/DESIGN.md."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .periods import Period, iso_week, last_weeks, month_of
from .recommendations import Counts as RecommendationCounts
from .rollups import COUNTERS, DayEvents, DayStates
from .satisfaction import MIN_SAMPLE, Satisfaction, score_counts
from .units import OnTimeRate, Severity, SeverityThresholds, UnitFigures, rank_units, severity


class PeriodKind(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


class PeriodError(ValueError):
    """A period the user asked for that cannot be shown; the message says why."""


MAX_CUSTOM_DAYS = 366


@dataclass(frozen=True, slots=True)
class Window:
    """What a page shows: the period up to the as-of day, and what it is compared with."""

    period: Period  # the whole chosen period
    shown: Period  # its part up to the as-of day: what is known "as of" it
    previous: Period  # the previous period: whole, or the same span at its start (to date)
    as_of: date
    kind: PeriodKind = PeriodKind.DAY

    @property
    def to_date(self) -> bool:
        """The period is still running on the as-of day (this week up to Wednesday)."""
        return self.shown.end < self.period.end


def previous_of(kind: PeriodKind, period: Period, shown: Period) -> Period:
    """Like with like: a whole period against the whole previous one; a period to date against
    the same span at the start of the previous one (last Monday–Wednesday; 1–2 of last month,
    clipped to that month's length)."""
    if kind is PeriodKind.MONTH:
        before = month_of(period.start - timedelta(days=1))
        if shown == period:
            return before
        return Period(before.start, min(before.end, before.start + timedelta(days=shown.days - 1)))
    start = period.start - timedelta(days=period.days)
    return Period(start, start + timedelta(days=shown.days - 1))


def resolve_window(kind: str, as_of: date, today: date, start: date | None = None,
                   end: date | None = None) -> Window:
    """Turn the page's controls into periods; refuses days in the future and bad ranges."""
    if as_of > today:
        raise PeriodError("future")
    try:
        kind = PeriodKind(kind)
    except ValueError as error:
        raise PeriodError("kind") from error
    if kind is PeriodKind.DAY:
        period = Period(as_of, as_of)
    elif kind is PeriodKind.WEEK:
        period = iso_week(as_of)
    elif kind is PeriodKind.MONTH:
        period = month_of(as_of)
    else:
        if start is None or end is None:
            raise PeriodError("range")
        if end < start:
            raise PeriodError("order")
        if start > today:
            raise PeriodError("future")
        if (end - start).days + 1 > MAX_CUSTOM_DAYS:
            raise PeriodError("too_long")
        period = Period(start, end)
        as_of = min(end, today)
    shown = Period(period.start, min(period.end, as_of))
    return Window(period, shown, previous_of(kind, period, shown), as_of, kind)


@dataclass(frozen=True, slots=True)
class Change:
    value: float | int | None
    previous: float | int | None

    @property
    def delta(self) -> float | int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class Headline:
    open: Change
    overdue: Change
    due_soon: Change
    done_on_time: Change
    done_late: Change
    done_after_extension: Change
    on_time_rate: Change
    silent_units: Change | None  # None: not looked for (a unit's own page, which shows no such count)
    satisfaction_rate: Change
    ratings: Change
    satisfaction_enough: bool = True
    # Citizens' recommendations, a figure of their own (never mixed into the tasks'):
    recommendations_on_time: Change = Change(None, None)  # answered by the deadline / due
    recommendations_due: int = 0
    recommendations_overdue: Change = Change(0, 0)  # past the deadline, unanswered, at the end


def within_deadline(headline: Headline) -> Change:
    """Open within deadline (the blue bucket): open and not overdue, now and before."""
    def minus(open_: float | int | None, overdue: float | int | None) -> float | int | None:
        return None if open_ is None or overdue is None else open_ - overdue
    return Change(minus(headline.open.value, headline.overdue.value),
                  minus(headline.open.previous, headline.overdue.previous))


def total_events(events: dict[int, DayEvents]) -> DayEvents:
    """The units' events summed (field by field: 500 units, not 500 additions of records)."""
    values = list(events.values())
    firsts = [value.first_update_at for value in values if value.first_update_at is not None]
    lasts = [value.last_update_at for value in values if value.last_update_at is not None]
    return DayEvents.from_counters((sum(getattr(value, name) for value in values) for name in COUNTERS),
                                   first_update_at=min(firsts, default=None),
                                   last_update_at=max(lasts, default=None))


def total_states(states: dict[int, DayStates]) -> DayStates:
    return DayStates(sum(s.open for s in states.values()), sum(s.not_started for s in states.values()),
                     sum(s.overdue for s in states.values()), sum(s.due_soon for s in states.values()),
                     max((s.max_days_overdue for s in states.values()), default=0))


def rate_of(on_time: dict[int, tuple[int, int]]) -> OnTimeRate:
    return OnTimeRate(sum(v[1] for v in on_time.values()), sum(v[0] for v in on_time.values()))


def satisfaction_total(ratings: dict[int, tuple[int, ...]], min_sample: int = MIN_SAMPLE) -> Satisfaction:
    counts = [0] * 5
    for scores in ratings.values():
        counts = [a + b for a, b in zip(counts, scores)]
    return Satisfaction(score_counts(counts), min_sample)


def silent_units(states: dict[int, DayStates], reported: set[int]) -> list[int]:
    """Units with open work on a day and no update by its cut-off (``reported`` did update)."""
    return sorted(unit for unit, state in states.items() if state.open > 0 and unit not in reported)


@dataclass(frozen=True, slots=True)
class RankingRow:
    rank: int | None
    unit_id: int
    code: str
    name: str
    done_on_time: int
    done_late: int
    within_deadline: int
    overdue: int
    max_days_overdue: int
    on_time: OnTimeRate
    severity: Severity
    last_update_at: datetime | None
    satisfaction: Satisfaction
    recommendations: RecommendationCounts = RecommendationCounts()  # shown beside; not in the rank


# What a unit without rows counts. The records are made once here: made as ``get``'s default
# for each of a province's 500 units, they took two thirds of the ranking's time.
_NOTHING_DUE, _NO_RATINGS = (0, 0), (0, 0, 0, 0, 0)
_NO_STATES, _NO_EVENTS, _NO_RECOMMENDATIONS = DayStates(), DayEvents(), RecommendationCounts()


def ranking(units, events: dict[int, DayEvents], states_at_end: dict[int, DayStates],
            on_time: dict[int, tuple[int, int]], ratings: dict[int, tuple[int, ...]],
            last_updates: dict[int, datetime], thresholds: SeverityThresholds,
            min_sample: int = MIN_SAMPLE,
            recommendations: dict[int, RecommendationCounts] | None = None) -> list[RankingRow]:
    """The unit ranking for a period with everything its table shows (the citizens'
    recommendations beside each unit, as a figure of their own: the rank is the tasks')."""
    recommendations = recommendations or {}
    figures, extra = [], {}
    for unit in units:
        due, done_on_time_due = on_time.get(unit.id, _NOTHING_DUE)
        state = states_at_end.get(unit.id, _NO_STATES)
        satisfaction = Satisfaction(score_counts(ratings.get(unit.id, _NO_RATINGS)), min_sample)
        figures.append(UnitFigures(unit.id, unit.name, OnTimeRate(done_on_time_due, due), state.overdue,
                                   satisfaction.rate if satisfaction.enough else None))
        extra[unit.id] = (unit, state, satisfaction)
    rows = []
    for ranked in rank_units(figures):
        unit, state, satisfaction = extra[ranked.figures.unit_id]
        unit_events = events.get(unit.id, _NO_EVENTS)
        rows.append(RankingRow(
            ranked.rank, unit.id, unit.code, unit.name, unit_events.done_on_time, unit_events.done_late,
            state.open - state.overdue, state.overdue, state.max_days_overdue, ranked.figures.on_time,
            severity(state.overdue, state.max_days_overdue, thresholds),
            last_updates.get(unit.id), satisfaction, recommendations.get(unit.id, _NO_RECOMMENDATIONS)))
    return rows


def weeks_ending(day: date, count: int) -> list[Period]:
    """``count`` ISO weeks, the last one holding ``day`` (cut at ``day``), oldest first."""
    weeks = last_weeks(day, count)
    return weeks[:-1] + [Period(weeks[-1].start, day)]


def fold_by_week(per_day: dict[date, DayEvents], weeks: list[Period]) -> list[DayEvents]:
    result = []
    for week in weeks:
        total = DayEvents()
        for day, events in per_day.items():
            if day in week:
                total = total + events
        result.append(total)
    return result


def red_first(rows: list[RankingRow]) -> list[RankingRow]:
    """Ranking rows with the units to chase on top: red, then amber, then green, each by rank."""
    from .units import SEVERITY_ORDER
    return sorted(rows, key=lambda row: (SEVERITY_ORDER[row.severity], row.rank is None,
                                         row.rank or 0, row.name.casefold()))
