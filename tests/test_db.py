"""The database layer against real SQLite and PostgreSQL databases: schema, pragmas, write path, history."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from dashboard import clock
from dashboard.domain.buckets import count_buckets
from dashboard.domain.history import state_as_of
from db.engine import Database
from db.history import load_histories
from db.migrate import is_current, upgrade
from db.models import Task, TaskCoordinator, TaskEdit, TaskUpdate, Unit, User
from db.tasks import StaleTaskError, assign_task, record_update
from db.unit_buckets import unit_bucket_counts

from .conftest import HCM, TODAY
from .domain_helpers import fields


@pytest.fixture
def fresh(empty_db_url):
    database = Database(empty_db_url)
    upgrade(database.engine)
    with database.transaction() as s:
        s.add(Unit(id=1, code="tckh", name="Phòng Tài chính – Kế hoạch", kind="office"))
        s.add(Unit(id=2, code="xa-thach-dai", name="UBND xã Thạch Đài", kind="commune"))
    yield database
    database.dispose()


def test_migrations_create_every_table_and_are_current(fresh):
    tables = set(inspect(fresh.engine).get_table_names())
    assert {"units", "users", "tasks", "task_coordinators", "task_updates", "task_edits",
            "extensions", "feedback_points", "ratings", "displays", "audit_events",
            "alembic_version"} <= tables
    assert is_current(fresh.engine)
    upgrade(fresh.engine)  # running again changes nothing
    assert is_current(fresh.engine)


def test_the_newest_revisions_read_from_the_scripts_are_alembics():
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config, newest_revisions
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert newest_revisions() == frozenset(script.get_heads()) == {script.get_current_head()}


def test_sqlite_runs_wal_with_foreign_keys_and_normal_sync(tmp_path):
    sqlite = Database(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with sqlite.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    sqlite.dispose()


def test_foreign_keys_refuse_an_orphan_row(fresh):
    with pytest.raises(IntegrityError):
        with fresh.transaction() as s:
            s.add(TaskCoordinator(task_id=999, unit_id=1))  # no task 999


def test_check_constraints_refuse_bad_values(fresh):
    with pytest.raises(IntegrityError):
        with fresh.transaction() as s:
            s.add(Unit(code="x", name="X", kind="district"))
    with pytest.raises(IntegrityError):
        with fresh.transaction() as s:
            s.add(User(username="h", full_name="H", password_hash="x", role="unit_head",
                       unit_id=None, created_at=clock.now()))


def test_enums_are_stored_as_their_string_values(fresh):
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    with fresh.transaction() as s:
        task = assign_task(s, fields=fields("T", date(2026, 11, 20), date(2026, 11, 30)), lead_unit_id=1, actor=None, now=now, tz=HCM)
        record_update(s, task.id, status="in_progress", progress=20, note="", by_user_id=None,
                      now=now + timedelta(hours=1), tz=HCM)
    with fresh.engine.connect() as connection:
        assert connection.execute(text("SELECT status FROM tasks")).scalar() == "in_progress"
        assert connection.execute(text("SELECT kind FROM task_edits")).scalar() == "assigned"


def test_datetimes_come_back_aware_in_utc(fresh):
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=HCM)
    with fresh.transaction() as s:
        task = assign_task(s, fields=fields("T", date(2026, 11, 20), date(2026, 11, 30)), lead_unit_id=1, actor=None, now=moment, tz=HCM)
        task_id = task.id
    with fresh.session() as s:
        stored = s.get(Task, task_id).created_at
    assert stored.tzinfo is not None and stored == moment


def test_update_is_appended_and_refreshes_the_cache(fresh):
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    with fresh.transaction() as s:
        task = assign_task(s, fields=fields("Báo cáo", date(2026, 11, 2), date(2026, 11, 5)), lead_unit_id=1, actor=None, now=start, tz=HCM)
        task_id = task.id
    with fresh.transaction() as s:
        record_update(s, task_id, status="in_progress", progress=40, note="Đang làm",
                      by_user_id=None, now=start + timedelta(days=1), tz=HCM, expected_version=1)
    with fresh.transaction() as s:
        record_update(s, task_id, status="done", progress=60, note="Xong", by_user_id=None,
                      now=start + timedelta(days=5), tz=HCM, expected_version=2)
    with fresh.session() as s:
        task = s.get(Task, task_id)
        assert (task.status, task.progress, task.version) == ("done", 100, 3)
        assert task.done_on == date(2026, 11, 7) and task.done_on_time is False
        assert s.scalar(select(func.count()).select_from(TaskUpdate)) == 2
        assert s.scalar(select(func.count()).select_from(TaskEdit)) == 1


def test_stale_update_is_refused_and_nothing_is_written(fresh):
    now = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    with fresh.transaction() as s:
        task_id = assign_task(s, fields=fields("T", date(2026, 11, 2), date(2026, 11, 5)), lead_unit_id=1, actor=None, now=now, tz=HCM).id
    with fresh.transaction() as s:
        record_update(s, task_id, status="in_progress", progress=10, note="", by_user_id=None,
                      now=now, tz=HCM, expected_version=1)
    with pytest.raises(StaleTaskError) as refused:
        with fresh.transaction() as s:
            record_update(s, task_id, status="done", progress=100, note="", by_user_id=None,
                          now=now, tz=HCM, expected_version=1)
    assert refused.value.current.version == 2
    assert refused.value.current.progress == 10
    with fresh.session() as s:
        assert s.scalar(select(func.count()).select_from(TaskUpdate)) == 1
        assert s.get(Task, task_id).status == "in_progress"


def test_demo_cache_agrees_with_the_history_for_every_task(database):
    with database.session() as s:
        histories = load_histories(s)
        tasks = {t.id: t for t in s.scalars(select(Task))}
    assert len(histories) == len(tasks) > 1000
    for task_id, history in histories.items():
        state = state_as_of(history, TODAY)
        task = tasks[task_id]
        assert (task.status, task.progress, task.due_date, task.leader_due_date, task.done_on) == \
            (state.status.value, state.progress, state.due, state.leader_due, state.done_on), task_id


def test_sql_bucket_counts_equal_the_pure_definitions(database):
    with database.session() as s:
        rows = {row.unit_id: row for row in unit_bucket_counts(s, TODAY)}
        histories = load_histories(s)
    states_by_unit = {}
    for history in histories.values():
        state = state_as_of(history, TODAY)
        states_by_unit.setdefault(state.unit_id, []).append(state)
    for unit_id, states in states_by_unit.items():
        assert rows[unit_id].counts == count_buckets(states, TODAY), unit_id


def test_bucket_counts_can_be_limited_to_a_scope(database):
    with database.session() as s:
        rows = unit_bucket_counts(s, TODAY, unit_ids=[3])
    assert [row.unit_id for row in rows] == [3]


def test_migrations_keep_existing_data_and_references(empty_db_url):
    """Upgrading a database that holds tasks: tables rebuilt by batch mode keep every row."""
    database = Database(empty_db_url)
    upgrade(database.engine, "0004")
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO units (id, code, name, kind, active) "
                                "VALUES (1, 'qh', 'Phòng Quy hoạch', 'office', true)"))
        connection.execute(text(
            "INSERT INTO tasks (id, title, description, source_ref, expected_result, lead_unit_id, "
            "priority, start_date, due_date, leader_due_date, status, progress, created_at, "
            "created_on, version) VALUES (1, 'Lập quy hoạch Đất ở', '', '12/UBND-VP', '', 1, "
            "'normal', '2026-11-01', '2026-11-20', '2026-11-20', 'not_started', 0, "
            "'2026-11-01 01:00:00', '2026-11-01', 1)"))
        connection.execute(text(
            "INSERT INTO task_updates (task_id, unit_id, created_at, day, status, progress, note) "
            "VALUES (1, 1, '2026-11-02 01:00:00', '2026-11-02', 'in_progress', 10, '')"))
    upgrade(database.engine)
    assert is_current(database.engine)
    with database.session() as s:
        task = s.get(Task, 1)
        assert task.search_text == "lap quy hoach dat o 12/ubnd-vp"
        assert s.scalar(select(func.count()).select_from(TaskUpdate)) == 1
        assert {key["referred_table"] for key in inspect(s.connection()).get_foreign_keys("tasks")} \
            >= {"units"}
    if database.engine.dialect.name == "sqlite":  # batch mode switched them off meanwhile
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    database.dispose()


def test_a_new_sqlite_file_is_readable_by_its_owner_only(tmp_path):
    import stat
    database = Database(f"sqlite:///{tmp_path / 'private.db'}")
    upgrade(database.engine)
    database.dispose()
    for name in ("private.db", "private.db-wal"):
        path = tmp_path / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert (tmp_path / "private.db").exists()


def test_migrating_a_database_with_history_spans_it_and_keeps_its_closed_days_on_time(demo_db_url, tmp_path):
    """A database made before task spans (revision 0011) gets them, merged as the writes keep
    them, and the to-date on-time figures of its closed days, equal to the spans' answer."""
    from alembic import command

    from db import rollups
    from db.migrate import alembic_config
    from db.rollups_models import SnapshotDay, TaskSpan, UnitOnTimeToDate

    from .conftest import copy_demo
    from .integrity import kept_spans, rebuilt_spans
    url = copy_demo(demo_db_url, tmp_path / "old.db")
    command.downgrade(alembic_config(url), "0011")
    database = Database(url)
    with database.session() as s:
        assert "task_spans" not in inspect(s.connection()).get_table_names()
    upgrade(database.engine)
    assert kept_spans(database) == rebuilt_spans(database) and kept_spans(database)
    with database.session() as s:
        day = max(s.scalars(select(SnapshotDay.day)))
        week = rollups.to_date_periods(day)["week"]
        assert rollups.on_time_kept(s, week) == rollups.on_time_from_spans(s, week, day) != {}
        assert s.scalar(select(func.count()).select_from(UnitOnTimeToDate)) > 0
        assert s.scalar(select(func.count()).select_from(TaskSpan)) < 3 * s.scalar(select(func.count()).select_from(Task))
    database.dispose()


def test_the_migrations_build_exactly_the_schema_the_models_describe(empty_db_url):
    """Tables, columns and indexes made by the migrations are those of db.models (Alembic's own
    comparison): a model changed without its migration, or the reverse, fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.migrate import described_by_models
    from db.models import Base
    database = Database(empty_db_url)
    upgrade(database.engine)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False,
                                                              "include_name": described_by_models})
        differences = compare_metadata(context, Base.metadata)
    database.dispose()
    assert differences == []


def test_migrating_a_database_with_ratings_sums_its_days_into_weeks_and_months(demo_db_url, tmp_path):
    """A database made before the points' weeks and months (revision 0018) gets them, equal to
    its days summed (the SQL of each database that the migration runs, against Python's)."""
    from alembic import command

    from db.migrate import alembic_config

    from .conftest import copy_demo
    from .integrity import kept_period_ratings, summed_period_ratings
    url = copy_demo(demo_db_url, tmp_path / "old.db")
    command.downgrade(alembic_config(url), "0017")
    database = Database(url)
    with database.session() as s:
        assert "point_period_ratings" not in inspect(s.connection()).get_table_names()
    upgrade(database.engine)
    kept = kept_period_ratings(database)
    assert kept == summed_period_ratings(database)
    assert {kind for kind, _start, _point in kept} == {"week", "month"}
    database.dispose()
