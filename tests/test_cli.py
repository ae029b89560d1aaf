"""The command line: demo loading, users and passwords, run as a script would."""
import io
import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from dashboard import clock
from dashboard.cli import main
from db import demo
from db.engine import Database
from db.models import AuditEvent, Recommendation, Unit, User

from .conftest import NOW


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _count(url, model, *where):
    database = Database(url)
    with database.session() as s:
        value = s.scalar(select(func.count()).select_from(model).where(*where))
    database.dispose()
    return value


def test_demo_loads_once_and_if_empty_leaves_data_alone(cli_db, capsys):
    assert main(["demo"]) == 0
    units = _count(cli_db, Unit)
    assert units == 33
    assert main(["demo", "--if-empty"]) == 0
    assert "already holds data" in capsys.readouterr().out
    assert main(["demo"]) == 1  # never mixes a second demo into existing data
    assert _count(cli_db, Unit) == units


def test_demo_reset_asks_first_then_makes_a_fresh_demo_of_today(cli_db, monkeypatch, capsys):
    from db.models import TaskUpdate

    assert main(["demo"]) == 0
    with clock.set_to(NOW + timedelta(days=4)):  # opened on Monday, reset on Friday
        monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
        assert main(["demo", "--reset"]) == 1  # not a terminal and no --yes: nothing happens
        assert "Nothing was changed" in capsys.readouterr().err
        assert _count(cli_db, TaskUpdate, TaskUpdate.day > NOW.date()) == 0
        assert main(["demo", "--reset", "--yes"]) == 0
        friday = clock.today()
    assert _count(cli_db, Unit) == 33  # replaced, not added to
    assert _count(cli_db, TaskUpdate, TaskUpdate.day == friday) > 0
    assert _count(cli_db, TaskUpdate, TaskUpdate.day > friday) == 0


class _Terminal(io.StringIO):
    """What a person types at a terminal."""

    def isatty(self) -> bool:
        return True


def test_demo_reset_at_a_terminal_erases_only_after_yes_is_typed(cli_db, monkeypatch, capsys):
    from db.models import Task
    assert main(["demo"]) == 0
    with Database(cli_db).transaction() as s:
        s.add(Unit(code="kept-unit", name="Đơn vị thêm", kind="office"))
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))  # anything but "yes" keeps everything
    assert main(["demo", "--reset"]) == 1
    assert "Type 'yes'" in capsys.readouterr().out and _count(cli_db, Unit) == 34
    monkeypatch.setattr("sys.stdin", _Terminal(" YES \n"))
    assert main(["demo", "--reset"]) == 0
    assert _count(cli_db, Unit) == 33 and _count(cli_db, Unit, Unit.code == "kept-unit") == 0
    assert _count(cli_db, Task) > 0  # a fresh demo in place of everything


def test_create_user_and_reset_password(cli_db, monkeypatch):
    main(["migrate"])
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["create-user", "Chairwoman", "--role", "leader", "--name", "Phạm Thị Lan",
                 "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another-long-one\n"))
    assert main(["reset-password", "chairwoman", "--password-stdin"]) == 0
    database = Database(cli_db)
    with database.session() as s:
        user = s.scalar(select(User).where(User.username == "chairwoman"))
        assert user.full_name == "Phạm Thị Lan" and user.role == "leader"
        assert check_password_hash(user.password_hash, "another-long-one")
        actions = set(s.scalars(select(AuditEvent.action)))
    database.dispose()
    assert {"user_created", "password_reset"} <= actions


def test_short_password_and_unit_head_without_unit_are_refused(cli_db, monkeypatch):
    main(["migrate"])
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit):
        main(["create-user", "someone", "--role", "viewer", "--password-stdin"])
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["create-user", "head.x", "--role", "unit_head", "--password-stdin"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    assert main(["create-user", "head.x", "--role", "unit_head", "--unit", "nowhere",
                 "--password-stdin"]) == 1
    assert _count(cli_db, User) == 0


def test_province_scale_plans_500_units_with_unique_url_codes():
    units = demo.plan_units(random.Random(1), province=True)
    assert len(units) == 500
    assert len({u.code for u in units}) == 500
    assert {u.kind for u in units} == {"office", "commune"}


def test_rollups_rebuild_restores_what_was_lost_and_close_days_snapshots(cli_db, capsys):
    from datetime import date

    from sqlalchemy import delete

    from db.rollups_models import SnapshotDay, UnitDayEvents
    main(["demo"])
    before = _count(cli_db, UnitDayEvents)
    database = Database(cli_db)
    with database.transaction() as s:
        s.execute(delete(UnitDayEvents))
        s.execute(delete(SnapshotDay).where(SnapshotDay.day == date(2026, 11, 25)))
    database.dispose()
    assert main(["rollups", "close-days"]) == 0
    assert _count(cli_db, SnapshotDay, SnapshotDay.day == date(2026, 11, 25)) == 1
    assert main(["rollups", "rebuild"]) == 0
    assert _count(cli_db, UnitDayEvents) == before
    assert "Rollups rebuild" in capsys.readouterr().out


def test_deactivate_and_activate_a_user(cli_db, capsys):
    main(["demo"])
    assert main(["deactivate-user", "viewer"]) == 0
    assert _count(cli_db, User, User.username == "viewer", User.active.is_(False)) == 1
    assert main(["activate-user", "viewer"]) == 0
    assert _count(cli_db, User, User.username == "viewer", User.active.is_(True)) == 1
    capsys.readouterr()
    assert main(["deactivate-user", "nobody"]) == 1
    assert capsys.readouterr().err == "Nothing changed: username is not a known user.\n"


def test_the_head_of_a_closed_unit_can_still_be_stopped(cli_db, capsys):
    main(["demo"])
    database = Database(cli_db)
    with database.transaction() as s:
        s.execute(Unit.__table__.update().where(Unit.code == "tnmt").values(active=False))
    database.dispose()
    assert main(["deactivate-user", "head.tnmt"]) == 0, capsys.readouterr().err
    assert _count(cli_db, User, User.username == "head.tnmt", User.active.is_(False)) == 1


def test_create_unit_from_the_command_line(cli_db):
    main(["migrate"])
    assert main(["create-unit", "xa-moi", "UBND xã Mới", "--kind", "commune"]) == 0
    assert main(["create-unit", "xa-moi", "Again", "--kind", "commune"]) == 1  # code taken
    assert main(["create-unit", "Bad Code", "X", "--kind", "office"]) == 1
    assert _count(cli_db, Unit) == 1


def test_create_point_from_the_command_line(cli_db, capsys):
    from db.models import FeedbackPoint
    main(["migrate"])
    main(["create-unit", "xa-moi", "UBND xã Mới", "--kind", "commune"])
    assert main(["create-point", "xa-moi-1", "Bộ phận Một cửa", "--unit", "xa-moi"]) == 0
    assert "/f/xa-moi-1" in capsys.readouterr().out
    assert main(["create-point", "xa-moi-1", "Again", "--unit", "xa-moi"]) == 1
    assert main(["create-point", "xa-moi-2", "X", "--unit", "nowhere"]) == 1
    assert _count(cli_db, FeedbackPoint) == 1


def test_the_nightly_command_erases_old_contacts_and_keeps_the_recommendations(cli_db, capsys):
    main(["demo"])
    database = Database(cli_db)
    with database.session() as s:
        kept = s.execute(select(Recommendation.id, Recommendation.contact, Recommendation.state)).all()
    database.dispose()
    assert any(row.contact and row.state == "answered" for row in kept)
    with clock.set_to(NOW + timedelta(days=366)):
        assert main(["rollups", "close-days", "--days", "1"]) == 0
    assert "citizens' contacts erased" in capsys.readouterr().out
    database = Database(cli_db)
    with database.session() as s:
        after = {row.id: row.contact for row in s.execute(select(Recommendation.id, Recommendation.contact))}
    database.dispose()
    assert set(after) == {row.id for row in kept}  # nothing deleted
    assert all(after[row.id] is None for row in kept if row.state == "answered")
    assert all(after[row.id] == row.contact for row in kept if row.state != "answered")  # still to answer


def test_a_demo_on_postgresql_leaves_the_planner_its_statistics(postgres, monkeypatch):
    """A freshly loaded demo is analysed before its first page: without statistics PostgreSQL's
    planner took today's open work of a province for a few rows (43 ms instead of 15)."""
    import psycopg

    from .conftest import new_postgres_database
    url = new_postgres_database()
    monkeypatch.setenv("DATABASE_URL", url)
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname={url.rsplit('/', 1)[1]}",
                         autocommit=True) as c:
        started = c.execute("SELECT clock_timestamp()").fetchone()[0]
        assert main(["demo"]) == 0
        analysed = dict(c.execute("SELECT relname, last_analyze FROM pg_stat_user_tables").fetchall())
        loaded = c.execute("SELECT max(created_at) FROM ratings").fetchone()[0] is not None
    assert loaded and all(analysed[table] and analysed[table] > started for table in ("tasks", "ratings", "task_updates"))
