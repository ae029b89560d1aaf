"""Keeping and rebuilding the daily rollups.

Events are added in the same transaction as each write; states of closed days are
snapshotted once from the history (by the nightly command, the demo generator, or on
first need). Both use the definitions of ``dashboard.domain.rollups``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain.history import state_as_of
from dashboard.domain.model import TaskHistory
from dashboard.domain.periods import Period
from dashboard.domain.rollups import (COUNTERS, DayEvents, DayStates, rebuild_events,
                                      states_by_day, task_day_events)
from dashboard.domain.units import on_time_rate

from .history import load_histories
from .models import Extension, Rating, Task, TaskEdit
from .portable import upsert
from .rollups_models import (DayOverdue, OnTimePeriod, PointDayRatings, SnapshotDay,
                             UnitDayEvents, UnitDayStates, UnitPeriodOnTime)



def add_events(session: Session, deltas: dict[tuple[int, date], DayEvents]) -> None:
    """Add event deltas to the rollup rows, creating them when missing (one upsert each)."""
    table = UnitDayEvents.__table__
    for (unit_id, day), delta in deltas.items():
        if delta.is_empty:
            continue
        statement = upsert(session, table).values(
            unit_id=unit_id, day=day, **{name: getattr(delta, name) for name in COUNTERS},
            first_update_at=delta.first_update_at, last_update_at=delta.last_update_at)
        new = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.unit_id, table.c.day],
            set_={
                **{name: table.c[name] + new[name] for name in COUNTERS},
                "first_update_at": case(
                    (table.c.first_update_at.is_(None), new.first_update_at),
                    (new.first_update_at < table.c.first_update_at, new.first_update_at),
                    else_=table.c.first_update_at),
                "last_update_at": case(
                    (table.c.last_update_at.is_(None), new.last_update_at),
                    (new.last_update_at > table.c.last_update_at, new.last_update_at),
                    else_=table.c.last_update_at),
            })
        session.execute(statement)


def task_changed(session: Session, before: TaskHistory | None, after: TaskHistory, day: date) -> None:
    """Keep the events rollup exact after one write to a task on ``day``."""
    old = task_day_events(before, day) if before is not None else {}
    new = task_day_events(after, day)
    # Update moments only ever join a unit's row (updates keep their unit), so min/max hold.
    deltas = {(unit_id, day): new.get(unit_id, DayEvents()).minus(old.get(unit_id, DayEvents()))
              for unit_id in set(old) | set(new)}
    add_events(session, deltas)


def state_rows(states: dict[tuple[int, date], DayStates]) -> list[dict]:
    return [dict(unit_id=unit_id, day=day, open=s.open, not_started=s.not_started,
                 overdue=s.overdue, due_soon=s.due_soon, max_days_overdue=s.max_days_overdue)
            for (unit_id, day), s in states.items()]


def overdue_rows(overdue: list[tuple[date, int, int, date]]) -> list[dict]:
    return [dict(day=day, task_id=task_id, unit_id=unit_id, due_date=due)
            for day, task_id, unit_id, due in overdue]


def _insert_rows(session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), 10_000):
        session.execute(insert(model), rows[start:start + 10_000])


def snapshot_days(histories: list[TaskHistory], first: date, last: date) -> tuple[list, list]:
    """States and overdue rows of every day from ``first`` to ``last``, from one sweep."""
    overdue: list = []
    states = states_by_day(histories, first, last, overdue)
    return state_rows(states), overdue_rows(overdue)


def write_states(session: Session, histories: list[TaskHistory], days: Iterable[date]) -> None:
    """Snapshot closed ``days`` from the histories (replacing any) and mark them as computed."""
    days = sorted(set(days))
    if not days:
        return
    for model in (UnitDayStates, DayOverdue, SnapshotDay):
        session.execute(delete(model).where(model.day.in_(days)))
    states, overdue = snapshot_days(histories, days[0], days[-1])
    wanted = set(days)
    _insert_rows(session, UnitDayStates, [row for row in states if row["day"] in wanted])
    _insert_rows(session, DayOverdue, [row for row in overdue if row["day"] in wanted])
    now = clock.now()
    session.execute(insert(SnapshotDay), [dict(day=day, computed_at=now) for day in days])


def _candidate_task_ids(session: Session, day: date, tz) -> list[int]:
    """Tasks that may have been open at the end of ``day``: created by then, and open now
    or changed after it."""
    after = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    return list(session.scalars(select(Task.id).where(
        Task.created_on <= day,
        Task.status.in_(("not_started", "in_progress")) | (Task.last_update_at >= after))))


def load_histories_chunked(session: Session, task_ids: list[int]) -> list[TaskHistory]:
    histories = []
    for start in range(0, len(task_ids), 5000):
        histories += load_histories(session, task_ids[start:start + 5000]).values()
    return histories


def ensure_states(session: Session, days: Iterable[date], today: date, tz) -> None:
    """Snapshot every closed day among ``days`` that is not yet (first need)."""
    wanted = {day for day in days if day < today}
    if not wanted:
        return
    have = set(session.scalars(select(SnapshotDay.day).where(SnapshotDay.day.in_(wanted))))
    for day in sorted(wanted - have):
        histories = load_histories_chunked(session, _candidate_task_ids(session, day, tz))
        _once(session, lambda: write_states(session, histories, [day]))


def _once(session: Session, write) -> None:
    """Run a first-need write in a savepoint: if another worker wrote the same closed day or
    period meanwhile, theirs stands (it is the same) and this request goes on."""
    try:
        with session.begin_nested():
            write()
    except IntegrityError:
        pass


def ensure_on_time(session: Session, period: Period, today: date) -> None:
    """Compute and keep the on-time figures of a closed period, once."""
    if period.end >= today:
        return
    known = session.get(OnTimePeriod, (period.start, period.end))
    if known is not None:
        return
    due_in_period = (select(TaskEdit.task_id).where(TaskEdit.due_date.between(period.start, period.end))
                     .union(select(Extension.task_id).where(
                         Extension.state == "approved",
                         Extension.new_due_date.between(period.start, period.end))))
    histories = load_histories_chunked(session, list(session.scalars(due_in_period)))
    by_unit: dict[int, list[TaskHistory]] = defaultdict(list)
    for history in histories:
        state = state_as_of(history, period.end)
        if state is not None:
            by_unit[state.unit_id].append(history)
    rows = []
    for unit_id, unit_histories in by_unit.items():
        rate = on_time_rate(unit_histories, period, today, unit_id=unit_id)
        if rate.due:
            rows.append(dict(unit_id=unit_id, start_day=period.start, end_day=period.end,
                             due=rate.due, on_time=rate.on_time))

    def write():
        session.execute(insert(OnTimePeriod), [dict(start_day=period.start, end_day=period.end,
                                                    computed_at=clock.now())])
        if rows:
            session.execute(insert(UnitPeriodOnTime), rows)
    _once(session, write)


def rebuild(session: Session, today: date, first_day: date | None = None) -> dict[str, int]:
    """Throw the rollups away and compute them again from the raw history."""
    histories = load_histories_chunked(session, list(session.scalars(select(Task.id))))
    session.execute(delete(UnitDayEvents))
    session.execute(delete(UnitPeriodOnTime))
    session.execute(delete(OnTimePeriod))
    events = rebuild_events(histories)
    add_bulk_events(session, events)
    first = first_day or min((h.created_on for h in histories), default=today)
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    write_states(session, histories, days)
    ratings = rebuild_ratings(session)
    return {"event rows": len(events), "closed days": len(days), "rating rows": ratings}


def add_bulk_events(session: Session, events: dict[tuple[int, date], DayEvents]) -> None:
    """Insert fresh event rows (for an empty table: the generator and rebuild)."""
    rows = [dict(unit_id=unit_id, day=day, **{name: getattr(e, name) for name in COUNTERS},
                 first_update_at=e.first_update_at, last_update_at=e.last_update_at)
            for (unit_id, day), e in events.items()]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(UnitDayEvents), rows[start:start + 10_000])


def rebuild_ratings(session: Session) -> int:
    """Count visible ratings per point, day and score again."""
    session.execute(delete(PointDayRatings))
    scores = [func.sum(case((Rating.score == n, 1), else_=0)) for n in range(1, 6)]
    rows = session.execute(select(Rating.point_id, Rating.day, Rating.unit_id, *scores)
                           .where(Rating.hidden.is_(False))
                           .group_by(Rating.point_id, Rating.day, Rating.unit_id)).all()
    values = [dict(point_id=p, day=d, unit_id=u, score_1=s1, score_2=s2, score_3=s3,
                   score_4=s4, score_5=s5) for p, d, u, s1, s2, s3, s4, s5 in rows]
    for start in range(0, len(values), 10_000):
        session.execute(insert(PointDayRatings), values[start:start + 10_000])
    return len(values)
