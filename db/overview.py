"""Rollup reads behind the overview and unit pages. Closed days come from the rollups, today
from the tasks' cached fields and today's event rows."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from dashboard.domain.periods import Period
from dashboard.domain.rollups import COUNTERS, DayEvents, DayStates

from . import rollups
from .models import Extension, Task, Unit
from .queries import unit_bucket_counts
from .rollups_models import PointDayRatings, UnitDayEvents, UnitDayStates, UnitPeriodOnTime


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str


def units(session: Session, unit_ids: list[int] | None = None) -> list[UnitInfo]:
    statement = select(Unit.id, Unit.code, Unit.name, Unit.kind).where(Unit.active.is_(True))
    if unit_ids is not None:
        statement = statement.where(Unit.id.in_(unit_ids))
    return [UnitInfo(*row) for row in session.execute(statement.order_by(Unit.name))]


def _unit_filter(column, unit_ids):
    return True if unit_ids is None else column.in_(unit_ids)


def events_by_unit(session: Session, period: Period, unit_ids=None) -> dict[int, DayEvents]:
    """Each unit's events summed over the period."""
    columns = [func.sum(UnitDayEvents.__table__.c[name]) for name in COUNTERS]
    rows = session.execute(
        select(UnitDayEvents.unit_id, *columns, func.min(UnitDayEvents.first_update_at),
               func.max(UnitDayEvents.last_update_at))
        .where(UnitDayEvents.day.between(period.start, period.end),
               _unit_filter(UnitDayEvents.unit_id, unit_ids))
        .group_by(UnitDayEvents.unit_id))
    return {row[0]: DayEvents(*(int(v or 0) for v in row[1:1 + len(COUNTERS)]), *row[-2:])
            for row in rows}


def events_by_day(session: Session, period: Period, unit_ids=None) -> dict[date, DayEvents]:
    """Events of the chosen units, summed per day of the period."""
    columns = [func.sum(UnitDayEvents.__table__.c[name]) for name in COUNTERS]
    rows = session.execute(
        select(UnitDayEvents.day, *columns)
        .where(UnitDayEvents.day.between(period.start, period.end),
               _unit_filter(UnitDayEvents.unit_id, unit_ids))
        .group_by(UnitDayEvents.day))
    return {row[0]: DayEvents(*(int(v or 0) for v in row[1:])) for row in rows}


def first_updates(session: Session, days: list[date], unit_ids=None) -> dict[tuple[int, date], datetime]:
    """The first update moment of each unit on each of ``days`` (for silent units)."""
    rows = session.execute(
        select(UnitDayEvents.unit_id, UnitDayEvents.day, UnitDayEvents.first_update_at)
        .where(UnitDayEvents.day.in_(days), UnitDayEvents.first_update_at.is_not(None),
               _unit_filter(UnitDayEvents.unit_id, unit_ids)))
    return {(unit_id, day): moment for unit_id, day, moment in rows}


def states_on(session: Session, days: list[date], today: date, tz, unit_ids=None
              ) -> dict[date, dict[int, DayStates]]:
    """Each unit's open work at the end of each day: snapshots for closed days, live for today."""
    result: dict[date, dict[int, DayStates]] = {day: {} for day in days}
    closed = [day for day in days if day < today]
    if closed:
        rollups.ensure_states(session, closed, today, tz)
        for row in session.scalars(select(UnitDayStates).where(
                UnitDayStates.day.in_(closed), _unit_filter(UnitDayStates.unit_id, unit_ids))):
            result[row.day][row.unit_id] = DayStates(row.open, row.not_started, row.overdue,
                                                     row.due_soon, row.max_days_overdue)
    if today in result:
        for unit in unit_bucket_counts(session, today, unit_ids):
            c = unit.counts
            if c.open:
                result[today][unit.unit_id] = DayStates(c.open, c.not_started, c.overdue, c.due_soon,
                                                        c.max_days_overdue)
    return result


def on_time_by_unit(session: Session, period: Period, today: date, unit_ids=None
                    ) -> dict[int, tuple[int, int]]:
    """(due, on time) per unit for the period, as of its end (or today while it runs)."""
    if period.end < today:
        rollups.ensure_on_time(session, period, today)
        rows = session.execute(
            select(UnitPeriodOnTime.unit_id, UnitPeriodOnTime.due, UnitPeriodOnTime.on_time)
            .where(UnitPeriodOnTime.start_day == period.start, UnitPeriodOnTime.end_day == period.end,
                   _unit_filter(UnitPeriodOnTime.unit_id, unit_ids)))
        return {unit_id: (due, on_time) for unit_id, due, on_time in rows}
    # the running period: today's cached fields are the state as of today
    rows = session.execute(
        select(Task.lead_unit_id, func.count(),
               func.sum(case((Task.done_on_time.is_(True), 1), else_=0)))
        .where(Task.due_date.between(period.start, min(period.end, today)),
               Task.status != "cancelled", Task.created_on <= today,
               _unit_filter(Task.lead_unit_id, unit_ids))
        .group_by(Task.lead_unit_id))
    return {unit_id: (due, int(on_time or 0)) for unit_id, due, on_time in rows}


def ratings_by_unit(session: Session, period: Period, unit_ids=None) -> dict[int, tuple[int, ...]]:
    """Visible ratings per unit over the period, counted per score 1..5."""
    table = PointDayRatings
    rows = session.execute(
        select(table.unit_id, func.sum(table.score_1), func.sum(table.score_2),
               func.sum(table.score_3), func.sum(table.score_4), func.sum(table.score_5))
        .where(table.day.between(period.start, period.end), _unit_filter(table.unit_id, unit_ids))
        .group_by(table.unit_id))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}


def ratings_by_week(session: Session, first: date, last: date, unit_ids=None
                    ) -> dict[date, tuple[int, ...]]:
    """Visible ratings per day (the caller folds days into weeks)."""
    table = PointDayRatings
    rows = session.execute(
        select(table.day, func.sum(table.score_1), func.sum(table.score_2), func.sum(table.score_3),
               func.sum(table.score_4), func.sum(table.score_5))
        .where(table.day.between(first, last), _unit_filter(table.unit_id, unit_ids))
        .group_by(table.day))
    return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in rows}


def last_updates(session: Session, day: date, unit_ids=None, window_days: int = 90
                 ) -> dict[int, datetime]:
    """Each unit's latest update on or before ``day`` (looking back ``window_days``)."""
    rows = session.execute(
        select(UnitDayEvents.unit_id, func.max(UnitDayEvents.last_update_at))
        .where(UnitDayEvents.day.between(day - timedelta(days=window_days), day),
               UnitDayEvents.last_update_at.is_not(None),
               _unit_filter(UnitDayEvents.unit_id, unit_ids))
        .group_by(UnitDayEvents.unit_id))
    return dict(rows.all())


@dataclass(frozen=True, slots=True)
class OverdueTask:
    task_id: int
    title: str
    unit_id: int
    unit_name: str
    unit_code: str
    due: date
    days_overdue: int
    extensions_approved: int
    extensions_pending: int


def overdue_tasks(session: Session, day: date, today: date, tz, unit_ids=None,
                  limit: int = 200) -> tuple[list[OverdueTask], int]:
    """Tasks overdue at the end of ``day``, oldest first (at most ``limit``), and how many."""
    from dashboard.domain.buckets import days_overdue, is_overdue
    from dashboard.domain.history import state_as_of

    if day >= today:
        found = [(task_id, due) for task_id, due in session.execute(
            select(Task.id, Task.due_date).where(
                Task.status.in_(("not_started", "in_progress")), Task.due_date < today,
                _unit_filter(Task.lead_unit_id, unit_ids)))]
        units_now = None
    else:
        candidates = rollups._candidate_task_ids(session, day, tz)
        histories = rollups.load_histories_chunked(session, candidates)
        found, units_now = [], {}
        for history in histories:
            state = state_as_of(history, day)
            if state and is_overdue(state, day) and (unit_ids is None or state.unit_id in unit_ids):
                found.append((history.task_id, state.due))
                units_now[history.task_id] = state.unit_id
    found.sort(key=lambda pair: (pair[1], pair[0]))
    total = len(found)
    shown = found[:limit]
    ids = [task_id for task_id, _ in shown]
    if not ids:
        return [], total
    info = {row.id: row for row in session.execute(
        select(Task.id, Task.title, Task.lead_unit_id).where(Task.id.in_(ids)))}
    names = {u.id: u for u in units(session)}
    extension_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for task_id, state in session.execute(
            select(Extension.task_id, Extension.state).where(
                Extension.task_id.in_(ids),
                or_(and_(Extension.state == "approved", Extension.decided_day <= day),
                    and_(Extension.state == "pending")))):
        extension_counts[task_id][0 if state == "approved" else 1] += 1
    result = []
    for task_id, due in shown:
        unit_id = units_now[task_id] if units_now else info[task_id].lead_unit_id
        unit = names.get(unit_id)
        result.append(OverdueTask(task_id, info[task_id].title, unit_id,
                                  unit.name if unit else "?", unit.code if unit else "",
                                  due, (day - due).days, *extension_counts[task_id]))
    return result, total


@dataclass(frozen=True, slots=True)
class PendingExtension:
    extension_id: int
    task_id: int
    title: str
    unit_name: str
    unit_code: str
    requested_at: datetime
    old_due: date
    new_due: date
    reason: str


def pending_extensions(session: Session, unit_ids=None, limit: int = 100) -> list[PendingExtension]:
    """Extension requests waiting for a leader, oldest first."""
    rows = session.execute(
        select(Extension.id, Task.id, Task.title, Unit.name, Unit.code, Extension.requested_at,
               Extension.old_due_date, Extension.new_due_date, Extension.reason)
        .join(Task, Task.id == Extension.task_id).join(Unit, Unit.id == Task.lead_unit_id)
        .where(Extension.state == "pending", _unit_filter(Task.lead_unit_id, unit_ids))
        .order_by(Extension.requested_at).limit(limit))
    return [PendingExtension(*row) for row in rows]
