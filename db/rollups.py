"""Keeping and rebuilding the daily rollups.

Events and each task's state spans are kept in the same transaction as each write. States of
closed days are snapshotted from the spans by the first task write after the day's end, the
nightly command and start-up; a page never writes: a day not yet snapshotted is read from the
spans. All of it uses the definitions of ``dashboard.domain.rollups``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import cast

from sqlalchemy import Connection, Row, Select, Table, and_, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import clock
from dashboard.domain.buckets import DUE_SOON_DAYS, is_done_on_time
from dashboard.domain.history import existing_state_as_of
from dashboard.domain.model import TaskHistory, TaskState
from dashboard.domain.periods import Period, iso_week, local_day, month_of
from dashboard.domain.rollups import (
    COUNTERS,
    DayEvents,
    DayStates,
    rebuild_events,
    state_spans,
    states_by_day,
    task_day_events,
)
from dashboard.domain.vocabulary import OPEN_STATUSES

from . import audit_log
from .history import load_histories
from .models import Rating, Task
from .portable import upsert
from .rollups_models import (
    DIMENSION_COUNTS,
    DIMENSION_NAMES,
    OPEN_END,
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

KEPT_PER_DAY = (UnitDayStates, DayOverdue, UnitOnTimeToDate, UnitEventsToDate)  # with each closed day

CATCH_UP_DAYS = 62  # start-up and the first write of a day close at most this many missed days
CLOSE_GRACE = timedelta(minutes=5)


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
    """Keep the events rollup and the task's spans exact after one write to a task on ``day``;
    the first write after a day's end also closes the days missed."""
    old = task_day_events(before, day) if before is not None else {}
    new = task_day_events(after, day)
    # Update moments only ever join a unit's row (updates keep their unit), so min/max hold.
    deltas = {(unit_id, day): new.get(unit_id, DayEvents()).minus(old.get(unit_id, DayEvents()))
              for unit_id in set(old) | set(new)}
    add_events(session, deltas)
    keep_span(session, after, day)
    _written_on(session, day)


def tasks_created(session: Session, histories: Sequence[TaskHistory], day: date) -> None:
    """``task_changed`` for many new tasks written on ``day`` (an import): their events summed
    per unit, one upsert each, their first spans added together, the days closed once."""
    deltas: dict[tuple[int, date], DayEvents] = {}
    for history in histories:
        for unit_id, events in task_day_events(history, day).items():
            key = (unit_id, day)
            deltas[key] = deltas[key] + events if key in deltas else events
    add_events(session, deltas)
    session.add_all(TaskSpan(task_id=history.task_id, from_day=day, to_day=OPEN_END,
                             **_span_values(existing_state_as_of(history, day))) for history in histories)
    _written_on(session, day)


def _written_on(session: Session, day: date) -> None:
    """After a write on ``day``: reopen the days it changed, close the days missed."""
    latest_closed = session.scalar(select(func.max(SnapshotDay.day)))  # one index seek
    if latest_closed is not None and latest_closed >= day:
        reopen_days(session, day)  # a machine whose clock is behind wrote into a closed day
    close_missed_days(session, day)


def reopen_days(session: Session, first: date) -> None:
    """Forget the snapshots of ``first`` and every later day (a change on ``first`` holds on
    them too): pages read them from the spans until they are closed again, by the next write
    or the nightly command. The audit event makes cached figures of closed periods stale."""
    for model in (*KEPT_PER_DAY, SnapshotDay):
        session.execute(delete(model).where(model.day >= first))
    _forget_closed(session)
    _closed_through.pop(str(session.get_bind().engine.url), None)
    audit_log.record(session, "days_reopened", f"day:{first}", by=None, at=clock.now(), **{"from": first.isoformat()})


def _span_values(state: TaskState) -> dict:
    return dict(unit_id=state.unit_id, status=state.status.value, due_date=state.due,
                on_time=bool(is_done_on_time(state)), done_on=state.done_on)


def span_rows(history: TaskHistory) -> list[dict]:
    """The task's spans, consecutive days with the same values merged into one."""
    rows: list[dict] = []
    for start, end, state in state_spans(history):
        values = _span_values(state)
        if rows and all(rows[-1][key] == value for key, value in values.items()):
            rows[-1]["to_day"] = end or OPEN_END
        else:
            rows.append(dict(task_id=history.task_id, from_day=start, to_day=end or OPEN_END, **values))
    return rows


def _values_of(span: TaskSpan) -> dict:
    return dict(unit_id=span.unit_id, status=span.status, due_date=span.due_date, on_time=span.on_time,
                done_on=span.done_on)


def keep_span(session: Session, history: TaskHistory, day: date) -> None:
    """The task's state from ``day`` on, merged as ``span_rows`` merges. Writes are never
    stamped before the task's latest event (and the task's row is locked), so the span still
    holding is the latest: it stays, is replaced, or ends here."""
    values = _span_values(existing_state_as_of(history, day))
    current = session.scalar(select(TaskSpan).where(TaskSpan.task_id == history.task_id,
                                                    TaskSpan.to_day == OPEN_END))
    if current is not None and _values_of(current) == values:
        return
    if current is not None and current.from_day == day:  # changed again the same day
        earlier = session.scalar(select(TaskSpan).where(TaskSpan.task_id == history.task_id,
                                                        TaskSpan.to_day == day))
        if earlier is not None and _values_of(earlier) == values:  # back to what it was
            session.delete(current)
            session.flush()
            earlier.to_day = OPEN_END
        else:
            for key, value in values.items():
                setattr(current, key, value)
        return
    if current is not None:
        current.to_day = day
    session.add(TaskSpan(task_id=history.task_id, from_day=day, to_day=OPEN_END, **values))


def _holds_on(day: date):
    return and_(TaskSpan.from_day <= day, TaskSpan.to_day > day)


def _units(column, unit_ids):
    return True if unit_ids is None else column.in_(unit_ids)


def states_from_spans(session: Session, day: date, unit_ids=None) -> dict[int, DayStates]:
    """Each unit's open work at the end of ``day`` (one grouped read of the spans)."""
    due = TaskSpan.due_date
    rows = session.execute(
        select(TaskSpan.unit_id, func.count(),
               func.sum(case((and_(TaskSpan.status == "not_started", due >= day), 1), else_=0)),
               func.sum(case((due < day, 1), else_=0)),
               func.sum(case((due.between(day, day + timedelta(days=DUE_SOON_DAYS)), 1), else_=0)),
               func.min(due))
        .where(TaskSpan.status.in_(OPEN_STATUSES), _holds_on(day), _units(TaskSpan.unit_id, unit_ids))
        .group_by(TaskSpan.unit_id))
    return {unit_id: DayStates(open_, int(not_started), int(overdue), int(due_soon),
                               (day - oldest).days if overdue else 0)
            for unit_id, open_, not_started, overdue, due_soon, oldest in rows}


def overdue_from_spans(session: Session, day: date, unit_ids=None):
    """(task id, unit id, due date) of every task overdue at the end of ``day``, oldest first."""
    return session.execute(overdue_spans(day, unit_ids).order_by(TaskSpan.due_date, TaskSpan.task_id)).all()


def overdue_spans(day: date, unit_ids=None) -> Select:
    """The statement behind ``overdue_from_spans``, unordered (for callers that page it)."""
    return (select(TaskSpan.task_id, TaskSpan.unit_id, TaskSpan.due_date)
            .where(TaskSpan.status.in_(OPEN_STATUSES), _holds_on(day), TaskSpan.due_date < day,
                   _units(TaskSpan.unit_id, unit_ids)))


def spans_shown_on(session: Session, unit_id: int, day: date, done_since: date
                   ) -> Sequence[Row[int, str, date, bool, date | None]]:
    """(task id, status, due date, on time, done on) of the unit's tasks open at the end of
    ``day``, or done then and done since ``done_since``: what a unit page shows of them, found
    without reading any history."""
    return session.execute(select(TaskSpan.task_id, TaskSpan.status, TaskSpan.due_date, TaskSpan.on_time,
                                  TaskSpan.done_on).where(
        TaskSpan.unit_id == unit_id, _holds_on(day),
        TaskSpan.status.in_(OPEN_STATUSES) | and_(TaskSpan.status == "done", TaskSpan.done_on >= done_since))).all()


def tasks_shown_on(session: Session, unit_id: int, day: date, done_since: date) -> list[int]:
    return [row[0] for row in spans_shown_on(session, unit_id, day, done_since)]


def on_time_from_spans(session: Session | Connection, period: Period, as_of: date, unit_ids=None
                       ) -> dict[int, tuple[int, int]]:
    """(due, on time) per unit: tasks whose effective due date as of ``as_of`` falls in the
    period, cancelled ones left out (dashboard.domain.units.on_time_rate, read in one query)."""
    rows = session.execute(
        select(TaskSpan.unit_id, func.count(), func.sum(case((TaskSpan.on_time.is_(True), 1), else_=0)))
        .where(TaskSpan.due_date.between(period.start, period.end), _holds_on(as_of),
               TaskSpan.status != "cancelled", _units(TaskSpan.unit_id, unit_ids))
        .group_by(TaskSpan.unit_id))
    return {unit_id: (due, int(on_time or 0)) for unit_id, due, on_time in rows}


def to_date_kind(period: Period) -> str | None:
    """"day", "week" or "month" when the period is that period of its last day to date."""
    if period.start == period.end:
        return "day"
    if period.start == period.end - timedelta(days=period.end.weekday()):
        return "week"
    if period.start == period.end.replace(day=1):
        return "month"
    return None


def to_date_periods(day: date) -> dict[str, Period]:
    return {"day": Period(day, day), "week": Period(day - timedelta(days=day.weekday()), day),
            "month": Period(day.replace(day=1), day)}


def on_time_to_date_rows(session: Session | Connection, day: date) -> list[dict]:
    return [dict(day=day, kind=kind, unit_id=unit_id, due=due, on_time=on_time)
            for kind, period in to_date_periods(day).items()
            for unit_id, (due, on_time) in on_time_from_spans(session, period, day).items()]


def events_to_date_rows(session: Session | Connection, day: date) -> list[dict]:
    """Each unit's events over the week and the month to date of ``day``."""
    table = UnitDayEvents
    columns = [func.sum(table.__table__.c[name]) for name in COUNTERS]
    rows = []
    for kind, period in to_date_periods(day).items():
        if kind == "day":  # the day's own rows say it
            continue
        for unit_id, *values in session.execute(
                select(table.unit_id, *columns, func.min(table.first_update_at), func.max(table.last_update_at))
                .where(table.day.between(period.start, period.end)).group_by(table.unit_id)):
            rows.append(dict(day=day, kind=kind, unit_id=unit_id, **dict(zip(COUNTERS, values)),
                             first_update_at=values[-2], last_update_at=values[-1]))
    return rows


def keep_to_date(session: Session | Connection, days: Iterable[date]) -> None:
    """Keep what pages read of the to-date periods ending on closed ``days`` (their on-time
    figures and events) and flag their silent units; the states must be in place."""
    days = list(days)
    for day in days:
        _insert_rows(session, UnitOnTimeToDate, on_time_to_date_rows(session, day))
        _insert_rows(session, UnitEventsToDate, events_to_date_rows(session, day))
    mark_silent(session, days)


def snapshotted(session: Session, days: Iterable[date]) -> set[date]:
    """Which of ``days`` are closed (snapshotted). Known for the session's life: a page asks
    about the same few days from several reads, and one statement answers them all."""
    days = list(days)
    known: dict[date, bool] = session.info.setdefault(_CLOSED_KNOWN, {})
    unknown = [day for day in days if day not in known]
    if unknown:
        found = set(session.scalars(select(SnapshotDay.day).where(SnapshotDay.day.in_(unknown))))
        known.update((day, day in found) for day in unknown)
    return {day for day in days if known[day]}


def _forget_closed(session: Session | Connection) -> None:
    """Days were closed or reopened in this session: what it knew of them is stale."""
    session.info.pop(_CLOSED_KNOWN, None)


_CLOSED_KNOWN = "closed days known"


def events_kept(session: Session, period: Period, unit_ids=None) -> dict[int, DayEvents] | None:
    """Each unit's event counters over a closed week or month to date kept when its last day
    was closed, or None when they were not."""
    kind = to_date_kind(period)
    if kind not in ("week", "month") or not snapshotted(session, [period.end]):
        return None
    table = UnitEventsToDate
    columns = [table.__table__.c[name] for name in COUNTERS]
    rows = session.execute(select(table.unit_id, *columns)
                           .where(table.day == period.end, table.kind == kind, _units(table.unit_id, unit_ids)))
    return {unit_id: DayEvents.from_counters(values) for unit_id, *values in rows}


def on_time_kept(session: Session, period: Period, unit_ids=None) -> dict[int, tuple[int, int]] | None:
    """The on-time figures of a closed to-date period kept when its last day was closed, or
    None when they were not (another shape of period, or a day not closed yet)."""
    kind = to_date_kind(period)
    if kind is None or not snapshotted(session, [period.end]):
        return None
    table = UnitOnTimeToDate
    rows = session.execute(select(table.unit_id, table.due, table.on_time).where(
        table.day == period.end, table.kind == kind, _units(table.unit_id, unit_ids)))
    return {unit_id: (due, on_time) for unit_id, due, on_time in rows}


def close_days(session: Session, days: Iterable[date]) -> list[date]:
    """Snapshot the states and overdue lists of closed ``days`` not yet snapshotted, from the
    spans; safe when another worker closes the same day meanwhile (theirs stands)."""
    wanted = set(days)
    if not wanted:
        return []
    have = set(session.scalars(select(SnapshotDay.day).where(SnapshotDay.day.in_(wanted))))
    closed = []
    for day in sorted(wanted - have):
        states = states_from_spans(session, day)
        overdue = overdue_from_spans(session, day)

        def write(day=day, states=states, overdue=overdue):
            session.execute(insert(SnapshotDay), [dict(day=day, computed_at=clock.now())])
            _forget_closed(session)
            for model in KEPT_PER_DAY:  # rows left without their mark
                session.execute(delete(model).where(model.day == day))
            _insert_rows(session, UnitDayStates, state_rows({(u, day): s for u, s in states.items()}))
            _insert_rows(session, DayOverdue, overdue_rows([(day, t, u, due) for t, u, due in overdue]))
            keep_to_date(session, [day])
        if _once(session, write):
            closed.append(day)
    return closed


_closed_through: dict[str, date] = {}  # per database: this process knows days up to it are closed


def close_missed_days(session: Session, today: date) -> list[date]:
    """Close the days between the latest snapshot and yesterday (at most CATCH_UP_DAYS), once
    per process and day: the first write of a day pays for it, later ones check a date."""
    # A write stamped just before midnight may still be committing: a day is closed a few
    # minutes after its end, never at once.
    yesterday = min(today, local_day(clock.now() - CLOSE_GRACE, clock.local_zone())) - timedelta(days=1)
    database = str(session.get_bind().engine.url)
    if _closed_through.get(database, date.min) >= yesterday:
        return []
    latest = session.scalar(select(func.max(SnapshotDay.day)))
    if latest is None:  # nothing snapshotted yet: from the first task on
        latest = (session.scalar(select(func.min(Task.created_on))) or today) - timedelta(days=1)
    first = max(latest + timedelta(days=1), yesterday - timedelta(days=CATCH_UP_DAYS - 1))
    closed = close_days(session, [first + timedelta(days=n) for n in range((yesterday - first).days + 1)])
    if not closed:  # known from committed snapshots; days closed here count once this commits
        _closed_through[database] = yesterday
    return closed


def mark_silent(session: Session | Connection, days: Iterable[date]) -> None:
    """Flag the units silent on snapshotted ``days``: open work at the day's end and no update
    by its cut-off. Pages then count them from the states alone."""
    states = cast(Table, UnitDayStates.__table__)  # a Table, typed as any FromClause, which update() refuses
    events = UnitDayEvents.__table__
    for day in days:
        reported = select(events.c.unit_id).where(
            events.c.unit_id == states.c.unit_id, events.c.day == day,
            events.c.first_update_at <= clock.cutoff_moment(day)).exists()
        session.execute(update(states).where(states.c.day == day, states.c.open > 0, ~reported)
                        .values(silent=True))


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
    """Snapshot closed ``days`` from the histories (replacing any) and mark them as computed;
    the task spans must be in place (their on-time figures are read from them)."""
    days = sorted(set(days))
    if not days:
        return
    for model in (*KEPT_PER_DAY, SnapshotDay):
        session.execute(delete(model).where(model.day.in_(days)))
    states, overdue = snapshot_days(histories, days[0], days[-1])
    wanted = set(days)
    _insert_rows(session, UnitDayStates, [row for row in states if row["day"] in wanted])
    _insert_rows(session, DayOverdue, [row for row in overdue if row["day"] in wanted])
    keep_to_date(session, days)
    now = clock.now()
    session.execute(insert(SnapshotDay), [dict(day=day, computed_at=now) for day in days])
    _forget_closed(session)


def load_histories_chunked(session: Session, task_ids: list[int]) -> list[TaskHistory]:
    histories: list[TaskHistory] = []
    for start in range(0, len(task_ids), 5000):
        histories += load_histories(session, task_ids[start:start + 5000]).values()
    return histories


def _once(session: Session, write) -> bool:
    """Run a write in a savepoint: if another worker wrote the same closed day meanwhile,
    theirs stands (it is the same) and this one goes on. True when this one wrote."""
    try:
        with session.begin_nested():
            write()
        return True
    except IntegrityError:
        return False


def rebuild(session: Session, today: date, first_day: date | None = None) -> dict[str, int]:
    """Throw the rollups away and compute them again from the raw history."""
    histories = load_histories_chunked(session, list(session.scalars(select(Task.id))))
    session.execute(delete(UnitDayEvents))
    session.execute(delete(TaskSpan))
    events = rebuild_events(histories)
    add_bulk_events(session, events)
    _insert_rows(session, TaskSpan, [row for history in histories for row in span_rows(history)])
    first = first_day or min((h.created_on for h in histories), default=today)
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    write_states(session, histories, days)
    ratings = rebuild_ratings(session)
    return {"event rows": len(events), "closed days": len(days), "rating rows": ratings}


def forget_closed_through() -> None:
    """For tests and imports that rewrite history: the next write checks the snapshots again."""
    _closed_through.clear()


def add_bulk_events(session: Session | Connection, events: dict[tuple[int, date], DayEvents]) -> None:
    """Insert fresh event rows (for an empty table: the generator and rebuild)."""
    rows = [dict(unit_id=unit_id, day=day, **{name: getattr(e, name) for name in COUNTERS},
                 first_update_at=e.first_update_at, last_update_at=e.last_update_at)
            for (unit_id, day), e in events.items()]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(UnitDayEvents), rows[start:start + 10_000])


def rebuild_ratings(session: Session | Connection) -> int:
    """Count visible ratings per point and day again, and sum the days into each point's weeks
    and months."""
    days = count_ratings_per_day(session)
    periods: dict[tuple[str, date, int], dict] = {}
    for row in days:
        for kind, first in (("week", iso_week(row["day"]).start), ("month", month_of(row["day"]).start)):
            kept = periods.setdefault((kind, first, row["point_id"]), dict(
                kind=kind, start=first, point_id=row["point_id"], unit_id=row["unit_id"],
                **dict.fromkeys(RATING_COUNTS, 0)))
            for column in RATING_COUNTS:
                kept[column] += row[column]
    session.execute(delete(PointPeriodRatings))
    _insert_rows(session, PointPeriodRatings, list(periods.values()))
    return len(days)


RATING_COUNTS = tuple(f"score_{n}" for n in range(1, 6)) + DIMENSION_COUNTS


def count_ratings_per_day(session: Session | Connection) -> list[dict]:
    """Count visible ratings per point and day again, per score and per dimension's score (the
    rows written)."""
    session.execute(delete(PointDayRatings))
    counted = {f"score_{n}": Rating.score == n for n in range(1, 6)}
    counted.update({f"{d}_{n}": getattr(Rating, f"dim_{d}") == n for d in DIMENSION_NAMES for n in range(1, 6)})
    sums = [func.sum(case((condition, 1), else_=0)) for condition in counted.values()]
    rows = session.execute(select(Rating.point_id, Rating.day, Rating.unit_id, *sums)
                           .where(Rating.hidden.is_(False))
                           .group_by(Rating.point_id, Rating.day, Rating.unit_id)).all()
    values = [dict(point_id=p, day=d, unit_id=u, **dict(zip(counted, (int(v) for v in numbers))))
              for p, d, u, *numbers in rows]
    for start in range(0, len(values), 5_000):
        session.execute(insert(PointDayRatings), values[start:start + 5_000])
    return values
