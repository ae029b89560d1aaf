"""Whether a database agrees with itself: the kept rollups equal a rebuild from the raw
history, and every task's current fields equal what its history says. Tests call it after
random histories and after faults (a worker killed mid-write, a database restarted)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select

from dashboard import clock
from dashboard.domain.history import state_as_of
from dashboard.domain.overview import silent_units
from dashboard.domain.periods import iso_week, month_of
from dashboard.domain.rollups import DayEvents, DayStates, rebuild_events
from db import overview, rollups
from db.history import load_histories
from db.models import Rating, Task
from db.rollups import span_rows
from db.rollups_models import (
    DIMENSION_COUNTS,
    DayOverdue,
    PointDayRatings,
    PointPeriodRatings,
    SnapshotDay,
    TaskSpan,
    UnitDayEvents,
    UnitDayStates,
    UnitEventsToDate,
    UnitOnTimeToDate,
)

EVENT_COLUMNS = ("tasks_created", "done_on_time", "done_late", "done_after_extension", "cancelled",
                 "progress_points", "updates", "first_update_at", "last_update_at")


def kept_events(database) -> dict:
    with database.session() as s:
        rows = s.scalars(select(UnitDayEvents)).all()
    return {(r.unit_id, r.day): DayEvents(r.tasks_created, r.done_on_time, r.done_late,
                                          r.done_after_extension, r.cancelled, r.progress_points,
                                          r.updates, r.first_update_at, r.last_update_at)
            for r in rows}


def rebuilt_events(database) -> dict:
    with database.session() as s:
        return rebuild_events(load_histories(s).values())


RATING_COLUMNS = tuple(f"score_{n}" for n in range(1, 6)) + DIMENSION_COUNTS


def kept_ratings(database) -> dict:
    with database.session() as s:
        return {(r.point_id, r.day): values for r in s.scalars(select(PointDayRatings))
                if any(values := tuple(getattr(r, column) for column in RATING_COLUMNS))}


def kept_period_ratings(database) -> dict:
    """Each point's kept weeks and months (those with a rating counted)."""
    with database.session() as s:
        return {(r.kind, r.start, r.point_id): values for r in s.scalars(select(PointPeriodRatings))
                if any(values := tuple(getattr(r, column) for column in RATING_COLUMNS))}


def summed_period_ratings(database) -> dict:
    """Each point's weeks and months summed from its kept days."""
    sums: dict = {}
    for (point_id, day), values in kept_ratings(database).items():
        for key in (("week", iso_week(day).start, point_id), ("month", month_of(day).start, point_id)):
            sums[key] = tuple(a + b for a, b in zip(sums.get(key, (0,) * len(values)), values))
    return {key: values for key, values in sums.items() if any(values)}


def counted_ratings(database) -> dict:
    conditions = [Rating.score == n for n in range(1, 6)] + [
        getattr(Rating, f"dim_{column.rsplit('_', 1)[0]}") == int(column.rsplit("_", 1)[1])
        for column in DIMENSION_COUNTS]
    sums = [func.sum(case((condition, 1), else_=0)) for condition in conditions]
    with database.session() as s:
        rows = s.execute(select(Rating.point_id, Rating.day, *sums).where(Rating.hidden.is_(False))
                         .group_by(Rating.point_id, Rating.day)).all()
    return {(point, day): tuple(counts) for point, day, *counts in rows}


def tasks_disagreeing_with_history(database, today: date) -> list[int]:
    with database.session() as s:
        histories = load_histories(s)
        return [task.id for task in s.scalars(select(Task))
                if (state := state_as_of(histories[task.id], today)) is not None
                and (task.status, task.progress, task.due_date, task.lead_unit_id)
                != (state.status.value, state.progress, state.due, state.unit_id)]


def kept_spans(database) -> list[dict]:
    columns = ("task_id", "from_day", "to_day", "unit_id", "status", "due_date", "on_time", "done_on")
    with database.session() as s:
        rows = s.execute(select(*(getattr(TaskSpan, c) for c in columns))
                         .order_by(TaskSpan.task_id, TaskSpan.from_day)).all()
    return [dict(zip(columns, row)) for row in rows]


def rebuilt_spans(database) -> list[dict]:
    with database.session() as s:
        histories = load_histories(s)
    return [row for task_id in sorted(histories) for row in span_rows(histories[task_id])]


def stale_snapshots(database) -> list[date]:
    """Closed days whose kept states, overdue lists, on-time figures, silent flags or events
    to date differ from what the spans and daily events say."""
    stale = []
    with database.session() as s:
        for day in s.scalars(select(SnapshotDay.day)):
            rows = s.scalars(select(UnitDayStates).where(UnitDayStates.day == day)).all()
            states = {r.unit_id: DayStates(r.open, r.not_started, r.overdue, r.due_soon, r.max_days_overdue)
                      for r in rows}
            from_spans = rollups.states_from_spans(s, day)
            reported = overview.reporters(s, {day: clock.cutoff_moment(day)})[day]
            silent_ok = {r.unit_id for r in rows if r.silent} == set(silent_units(from_spans, reported))
            overdue = s.execute(select(DayOverdue.task_id, DayOverdue.unit_id, DayOverdue.due_date)
                                .where(DayOverdue.day == day)
                                .order_by(DayOverdue.due_date, DayOverdue.task_id)).all()
            on_time = sorted((r.kind, r.unit_id, r.due, r.on_time) for r in s.scalars(
                select(UnitOnTimeToDate).where(UnitOnTimeToDate.day == day)))
            expected = sorted((r["kind"], r["unit_id"], r["due"], r["on_time"])
                              for r in rollups.on_time_to_date_rows(s, day))
            events = sorted((r.kind, r.unit_id, *(getattr(r, c) for c in EVENT_COLUMNS)) for r in s.scalars(
                select(UnitEventsToDate).where(UnitEventsToDate.day == day)))
            events_ok = events == sorted((r["kind"], r["unit_id"], *(r[c] for c in EVENT_COLUMNS))
                                         for r in rollups.events_to_date_rows(s, day))
            if (states != from_spans or overdue != rollups.overdue_from_spans(s, day)
                    or on_time != expected or not silent_ok or not events_ok):
                stale.append(day)
    return stale


def assert_consistent(database, today: date) -> None:
    assert kept_events(database) == rebuilt_events(database)
    assert kept_spans(database) == rebuilt_spans(database)
    assert stale_snapshots(database) == []
    assert kept_ratings(database) == counted_ratings(database)
    assert kept_period_ratings(database) == summed_period_ratings(database)
    assert tasks_disagreeing_with_history(database, today) == []
