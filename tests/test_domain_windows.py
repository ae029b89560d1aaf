"""What a period is compared with: like with like (DESIGN: change against the previous period)."""
import pytest

from dashboard.domain.overview import PeriodError, PeriodKind, resolve_window
from dashboard.domain.periods import Period, kept_period

from .domain_helpers import d

TODAY = d("2026-12-31")


@pytest.mark.parametrize("kind, as_of, shown, previous", [
    # this week up to Wednesday: last Monday to Wednesday, not last Friday to Sunday
    ("week", "2026-12-02", ("2026-11-30", "2026-12-02"), ("2026-11-23", "2026-11-25")),
    # a whole week: the whole week before
    ("week", "2026-12-06", ("2026-11-30", "2026-12-06"), ("2026-11-23", "2026-11-29")),
    # 1–2 December: 1–2 November, not 29–30 November
    ("month", "2026-12-02", ("2026-12-01", "2026-12-02"), ("2026-11-01", "2026-11-02")),
    # a whole month: the whole month before, whatever its length
    ("month", "2026-11-30", ("2026-11-01", "2026-11-30"), ("2026-10-01", "2026-10-31")),
    ("month", "2026-03-31", ("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")),
    # 1–30 March to date: February has only 28 days, so all of it
    ("month", "2026-03-30", ("2026-03-01", "2026-03-30"), ("2026-02-01", "2026-02-28")),
    # a leap year's February to date against January's first days
    ("month", "2028-02-29", ("2028-02-01", "2028-02-29"), ("2028-01-01", "2028-01-31")),
    ("day", "2026-12-01", ("2026-12-01", "2026-12-01"), ("2026-11-30", "2026-11-30")),
])
def test_a_period_is_compared_with_the_same_span_of_the_previous_one(kind, as_of, shown, previous):
    window = resolve_window(kind, d(as_of), d("2028-12-31"))
    assert window.shown == Period(d(shown[0]), d(shown[1]))
    assert window.previous == Period(d(previous[0]), d(previous[1]))
    assert window.kind is PeriodKind(kind)


def test_to_date_says_whether_the_period_is_still_running():
    assert resolve_window("week", d("2026-12-02"), TODAY).to_date
    assert not resolve_window("week", d("2026-12-06"), TODAY).to_date
    assert not resolve_window("day", d("2026-12-02"), TODAY).to_date
    assert resolve_window("month", d("2026-12-30"), TODAY).to_date  # the 31st is still to come


def test_a_custom_range_is_compared_with_the_range_before_it():
    whole = resolve_window("custom", TODAY, TODAY, d("2026-12-11"), d("2026-12-20"))
    assert whole.previous == Period(d("2026-12-01"), d("2026-12-10")) and not whole.to_date
    running = resolve_window("custom", d("2026-12-13"), d("2026-12-13"), d("2026-12-11"), d("2026-12-20"))
    assert running.shown == Period(d("2026-12-11"), d("2026-12-13"))
    assert running.previous == Period(d("2026-12-01"), d("2026-12-03")) and running.to_date


def test_the_future_is_refused():
    with pytest.raises(PeriodError):
        resolve_window("week", d("2027-01-01"), TODAY)


@pytest.mark.parametrize("start, end, today, kept", [
    ("2026-11-30", "2026-12-06", "2026-12-31", ("week", "2026-11-30")),  # a whole ISO week
    ("2026-11-30", "2026-12-02", "2026-12-02", ("week", "2026-11-30")),  # this week to today
    ("2026-11-30", "2026-12-02", "2026-12-03", None),  # cut at a past day: later days would count
    ("2026-12-01", "2026-12-31", "2027-01-05", ("month", "2026-12-01")),  # a whole month
    ("2026-12-01", "2026-12-06", "2026-12-06", ("month", "2026-12-01")),  # this month to today
    ("2026-12-01", "2026-12-06", "2026-12-07", None),
    ("2028-02-01", "2028-02-29", "2028-03-01", ("month", "2028-02-01")),  # a leap February
    ("2026-12-01", "2026-12-01", "2026-12-01", ("month", "2026-12-01")),  # the 1st, today (a Tuesday)
    ("2026-11-30", "2026-11-30", "2026-11-30", ("week", "2026-11-30")),  # a Monday, today
    ("2026-12-02", "2026-12-06", "2026-12-31", None),  # not from a week's or a month's start
    ("2026-11-30", "2026-12-07", "2026-12-31", None),  # longer than a week
    ("2026-06-01", "2026-06-07", "2026-07-01", ("week", "2026-06-01")),  # a Monday that is the 1st:
    ("2026-06-01", "2026-06-30", "2026-07-01", ("month", "2026-06-01")),  # its week, or its month
])
def test_a_period_is_read_from_a_kept_week_or_month_only_when_it_is_one(start, end, today, kept):
    found = kept_period(Period(d(start), d(end)), d(today))
    assert found == (kept if kept is None else (kept[0], d(kept[1])))
