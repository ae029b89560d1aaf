"""Unit-level definitions: progress, on-time rate, severity, silence, ranking, periods."""
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dashboard.domain.periods import Period, iso_week, last_weeks, local_day, month_of
from dashboard.domain.progress import daily_progress, weekly_progress, with_deltas
from dashboard.domain.units import (
    OnTimeRate,
    Severity,
    SeverityThresholds,
    UnitFigures,
    is_silent,
    on_time_rate,
    rank_units,
    severity,
)

from .domain_helpers import d, task

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_daily_progress_counts_points_done_and_updates():
    histories = [
        task("2026-03-01", "2026-03-10", ("2026-03-03", "in_progress", 40),
             ("2026-03-04", "in_progress", 70), ("2026-03-04", "in_progress", 60), task_id=1),
        task("2026-03-01", "2026-03-03", ("2026-03-04", "done", 100), task_id=2),
        task("2026-03-01", "2026-03-10", ("2026-03-04", "in_progress", 20), unit=2, task_id=3),
    ]
    result = daily_progress(histories, unit_id=1, day=d("2026-03-04"))
    assert result.progress_points == 20 + 100  # 40→60, and 0→100
    assert (result.done_on_time, result.done_late) == (0, 1)
    assert result.updates == 3


def test_daily_progress_never_counts_a_fall_as_negative():
    histories = [task("2026-03-01", "2026-03-10", ("2026-03-03", "in_progress", 80),
                      ("2026-03-04", "in_progress", 50))]
    assert daily_progress(histories, 1, d("2026-03-04")).progress_points == 0


def test_weekly_progress_and_deltas():
    week = iso_week(d("2026-03-11"))  # Mon 9 – Sun 15 March 2026
    histories = [
        task("2026-03-01", "2026-03-10", ("2026-03-09", "done", 100), task_id=1),  # due in W, on time
        task("2026-03-01", "2026-03-12", task_id=2),  # due in W, overdue at the end
        task("2026-03-01", "2026-03-05", ("2026-03-14", "done", 100), task_id=3),  # done late in W
        task("2026-03-01", "2026-03-30", task_id=4),  # open within
        task("2026-03-01", "2026-03-13", ("2026-03-10", "cancelled", 0), task_id=5),  # left out
    ]
    this = weekly_progress(histories, 1, week, today=d("2026-03-31"))
    assert (this.due, this.due_done_on_time, this.done, this.open, this.overdue) == (2, 1, 2, 2, 1)
    last = weekly_progress(histories, 1, week.previous(), today=d("2026-03-31"))
    assert (last.due, last.open, last.overdue) == (1, 5, 1)  # task 5 is cancelled only on the 10th
    deltas = with_deltas(this, last)
    assert deltas["due"] == (2, 1)
    assert deltas["open"] == (2, -3)


def test_weekly_progress_of_the_running_week_stops_at_today():
    week = iso_week(d("2026-03-11"))
    histories = [task("2026-03-01", "2026-03-09", ("2026-03-13", "done", 100))]
    assert weekly_progress(histories, 1, week, today=d("2026-03-11")).overdue == 1


def test_on_time_rate_is_undefined_when_nothing_falls_due():
    rate = on_time_rate([task("2026-03-01", "2026-04-30")], Period(d("2026-03-01"), d("2026-03-31")),
                        today=d("2026-03-31"))
    assert rate == OnTimeRate(0, 0)
    assert rate.rate is None


def test_on_time_rate_excludes_cancelled_and_uses_the_effective_due_date():
    march = Period(d("2026-03-01"), d("2026-03-31"))
    histories = [
        task("2026-03-01", "2026-03-10", ("2026-03-10", "done", 100), task_id=1),
        task("2026-03-01", "2026-03-10", ("2026-03-12", "done", 100), task_id=2),
        task("2026-03-01", "2026-03-10", ("2026-03-05", "cancelled", 0), task_id=3),
        # extended out of March: no longer due in it
        task("2026-03-01", "2026-03-20", due_changes=[("2026-03-15", "2026-04-10", True)], task_id=4),
    ]
    rate = on_time_rate(histories, march, today=d("2026-04-30"))
    assert (rate.on_time, rate.due) == (1, 2)
    assert rate.rate == 0.5


@pytest.mark.parametrize("overdue, max_days, expected", [
    (0, 0, Severity.GREEN), (1, 3, Severity.AMBER), (2, 7, Severity.AMBER),
    (2, 8, Severity.RED), (3, 1, Severity.RED),
])
def test_severity_thresholds(overdue, max_days, expected):
    assert severity(overdue, max_days) is expected


def test_severity_thresholds_are_configurable():
    strict = SeverityThresholds(red_overdue_count=2, red_days_overdue=3)
    assert severity(2, 1, strict) is Severity.RED
    assert severity(1, 4, strict) is Severity.RED
    assert severity(1, 3, strict) is Severity.AMBER


def test_silent_unit_has_open_tasks_and_no_update_by_the_cutoff():
    day = d("2026-03-04")
    assert is_silent(2, [], day)
    assert is_silent(2, [datetime(2026, 3, 4, 17, 30)], day)  # after the cut-off
    assert is_silent(2, [datetime(2026, 3, 3, 9, 0)], day)  # the day before
    assert not is_silent(2, [datetime(2026, 3, 4, 16, 59)], day)
    assert not is_silent(0, [], day)  # nothing open, nothing to report
    assert not is_silent(1, [datetime(2026, 3, 4, 17, 45)], day, cutoff=time(18, 0))


def _unit(uid, name, on_time, due, overdue=0, sat=None):
    return UnitFigures(uid, name, OnTimeRate(on_time, due), overdue, sat)


def test_ranking_tie_breaks_in_order():
    units = [
        _unit(1, "Xã B", 8, 10, overdue=2),
        _unit(2, "Xã A", 8, 10, overdue=1),  # same rate, fewer overdue → ahead of 1
        _unit(3, "Xã C", 9, 10),
        _unit(4, "Xã D", 8, 10, overdue=1, sat=0.9),  # ties 2 on rate+overdue, better satisfaction
        _unit(5, "Xã E", 8, 10, overdue=1, sat=0.9),  # ties 4 fully → by name
        _unit(6, "Phòng Y tế", 0, 0),  # nothing due → unranked
    ]
    ranked = rank_units(units)
    assert [r.figures.unit_id for r in ranked] == [3, 4, 5, 2, 1, 6]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, None]


def test_unranked_units_are_sorted_by_name_in_vietnamese_order():
    ranked = rank_units([_unit(1, "Xã Z", 0, 0), _unit(2, "Ấp", 0, 0), _unit(3, "Bình", 0, 0)])
    assert all(r.rank is None for r in ranked)
    assert [r.figures.name for r in ranked] == ["Ấp", "Bình", "Xã Z"]  # â is a letter after a


def test_the_last_tie_break_puts_d_with_stroke_after_d():
    ranked = rank_units([_unit(1, "Xã Zô", 8, 10), _unit(2, "Xã Đồng", 8, 10), _unit(3, "Xã Dương", 8, 10)])
    assert [r.figures.name for r in ranked] == ["Xã Dương", "Xã Đồng", "Xã Zô"]


def test_local_day_crosses_midnight_in_the_configured_zone():
    # 17:30 UTC on Sunday is 00:30 on Monday in Ho Chi Minh City: a new ISO week
    moment = datetime(2026, 3, 15, 17, 30, tzinfo=UTC)
    assert local_day(moment, HCM) == d("2026-03-16")
    assert iso_week(local_day(moment, HCM)).start == d("2026-03-16")
    assert iso_week(moment.date()).start == d("2026-03-09")


def test_local_day_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 3, 15, 12, 0), HCM)


def test_iso_weeks_run_monday_to_sunday():
    week = iso_week(d("2026-03-15"))  # a Sunday
    assert (week.start, week.end) == (d("2026-03-09"), d("2026-03-15"))
    assert iso_week(d("2026-03-16")).start == d("2026-03-16")
    assert week.previous() == Period(d("2026-03-02"), d("2026-03-08"))


def test_month_and_last_weeks():
    assert month_of(d("2026-02-14")) == Period(d("2026-02-01"), d("2026-02-28"))
    weeks = last_weeks(d("2026-03-11"), 12)
    assert len(weeks) == 12 and weeks[-1] == iso_week(d("2026-03-11"))
    assert all(b.start - a.start == timedelta(weeks=1) for a, b in zip(weeks, weeks[1:]))


def test_period_refuses_to_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(d("2026-03-02"), d("2026-03-01"))


def test_attention_order_puts_red_then_amber_then_green():
    from dashboard.domain.units import attention_key
    units = [("Xã A", Severity.GREEN, 0, 0), ("Xã B", Severity.AMBER, 1, 2),
             ("Xã C", Severity.RED, 3, 4), ("Xã D", Severity.RED, 4, 2), ("Xã E", Severity.AMBER, 1, 5)]
    ordered = sorted(units, key=lambda u: attention_key(u[1], u[2], u[3], u[0]))
    assert [u[0] for u in ordered] == ["Xã D", "Xã C", "Xã E", "Xã B", "Xã A"]
