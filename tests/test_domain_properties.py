"""Property-based checks of the definitions over random histories."""
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain.buckets import count_buckets
from dashboard.domain.history import state_as_of
from dashboard.domain.model import DueChange, Status, TaskHistory, UnitChange, UpdateRecord
from dashboard.domain.periods import Period
from dashboard.domain.rollups import COUNTERS, DayEvents
from dashboard.domain.satisfaction import satisfaction_of, wilson_interval
from dashboard.domain.units import on_time_rate

START = date(2026, 1, 1)


@st.composite
def histories(draw):
    created = START + timedelta(days=draw(st.integers(0, 40)))
    due = created + timedelta(days=draw(st.integers(0, 30)))
    day = created
    updates = []
    for _ in range(draw(st.integers(0, 6))):
        day += timedelta(days=draw(st.integers(0, 5)))
        status = draw(st.sampled_from(list(Status)))
        updates.append(UpdateRecord(day, status, draw(st.integers(0, 100))))
    extensions = []
    if draw(st.booleans()):
        extensions.append(DueChange(created + timedelta(days=draw(st.integers(0, 40))),
                                    due + timedelta(days=draw(st.integers(1, 20))), True))
    return TaskHistory(1, created, (DueChange(created, due),) + tuple(extensions),
                       (UnitChange(created, 1),), tuple(updates))


@settings(max_examples=200, deadline=None)
@given(st.lists(histories(), max_size=15), st.integers(0, 90))
def test_bucket_counts_sum_to_the_tasks_that_exist_and_are_not_cancelled(tasks, offset):
    day = START + timedelta(days=offset)
    states = [s for h in tasks if (s := state_as_of(h, day)) is not None]
    counts = count_buckets(states, day)
    assert counts.total == sum(1 for s in states if s.status is not Status.CANCELLED)
    assert 0 <= counts.not_started <= counts.within_deadline
    assert 0 <= counts.on_time_after_extension <= counts.done_on_time


@settings(max_examples=200, deadline=None)
@given(st.lists(histories(), max_size=15), st.integers(0, 60), st.integers(0, 30))
def test_on_time_rate_lies_between_zero_and_one(tasks, offset, length):
    start = START + timedelta(days=offset)
    rate = on_time_rate(tasks, Period(start, start + timedelta(days=length)), today=date(2026, 12, 31))
    assert rate.rate is None or 0.0 <= rate.rate <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=400))
def test_wilson_interval_contains_the_rate(scores):
    result = satisfaction_of(scores)
    low, high = result.interval
    assert 0.0 <= low <= result.rate <= high <= 1.0
    assert 1.0 <= result.mean <= 5.0


@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_interval_is_ordered(successes, extra):
    n = successes + extra
    low, high = wilson_interval(successes, n)
    assert low <= successes / n <= high


_MOMENTS = st.none() | st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31))
_EVENTS = st.builds(lambda counters, first, last: DayEvents.from_counters(counters, first, last),
                    st.lists(st.integers(-50, 50), min_size=len(COUNTERS), max_size=len(COUNTERS)), _MOMENTS, _MOMENTS)


@given(_EVENTS, _EVENTS)
def test_adding_events_adds_every_counter_and_keeps_the_earliest_and_latest_moments(mine, theirs):
    # Written field by field for speed: a counter added to DayEvents must be added here too.
    total = mine + theirs
    assert total.counters() == tuple(a + b for a, b in zip(mine.counters(), theirs.counters()))
    firsts = [moment for moment in (mine.first_update_at, theirs.first_update_at) if moment]
    lasts = [moment for moment in (mine.last_update_at, theirs.last_update_at) if moment]
    assert total.first_update_at == min(firsts, default=None)
    assert total.last_update_at == max(lasts, default=None)
    assert total.minus(theirs).counters() == mine.counters()
