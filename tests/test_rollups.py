"""The kept rollups equal a rebuild from the raw history."""
import random
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from dashboard import clock
from dashboard.domain.history import state_as_of
from dashboard.domain.periods import Period
from dashboard.domain.policy import Actor
from dashboard.domain.rollups import DayStates, state_spans, states_by_day, task_day_events, unit_states
from dashboard.domain.rules import Invalid
from db import rollups
from db.engine import Database
from db.history import load_histories
from db.migrate import upgrade
from db.models import Extension, Task, TaskUpdate, Unit, User
from db.rollups_models import DayOverdue, SnapshotDay, UnitDayStates
from db.tasks import assign_task, decide_extension, edit_task, record_update, request_extension

from .conftest import HCM, TODAY
from .domain_helpers import fields
from .integrity import kept_events, kept_spans, rebuilt_events, rebuilt_spans, stale_snapshots
from .test_domain_properties import histories


@settings(max_examples=150, deadline=None)
@given(st.lists(histories(), max_size=12))
def test_sweep_of_states_equals_day_by_day_states(tasks):
    tasks = [h.__class__(i, h.created_on, h.due_changes, h.unit_changes, h.updates)
             for i, h in enumerate(tasks)]
    first, last = date(2026, 1, 1), date(2026, 3, 15)
    swept = states_by_day(tasks, first, last)
    day = first
    while day <= last:
        expected = unit_states(tasks, day)
        assert {u: s for (u, d), s in swept.items() if d == day} == expected, day
        day += timedelta(days=1)


@settings(max_examples=150, deadline=None)
@given(histories())
def test_the_span_holding_on_any_day_is_the_state_as_of_that_day(history):
    spans = state_spans(history)
    day = history.created_on - timedelta(days=2)
    while day <= history.created_on + timedelta(days=120):
        holding = [state for start, end, state in spans if start <= day and (end is None or day < end)]
        expected = state_as_of(history, day)
        assert holding == ([] if expected is None else [expected]), day
        day += timedelta(days=1)


@pytest.fixture
def two_units(empty_db_url):
    database = Database(empty_db_url)
    upgrade(database.engine)
    with database.transaction() as s:
        s.add_all([Unit(id=1, code="a", name="A", kind="office"),
                   Unit(id=2, code="b", name="B", kind="commune")])
        s.flush()
        now = clock.now()
        s.add_all([User(id=1, username="leader", full_name="L", password_hash="x", role="leader",
                        created_at=now),
                   User(id=2, username="head.a", full_name="HA", password_hash="x", role="unit_head",
                        unit_id=1, created_at=now),
                   User(id=3, username="head.b", full_name="HB", password_hash="x", role="unit_head",
                        unit_id=2, created_at=now)])
    yield database
    database.dispose()


def _local(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), HCM)


def test_back_to_back_updates_across_midnight_land_on_their_own_days(two_units):
    start = date(2026, 11, 2)
    with two_units.transaction() as s:
        task_id = assign_task(s, fields=fields("T", start, start + timedelta(days=1)), lead_unit_id=1, actor=None,
                              now=_local(start, 8), tz=HCM).id
    for moment, status, progress in [(_local(start, 23, 59), "in_progress", 40),
                                     (_local(start + timedelta(days=1), 0, 1), "in_progress", 70),
                                     (_local(start + timedelta(days=1), 0, 2), "done", 100)]:
        with two_units.transaction() as s:
            record_update(s, task_id, status=status, progress=progress, note="", by_user_id=None,
                          now=moment, tz=HCM)
    kept = kept_events(two_units)
    assert kept == rebuilt_events(two_units)
    assert kept[(1, start)].progress_points == 40 and kept[(1, start)].updates == 1
    second = kept[(1, start + timedelta(days=1))]
    assert (second.progress_points, second.updates, second.done_on_time) == (60, 2, 1)


@pytest.mark.parametrize("skewed", [False, True], ids=["one clock", "skewed clocks"])
@pytest.mark.parametrize("seed", range(4))
def test_kept_rollups_and_the_overview_equal_a_rebuild_on_random_histories(two_units, seed, skewed):
    """Random assignments, updates, edits (due date and unit) and extension decisions; with
    skewed clocks, a third of the writes come from a machine whose clock is behind by minutes
    to a day, so they arrive "before" events already stored."""
    rng = random.Random(seed)
    moment = _local(date(2026, 10, 1), 7)
    real_moment = moment
    leader, heads = Actor(1, "leader", None), {1: Actor(2, "unit_head", 1), 2: Actor(3, "unit_head", 2)}
    task_ids = []
    for _ in range(80):
        real_moment += timedelta(minutes=rng.choice([1, 5, 90, 400, 900, 1500]))
        behind = timedelta(minutes=rng.choice([3, 120, 600, 1440])) if skewed and rng.random() < 0.33 \
            else timedelta(0)
        moment = real_moment - behind
        day = moment.astimezone(HCM).date()
        with two_units.transaction() as s:
            choice = rng.random()
            try:
                if not task_ids or choice < 0.2:
                    task_ids.append(assign_task(
                        s, fields=fields("T", day, day + timedelta(days=rng.randint(0, 6))),
                        lead_unit_id=rng.choice([1, 2]), actor=leader, now=moment, tz=HCM).id)
                    continue
                task = s.get(Task, rng.choice(task_ids))
                if choice < 0.3:
                    edit_task(s, task.id, fields=fields("T2", task.start_date,
                                                        max(task.start_date, day) + timedelta(days=rng.randint(0, 5))),
                              lead_unit_id=rng.choice([1, 2]), reason="", actor=leader, now=moment,
                              tz=HCM, expected_version=None)
                elif choice < 0.4:
                    request_extension(s, task.id, new_due=task.due_date + timedelta(days=rng.randint(1, 9)),
                                      reason="r", actor=heads[task.lead_unit_id], now=moment, tz=HCM,
                                      expected_version=None)
                elif choice < 0.5:
                    pending = s.scalar(select(Extension.id).where(Extension.state == "pending").limit(1))
                    if pending:
                        decide_extension(s, pending, approve=rng.random() < 0.7, note="", actor=leader,
                                         now=moment, tz=HCM)
                else:
                    status = rng.choice(["in_progress", "in_progress", "done", "not_started", "cancelled"])
                    actor = leader if status == "cancelled" else heads[task.lead_unit_id]
                    record_update(s, task.id, status=status, progress=0 if status == "not_started"
                                  else rng.randint(0, 100), note="", by_user_id=None, now=moment, tz=HCM,
                                  actor=actor)
            except Invalid:
                pass  # e.g. reopening a cancelled task: refused, nothing written
    assert kept_events(two_units) == rebuilt_events(two_units)
    assert kept_spans(two_units) == rebuilt_spans(two_units)
    with two_units.session() as s:
        assert s.scalar(select(func.count()).select_from(SnapshotDay)) > 10  # writes closed their past days
    assert stale_snapshots(two_units) == []  # and those closed days agree with the spans
    _overview_agrees_with_the_history(two_units, real_moment)
    with two_units.session() as s:  # and every task's cache agrees with its history
        histories = load_histories(s)
        stored = s.execute(select(TaskUpdate.task_id, TaskUpdate.id).order_by(
            TaskUpdate.task_id, TaskUpdate.created_at, TaskUpdate.id)).all()
        assert stored == sorted(stored), "updates sort by moment in the order they were written"
        for task in s.scalars(select(Task)):
            state = state_as_of(histories[task.id], real_moment.astimezone(HCM).date())
            assert (task.status, task.progress, task.due_date, task.lead_unit_id) == \
                (state.status.value, state.progress, state.due, state.unit_id)


def _overview_agrees_with_the_history(database, now):
    """The overview service, for days, weeks and months to date ending today, on a closed
    (kept) day and further back, shows what a recomputation from the raw histories says:
    open work, overdue, due soon, completions, silent units and each unit's ranking row."""
    from collections import defaultdict

    from flask import Flask

    from dashboard.config import DEFAULTS
    from dashboard.domain import overview as logic
    from dashboard.domain.rollups import rebuild_events
    from dashboard.domain.units import is_silent
    from dashboard.services.overview import overview
    app = Flask(__name__)
    app.config.update({key: DEFAULTS[key] for key in (
        "MIN_SAMPLE", "SEVERITY_RED_OVERDUE_COUNT", "SEVERITY_RED_DAYS_OVERDUE", "DAILY_CUTOFF")},
        TIMEZONE="Asia/Ho_Chi_Minh")
    today = now.astimezone(HCM).date()
    with app.app_context(), clock.set_to(now, tick=False), database.session() as s:
        histories = list(load_histories(s).values())
        events = rebuild_events(histories)
        moments = defaultdict(list)
        for unit_id, at in s.execute(select(TaskUpdate.unit_id, TaskUpdate.created_at)):
            moments[unit_id].append(at.astimezone(HCM).replace(tzinfo=None))
        checked = 0
        for as_of in sorted({today, today - timedelta(days=1), today - timedelta(days=9),
                             today - timedelta(days=20)}):
            for kind in ("day", "week", "month"):
                window = logic.resolve_window(kind, as_of, today)
                figures = overview(s, window)
                for period, side in ((window.shown, "value"), (window.previous, "previous")):
                    states = unit_states(histories, period.end)
                    done = [e for (unit, day), e in events.items() if day in period]
                    expected = {
                        "open": sum(x.open for x in states.values()),
                        "overdue": sum(x.overdue for x in states.values()),
                        "due_soon": sum(x.due_soon for x in states.values()),
                        "done_on_time": sum(e.done_on_time for e in done),
                        "done_late": sum(e.done_late for e in done),
                        "silent_units": sum(1 for unit, x in states.items()
                                            if is_silent(x.open, moments[unit], period.end)),
                    }
                    shown = {name: getattr(getattr(figures.headline, name), side) for name in expected}
                    assert shown == expected, (as_of, kind, side)
                states = unit_states(histories, window.shown.end)
                for row in figures.ranking:
                    done = [e for (unit, day), e in events.items() if unit == row.unit_id and day in window.shown]
                    assert (row.done_on_time, row.done_late, row.overdue) == (
                        sum(e.done_on_time for e in done), sum(e.done_late for e in done),
                        states[row.unit_id].overdue if row.unit_id in states else 0), (as_of, kind, row.unit_id)
                checked += 1
    assert checked == 12


@pytest.mark.parametrize("ahead", [timedelta(hours=5), timedelta(days=1, hours=2)],
                         ids=["later that day", "the next day"])
def test_a_change_never_sorts_before_an_event_stamped_ahead_of_the_server(two_units, ahead):
    """An update was stored by a machine whose clock ran ahead. The head then marks the task done
    (on time: due in three days) and a leader moves it to another unit: the done stays done and
    on time, and the kept rollups equal a rebuild."""
    day = date(2026, 11, 2)
    head, leader = Actor(2, "unit_head", 1), Actor(1, "leader", None)
    with two_units.transaction() as s:
        task_id = assign_task(s, fields=fields("T", day - timedelta(days=5), day + timedelta(days=3)),
                              lead_unit_id=1, actor=None, now=_local(day - timedelta(days=5), 8), tz=HCM).id
    with two_units.transaction() as s:  # stamped by the machine that ran ahead
        record_update(s, task_id, status="in_progress", progress=50, note="", by_user_id=None,
                      now=_local(day, 10) + ahead, tz=HCM, actor=head)
    with two_units.transaction() as s:
        record_update(s, task_id, status="done", progress=100, note="", by_user_id=None,
                      now=_local(day, 10), tz=HCM, actor=head)
    with two_units.transaction() as s:
        edit_task(s, task_id, fields=fields("T", day - timedelta(days=5), day + timedelta(days=3)),
                  lead_unit_id=2, reason="", actor=leader, now=_local(day, 11), tz=HCM,
                  expected_version=None)
    with two_units.session() as s:
        task = s.get(Task, task_id)
        assert (task.status, task.progress, task.done_on_time, task.lead_unit_id) == ("done", 100, True, 2)
        moments = s.execute(select(TaskUpdate.created_at).where(TaskUpdate.task_id == task_id)
                            .order_by(TaskUpdate.id)).scalars().all()
        assert moments == sorted(moments) and moments[-1] > _local(day, 10) + ahead
    kept = kept_events(two_units)
    assert kept == rebuilt_events(two_units)
    assert sum(e.done_on_time for e in kept.values()) == 1
    assert sum(e.done_late for e in kept.values()) == 0


def test_demo_rollups_equal_a_rebuild_from_its_history(database):
    assert kept_events(database) == rebuilt_events(database)
    with database.session() as s:
        histories = list(load_histories(s).values())
        kept = {(r.unit_id, r.day): (r.open, r.not_started, r.overdue, r.due_soon, r.max_days_overdue)
                for r in s.scalars(select(UnitDayStates))}
    for day in (TODAY - timedelta(days=1), TODAY - timedelta(days=30), TODAY - timedelta(days=100)):
        expected = unit_states(histories, day)
        assert {u: v for (u, d), v in kept.items() if d == day} == \
            {u: (e.open, e.not_started, e.overdue, e.due_soon, e.max_days_overdue)
             for u, e in expected.items()}


def test_a_closed_day_not_yet_snapshotted_reads_the_same_from_the_spans_and_closes_once(demo_db_url):
    """A page never writes: a closed day without its snapshot is read from the spans, with the
    same figures; closing it later (nightly, first write, start-up) stores exactly those."""
    from db import overview
    database = Database(demo_db_url)
    day = TODAY - timedelta(days=3)
    try:
        with database.session() as s:
            before = overview.states_on(s, [day], TODAY)[day]
            overdue_before = overview.overdue_tasks(s, day, TODAY, HCM, limit=5)
        with database.transaction() as s:
            s.execute(delete(UnitDayStates).where(UnitDayStates.day == day))
            s.execute(delete(DayOverdue).where(DayOverdue.day == day))
            s.execute(delete(SnapshotDay).where(SnapshotDay.day == day))
        with database.session() as s:
            assert overview.states_on(s, [day], TODAY)[day] == before and before
            assert overview.overdue_tasks(s, day, TODAY, HCM, limit=5) == overdue_before
            assert overdue_before[1] > 5  # the total counts beyond the rows shown
        with database.transaction() as s:
            assert rollups.close_days(s, [day, day - timedelta(days=1)]) == [day]  # the other was kept
        with database.session() as s:
            assert s.get(SnapshotDay, day) is not None
            kept = {r.unit_id: DayStates(r.open, r.not_started, r.overdue, r.due_soon, r.max_days_overdue)
                    for r in s.scalars(select(UnitDayStates).where(UnitDayStates.day == day))}
            assert kept == before
            assert overview.overdue_tasks(s, day, TODAY, HCM, limit=5) == overdue_before
    finally:
        database.dispose()


def test_a_session_knows_which_days_are_closed_until_it_closes_or_reopens_one(demo_db_url, tmp_path):
    """A page asks about the same days from several reads, answered once per session; a
    session that reopens, closes or rewrites days asks again."""
    from .conftest import copy_demo
    database = Database(copy_demo(demo_db_url, tmp_path / "known.db"))
    day = TODAY - timedelta(days=2)
    try:
        with database.transaction() as s:
            assert rollups.snapshotted(s, [day, TODAY]) == {day}  # today is never closed
            rollups.reopen_days(s, day)
            assert rollups.snapshotted(s, [day]) == set()
            assert rollups.close_days(s, [day]) == [day]  # as the first write of a day does
            assert rollups.snapshotted(s, [day]) == {day}
            rollups.reopen_days(s, day)
            assert rollups.snapshotted(s, [day]) == set()
            rollups.write_states(s, list(load_histories(s).values()), [day])  # as `rollups rebuild` does
            assert rollups.snapshotted(s, [day, day + timedelta(days=1)]) == {day}  # the day after: still reopened
    finally:
        database.dispose()


def test_the_first_write_after_days_end_closes_the_days_missed(demo_db_url, tmp_path):
    from .conftest import copy_demo
    database = Database(copy_demo(demo_db_url, tmp_path / "close.db"))
    missed = [TODAY - timedelta(days=n) for n in (1, 2)]
    try:
        with database.transaction() as s:
            for model in (UnitDayStates, DayOverdue, SnapshotDay):
                s.execute(delete(model).where(model.day.in_(missed)))
        rollups.forget_closed_through()
        with database.transaction() as s:
            task = s.scalars(select(Task).where(Task.status == "in_progress")).first()
            record_update(s, task.id, status="in_progress", progress=min(99, task.progress + 1),
                          note="", by_user_id=None, now=clock.now(), tz=HCM, expected_version=task.version)
        with database.session() as s:
            assert {d for d in missed if s.get(SnapshotDay, d) is not None} == set(missed)
            assert s.get(SnapshotDay, TODAY) is None  # today is never closed
    finally:
        database.dispose()


def test_task_day_events_of_a_task_not_yet_created_are_empty():
    from .domain_helpers import task
    assert task_day_events(task("2026-03-10", "2026-03-20"), date(2026, 3, 9)) == {}


@pytest.mark.parametrize("period", [
    Period(date(2026, 11, 20), date(2026, 11, 20)), Period(date(2026, 11, 2), date(2026, 11, 8)),
    Period(date(2026, 10, 1), date(2026, 10, 31)), Period(date(2026, 9, 14), date(2026, 10, 13)),
    Period(date(2026, 8, 17), date(2026, 11, 25)), Period(date(2026, 11, 16), date(2026, 11, 18)),
    Period(date(2026, 11, 1), date(2026, 11, 13))],
    ids=["day", "week", "month", "mid-month", "long", "week to date", "month to date"])
def test_on_time_kept_or_read_from_the_spans_equals_the_definition(database, period):
    from dashboard.domain.units import on_time_rate
    from db.overview import on_time_by_unit
    with database.session() as s:
        histories = list(load_histories(s).values())
        kept = on_time_by_unit(s, period, TODAY)
        assert rollups.to_date_kind(period) is None or rollups.on_time_kept(s, period) == kept  # from the table
        assert rollups.on_time_from_spans(s, period, period.end) == kept
    units = {state.unit_id for h in histories if (state := state_as_of(h, period.end)) is not None}
    expected = {}
    for unit_id in units:
        rate = on_time_rate(histories, period, TODAY, unit_id=unit_id)
        if rate.due:
            expected[unit_id] = (rate.due, rate.on_time)
    assert kept == expected and expected


def test_a_day_snapshotted_meanwhile_by_another_worker_is_not_an_error(two_units):

    from sqlalchemy import insert
    day = date(2026, 11, 1)
    now = clock.now()
    with two_units.transaction() as s:
        s.execute(insert(SnapshotDay), [dict(day=day, computed_at=now)])  # the other worker's
        rollups._once(s, lambda: s.execute(insert(SnapshotDay), [dict(day=day, computed_at=now)]))
        s.execute(insert(SnapshotDay), [dict(day=day + timedelta(days=1), computed_at=now)])
    with two_units.session() as s:  # the request went on and its own work was kept
        assert s.scalar(select(func.count()).select_from(SnapshotDay)) == 2


def _done(s, task_id, moment, status="done", progress=100, note=""):
    record_update(s, task_id, status=status, progress=progress, note=note, by_user_id=None, now=moment, tz=HCM,
                  actor=Actor(2, "unit_head", 1))


def test_a_write_into_closed_days_reopens_that_day_and_every_later_one(two_units):
    """Another machine closed 9 and 10 November; a write stamped on the 9th (its clock was
    behind) reopens both, whatever this process remembers: they are read from the spans."""
    from db.models import AuditEvent
    leader = Actor(1, "leader", None)
    with two_units.transaction() as s:
        task_id = assign_task(s, fields=fields("T", date(2026, 11, 5), date(2026, 11, 20)), lead_unit_id=1,
                              actor=leader, now=_local(date(2026, 11, 5), 9), tz=HCM).id
        rollups.close_days(s, [date(2026, 11, 9), date(2026, 11, 10)])
    rollups.forget_closed_through()  # this process never closed anything
    with two_units.transaction() as s:
        _done(s, task_id, _local(date(2026, 11, 9), 23, 58))
    with two_units.session() as s:
        assert s.scalar(select(func.count()).select_from(SnapshotDay).where(
            SnapshotDay.day >= date(2026, 11, 9))) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "days_reopened")) == 1
    assert stale_snapshots(two_units) == []


def test_a_day_is_closed_a_few_minutes_after_its_end_not_at_once(two_units):
    """A write stamped at 23:59:59 may still be committing at 00:00:01."""
    leader = Actor(1, "leader", None)
    with two_units.transaction() as s:
        assign_task(s, fields=fields("T", date(2026, 11, 5), date(2026, 11, 20)), lead_unit_id=1,
                    actor=leader, now=_local(date(2026, 11, 5), 9), tz=HCM)
    rollups.forget_closed_through()
    with clock.set_to(_local(date(2026, 11, 10), 0, 2), tick=False), two_units.transaction() as s:
        rollups.close_missed_days(s, date(2026, 11, 10))
        assert s.get(SnapshotDay, date(2026, 11, 9)) is None and s.get(SnapshotDay, date(2026, 11, 8))
    rollups.forget_closed_through()
    with clock.set_to(_local(date(2026, 11, 10), 0, 6), tick=False), two_units.transaction() as s:
        rollups.close_missed_days(s, date(2026, 11, 10))
        assert s.get(SnapshotDay, date(2026, 11, 9)) is not None


def test_a_task_done_again_inside_the_window_is_on_the_unit_page(two_units):
    """Done late before the window, reopened and done again the same day inside it: its
    span says when it was done, so the unit page finds it (done within the window)."""
    leader = Actor(1, "leader", None)
    with two_units.transaction() as s:
        task_id = assign_task(s, fields=fields("T", date(2026, 11, 2), date(2026, 11, 4)), lead_unit_id=1,
                              actor=leader, now=_local(date(2026, 11, 2), 9), tz=HCM).id
        _done(s, task_id, _local(date(2026, 11, 6), 9))
        _done(s, task_id, _local(date(2026, 11, 12), 9), status="in_progress", progress=90,
              note="Mở lại: thiếu biên bản")  # reopening a done task needs a reason
        _done(s, task_id, _local(date(2026, 11, 12), 15))
    with two_units.session() as s:
        assert rollups.tasks_shown_on(s, 1, date(2026, 11, 14), date(2026, 11, 10)) == [task_id]
        assert rollups.tasks_shown_on(s, 1, date(2026, 11, 14), date(2026, 11, 13)) == []
    assert kept_spans(two_units) == rebuilt_spans(two_units)
