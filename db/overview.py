"""Rollup reads behind the overview and unit pages. Closed days come from the rollups, today
from the tasks' cached fields and today's event rows."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import BindParameter, and_, bindparam, case, func, literal, null, or_, select, true, union_all
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain.buckets import DUE_SOON_DAYS
from dashboard.domain.periods import Period, kept_period
from dashboard.domain.rollups import COUNTERS, DayEvents, DayStates
from dashboard.domain.vietnamese import by_name

from . import rollups
from .engine import READ_MEMO
from .models import AuditEvent, Extension, Task, Unit, is_open
from .rating_counts import counted_over
from .rollups_models import DayOverdue, PointPeriodRatings, UnitDayEvents, UnitDayStates


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str


def units(session: Session, unit_ids: list[int] | None = None, public_only: bool = False) -> list[UnitInfo]:
    """The active units (of ``unit_ids``; those whose results are public), in Vietnamese order."""
    statement = select(Unit.id, Unit.code, Unit.name, Unit.kind).where(Unit.active.is_(True))
    if unit_ids is not None:
        statement = statement.where(Unit.id.in_(unit_ids))
    if public_only:
        statement = statement.where(Unit.public_results.is_(True))
    return by_name([UnitInfo(*row) for row in session.execute(statement)], lambda unit: unit.name)


# Audited changes that alter figures of closed periods too: moderation (a hidden rating stops
# counting on its own day), units (their names and which are listed) and a write that landed in
# a day already closed (a machine whose clock was behind).
CLOSED_FIGURE_ACTIONS = ("rating_hidden", "rating_shown", "ratings_released", "unit_created",
                         "unit_changed", "days_reopened")


def closed_figures_version(session: Session) -> int:
    """Grows with every change that alters closed periods' figures: one index seek per action."""
    return max((value or 0) for value in session.execute(_closed_figures_version()).one())


@functools.cache
def _closed_figures_version():
    """Built once: every figure's cache key asks it, and building it cost more than running it."""
    return select(*(select(func.max(AuditEvent.id)).where(AuditEvent.action == action).scalar_subquery()
                    for action in CLOSED_FIGURE_ACTIONS))


def _unit_filter(column, unit_ids):
    return True if unit_ids is None else column.in_(unit_ids)


def events_by_unit(session: Session, period: Period, unit_ids=None) -> dict[int, DayEvents]:
    """Each unit's event counters summed over the period: kept for a closed week or month to
    date; for one running to a day not closed yet (today), kept to the day before plus the
    day's own rows (a week's seven days of 500 units cost twice as much); else summed from
    the days. The moments of first and last update are not read (see ``last_updates``)."""
    kept = rollups.events_kept(session, period, unit_ids)
    if kept is not None:
        return kept
    if period.start < period.end:
        kept = rollups.events_kept(session, Period(period.start, period.end - timedelta(days=1)), unit_ids)
        if kept is not None:
            for unit_id, events in _events_summed(session, Period(period.end, period.end), unit_ids).items():
                kept[unit_id] = kept[unit_id] + events if unit_id in kept else events
            return kept
    return _events_summed(session, period, unit_ids)


def _events_summed(session: Session, period: Period, unit_ids=None) -> dict[int, DayEvents]:
    columns = [func.sum(UnitDayEvents.__table__.c[name]) for name in COUNTERS]
    rows = session.execute(
        select(UnitDayEvents.unit_id, *columns)
        .where(UnitDayEvents.day.between(period.start, period.end),
               _unit_filter(UnitDayEvents.unit_id, unit_ids))
        .group_by(UnitDayEvents.unit_id))
    # A group's sum of counters (never null) is an integer on both databases: no conversion.
    return {unit_id: DayEvents.from_counters(values) for unit_id, *values in rows}


def events_by_day(session: Session, period: Period, unit_ids=None) -> dict[date, DayEvents]:
    """Events of the chosen units, summed per day of the period."""
    columns = [func.sum(UnitDayEvents.__table__.c[name]) for name in COUNTERS]
    rows = session.execute(
        select(UnitDayEvents.day, *columns)
        .where(UnitDayEvents.day.between(period.start, period.end),
               _unit_filter(UnitDayEvents.unit_id, unit_ids))
        .group_by(UnitDayEvents.day))
    return {day: DayEvents.from_counters(values) for day, *values in rows}  # sums of counters: integers


def reporters(session: Session, cutoffs: dict[date, datetime], unit_ids=None) -> dict[date, set[int]]:
    """Units that made an update on each day by that day's cut-off (an aware moment)."""
    if not cutoffs:
        return {}
    events = UnitDayEvents
    by_day = or_(*(and_(events.day == day, events.first_update_at <= moment)
                   for day, moment in cutoffs.items()))
    result: dict[date, set[int]] = {day: set() for day in cutoffs}
    for unit_id, day in session.execute(select(events.unit_id, events.day).where(
            by_day, _unit_filter(events.unit_id, unit_ids))):
        result[day].add(unit_id)
    return result


def silent_counts(session: Session, days: list[date], unit_ids=None) -> dict[date, int]:
    """How many units were silent on each snapshotted day (flagged when the day was closed)."""
    table = UnitDayStates
    rows = session.execute(select(table.day, func.count()).where(
        table.day.in_(days), table.silent.is_(True), _unit_filter(table.unit_id, unit_ids))
        .group_by(table.day)).all() if days else []
    return {day: 0 for day in days} | dict(rows)


def silent_kept(session: Session, days: list[date], unit_ids=None) -> dict[date, set[int]]:
    """The units silent on each snapshotted day."""
    result: dict[date, set[int]] = {day: set() for day in days}
    if days:
        table = UnitDayStates
        for unit_id, day in session.execute(select(table.unit_id, table.day).where(
                table.day.in_(days), table.silent.is_(True), _unit_filter(table.unit_id, unit_ids))):
            result[day].add(unit_id)
    return result


def open_states_today(session: Session, today: date, unit_ids=None) -> dict[int, DayStates]:
    """Each unit's open work now, from the cached fields of open tasks only. Four counts, each
    read from a range of an index (one expression per row over all open tasks took twice as long);
    the open ones unit by unit (grouped in one pass, they were all sorted first)."""
    memo = session.info.get(READ_MEMO)
    key = ("open today", today, None if unit_ids is None else tuple(unit_ids))
    if memo is not None and key in memo:  # a unit's page asks for its overview's and its weeks'
        return dict(memo[key])
    found = _open_states_today(session, today, unit_ids)
    if memo is not None:
        memo[key] = found
    return dict(found)


def _open_states_today(session: Session, today: date, unit_ids=None) -> dict[int, DayStates]:
    scoped = {} if unit_ids is None else {"unit_ids": list(unit_ids)}
    rows = session.execute(_open_states_statement(bool(scoped)),
                           {"today": today, "soon": today + timedelta(days=DUE_SOON_DAYS), **scoped})
    counts: dict[int, list] = defaultdict(lambda: [0, 0, 0, 0, None])
    for kind, unit_id, count, oldest in rows:
        counts[unit_id][kind] = count
        if oldest is not None:
            counts[unit_id][4] = oldest
    return {unit_id: DayStates(open_, not_started, overdue, due_soon,
                               (today - _as_date(oldest)).days if overdue else 0)
            for unit_id, (open_, overdue, not_started, due_soon, oldest) in counts.items() if open_}


@functools.cache
def _open_states_statement(scoped: bool):
    """Built once (twice: for every unit, and for some), the day bound at each call: its four
    grouped parts took longer to build than a unit's page takes to run them."""
    today, soon = bindparam("today", type_=Task.due_date.type), bindparam("soon", type_=Task.due_date.type)
    chosen: BindParameter[list[int]] = bindparam("unit_ids", expanding=True)

    def in_scope(column):
        return column.in_(chosen) if scoped else true()

    def per_unit(kind: int, *where, oldest=None):
        return (select(literal(kind), Task.lead_unit_id, func.count(), oldest if oldest is not None else null())
                .where(*where, in_scope(Task.lead_unit_id)).group_by(Task.lead_unit_id))
    open_in_unit = select(func.count()).where(is_open(), Task.lead_unit_id == Unit.id).scalar_subquery()
    return union_all(
        select(literal(0), Unit.id, open_in_unit, null()).where(in_scope(Unit.id)),
        per_unit(1, is_open(), Task.due_date < today, oldest=func.min(Task.due_date)),
        per_unit(2, Task.status == "not_started", Task.due_date >= today),
        per_unit(3, is_open(), Task.due_date.between(today, soon)))


def _as_date(value) -> date:
    """A date read from a union (SQLite gives back its text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def states_on(session: Session, days: list[date], today: date, unit_ids=None
              ) -> dict[date, dict[int, DayStates]]:
    """Each unit's open work at the end of each day: snapshots for closed days (the spans for
    one not yet closed), live for today. Reads only."""
    result: dict[date, dict[int, DayStates]] = {day: {} for day in days}
    closed = [day for day in days if day < today]
    kept = rollups.snapshotted(session, closed)
    if kept:
        table = UnitDayStates
        for unit_id, day, *values in session.execute(
                select(table.unit_id, table.day, table.open, table.not_started, table.overdue,
                       table.due_soon, table.max_days_overdue)
                .where(table.day.in_(kept), _unit_filter(table.unit_id, unit_ids))):
            result[day][unit_id] = DayStates(*values)
    for day in set(closed) - kept:
        result[day] = rollups.states_from_spans(session, day, unit_ids)
    if today in result:
        result[today] = open_states_today(session, today, unit_ids)
    return result


def on_time_by_unit(session: Session, period: Period, today: date, unit_ids=None
                    ) -> dict[int, tuple[int, int]]:
    """(due, on time) per unit for the period, as of its end (or today while it runs)."""
    if period.end < today:  # kept when its last day was closed, else read from the spans
        kept = rollups.on_time_kept(session, period, unit_ids)
        return kept if kept is not None else rollups.on_time_from_spans(session, period, period.end, unit_ids)
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
    table, counted = counted_over(period, unit_ids)
    rows = session.execute(
        select(table.unit_id, *[func.sum(getattr(table, f"score_{n}")) for n in range(1, 6)])
        .where(*counted).group_by(table.unit_id))
    return {unit_id: tuple(scores) for unit_id, *scores in rows}  # sums of counts: integers, never null


def ratings_by_week(session: Session, weeks: list[Period], unit_ids=None) -> list[tuple[int, ...]]:
    """Visible ratings of each week counted per score 1..5: whole weeks (and this one) from the
    weeks' rows in one statement, a week cut at a past day from its days."""
    kept = {week: kept_period(week, clock.today()) for week in weeks}
    table = PointPeriodRatings
    scores = [func.sum(getattr(table, f"score_{n}")) for n in range(1, 6)]
    starts = [found[1] for found in kept.values() if found is not None]
    by_start = {start: tuple(int(v or 0) for v in values) for start, *values in session.execute(
        select(table.start, *scores).where(table.kind == "week", table.start.in_(starts),
                                           _unit_filter(table.unit_id, unit_ids))
        .group_by(table.start))} if starts else {}
    result = []
    for week in weeks:
        if kept[week] is not None:
            result.append(by_start.get(week.start, (0,) * 5))
        else:
            days, counted = counted_over(week, unit_ids)
            row = session.execute(select(*[func.coalesce(func.sum(getattr(days, f"score_{n}")), 0)
                                           for n in range(1, 6)]).where(*counted)).one()
            result.append(tuple(int(v) for v in row))
    return result


def last_updates(session: Session, day: date, unit_ids=None) -> dict[int, datetime]:
    """Each unit's latest update on or before ``day``: one index seek per unit."""
    events = UnitDayEvents.__table__.alias("e")
    latest = (select(events.c.last_update_at)
              .where(events.c.unit_id == Unit.id, events.c.day <= day,
                     events.c.last_update_at.is_not(None))
              .order_by(events.c.day.desc()).limit(1).scalar_subquery())
    rows = session.execute(select(Unit.id, latest).where(Unit.active.is_(True),
                                                          _unit_filter(Unit.id, unit_ids)))
    return {unit_id: moment for unit_id, moment in rows if moment is not None}


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
    """Tasks overdue at the end of ``day``, oldest first (at most ``limit``), and how many: the
    count, the rows shown and their titles and units in one statement."""
    if day >= today:
        listed = select(Task.id.label("task_id"), Task.lead_unit_id.label("unit_id"), Task.due_date).where(
            is_open(), Task.due_date < today, _unit_filter(Task.lead_unit_id, unit_ids))
    elif rollups.snapshotted(session, [day]):
        listed = select(DayOverdue.task_id, DayOverdue.unit_id, DayOverdue.due_date).where(
            DayOverdue.day == day, _unit_filter(DayOverdue.unit_id, unit_ids))
    else:  # a closed day not snapshotted yet
        listed = rollups.overdue_spans(day, unit_ids)
    every = listed.subquery()
    total = select(func.count()).select_from(every).scalar_subquery()
    page = select(every).order_by(every.c.due_date, every.c.task_id).limit(limit).subquery()
    found = session.execute(
        select(page.c.task_id, page.c.unit_id, page.c.due_date, Task.title, Unit.name, Unit.code, total)
        .join(Task, Task.id == page.c.task_id).join(Unit, Unit.id == page.c.unit_id)
        .order_by(page.c.due_date, page.c.task_id)).all()
    if not found:
        return [], 0
    ids = [row.task_id for row in found]
    # As of the end of ``day``: approved by then, or asked by then and not yet decided.
    end_of_day = datetime.combine(day + timedelta(days=1), time.min, tz)
    approved_by_then = and_(Extension.state == "approved", Extension.decided_day <= day)
    extension_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for task_id, approved in session.execute(
            select(Extension.task_id, approved_by_then).where(
                Extension.task_id.in_(ids),
                or_(approved_by_then,
                    and_(Extension.requested_at < end_of_day,
                         or_(Extension.state == "pending", Extension.decided_day > day))))):
        extension_counts[task_id][0 if approved else 1] += 1
    return [OverdueTask(task_id, title, unit_id, unit_name, unit_code, due, (day - due).days,
                        *extension_counts[task_id])
            for task_id, unit_id, due, title, unit_name, unit_code, _total in found], found[0][-1]


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


def pending_extensions(session: Session, as_of: datetime, unit_ids=None, limit: int = 100) -> list[PendingExtension]:
    """Extension requests waiting for a leader at ``as_of`` (this moment, or the end of a past
    day: asked by then, decided later or not yet), oldest first."""
    def asked(*where):
        found = select(Extension.id, Extension.requested_at).where(Extension.requested_at <= as_of, *where)
        if unit_ids is not None:
            found = found.join(Task, Task.id == Extension.task_id).where(Task.lead_unit_id.in_(unit_ids))
        return found
    # Each part from its own index: the pending requests, oldest first, a page at most; those
    # decided after the moment (none for this moment; since a past day, its decisions).
    pending = asked(Extension.state == "pending").order_by(Extension.requested_at, Extension.id).limit(limit)
    either = union_all(select(pending.subquery()), asked(Extension.decided_at > as_of)).subquery()
    waiting = select(either.c.id).order_by(either.c.requested_at, either.c.id).limit(limit).subquery()
    rows = session.execute(
        select(Extension.id, Task.id, Task.title, Unit.name, Unit.code, Extension.requested_at,
               Extension.old_due_date, Extension.new_due_date, Extension.reason)
        .join(waiting, waiting.c.id == Extension.id)
        .join(Task, Task.id == Extension.task_id).join(Unit, Unit.id == Task.lead_unit_id)
        .order_by(Extension.requested_at, Extension.id))
    return [PendingExtension(*row) for row in rows]
