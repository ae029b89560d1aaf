"""Whether a database agrees with itself: the kept rollups equal a rebuild from the raw
history, and every task's current fields equal what its history says. Tests call it after
random histories and after faults (a worker killed mid-write, a database restarted)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select

from dashboard.domain.history import state_as_of
from dashboard.domain.rollups import DayEvents, rebuild_events
from db.history import load_histories
from db.models import Rating, Task
from db.rollups import span_rows
from db.rollups_models import PointDayRatings, TaskSpan, UnitDayEvents


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


def kept_ratings(database) -> dict:
    with database.session() as s:
        return {(r.point_id, r.day): (r.score_1, r.score_2, r.score_3, r.score_4, r.score_5)
                for r in s.scalars(select(PointDayRatings))
                if (r.score_1, r.score_2, r.score_3, r.score_4, r.score_5) != (0, 0, 0, 0, 0)}


def counted_ratings(database) -> dict:
    scores = [func.sum(case((Rating.score == n, 1), else_=0)) for n in range(1, 6)]
    with database.session() as s:
        rows = s.execute(select(Rating.point_id, Rating.day, *scores).where(Rating.hidden.is_(False))
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
    columns = ("task_id", "from_day", "to_day", "unit_id", "status", "due_date", "on_time")
    with database.session() as s:
        rows = s.execute(select(*(getattr(TaskSpan, c) for c in columns))
                         .order_by(TaskSpan.task_id, TaskSpan.from_day)).all()
    return [dict(zip(columns, row)) for row in rows]


def rebuilt_spans(database) -> list[dict]:
    with database.session() as s:
        histories = load_histories(s)
    return [row for task_id in sorted(histories) for row in span_rows(histories[task_id])]


def assert_consistent(database, today: date) -> None:
    assert kept_events(database) == rebuilt_events(database)
    assert kept_spans(database) == rebuilt_spans(database)
    assert kept_ratings(database) == counted_ratings(database)
    assert tasks_disagreeing_with_history(database, today) == []
