"""Moving and keeping data: `dashboard copy` between SQLite and PostgreSQL, backup and restore
on both, each proved by row counts and checksums, and the app answering alike on both."""

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.web import create_app
from db.engine import Database
from db.models import Unit
from db.transfer import TransferError, copy_database, table_checksum, tables
from layouts import ids

from .conftest import TODAY, copy_demo, make_config, new_postgres_database, sign_in
from .dash_requests import overview_body, post_callback, ranking_rows


def _overview(url: str) -> dict:
    app = create_app(make_config(url))
    client = app.test_client()
    sign_in(client, "leader")
    answer = post_callback(client, overview_body(TODAY.isoformat())).get_json()["response"]
    answer.pop(ids.OVERVIEW_RANKING_SOURCE)  # a cache key: it names the database
    answer["ranking"] = ranking_rows(client, TODAY.isoformat())
    app.extensions["database"].dispose()
    return answer


def test_sqlite_to_postgresql_and_back_is_equal_table_by_table(sqlite_demo_url, postgres, tmp_path):
    source = Database(sqlite_demo_url)
    middle = Database(new_postgres_database())
    back = Database(f"sqlite:///{tmp_path / 'back.db'}")
    there = copy_database(source.engine, middle.engine, batch=997)
    again = copy_database(middle.engine, back.engine)
    assert all(check.equal for check in there + again)
    assert sum(check.source_rows for check in there) > 40_000
    assert [c.source_checksum for c in there] == [c.target_checksum for c in again]
    assert _overview(str(middle.url)) == _overview(sqlite_demo_url)  # the same figures, to the digit
    with middle.transaction() as session:  # new rows follow the copied ids on PostgreSQL too
        session.add(Unit(code="moi", name="Phòng mới", kind="office"))
    with middle.session() as session:
        assert session.scalar(select(Unit.id).where(Unit.code == "moi")) == 34
    for database in (source, middle, back):
        database.dispose()


def test_copy_refuses_a_database_that_holds_data(demo_db_url, tmp_path):
    target_url = copy_demo(demo_db_url, tmp_path / "full.db")
    source, target = Database(demo_db_url), Database(target_url)
    before = [table_checksum(target.engine, table) for table in tables()]
    with pytest.raises(TransferError, match="already holds data"):
        copy_database(source.engine, target.engine)
    assert [table_checksum(target.engine, table) for table in tables()] == before  # untouched
    source.dispose()
    target.dispose()


def test_the_copy_command_prints_each_table_and_says_equal(sqlite_demo_url, postgres, capsys):
    target = new_postgres_database()
    assert main(["copy", "--from", sqlite_demo_url, "--to", target]) == 0
    out = capsys.readouterr().out
    assert "Every table is equal" in out and "task_updates" in out and " NO" not in out
    assert main(["copy", "--from", sqlite_demo_url, "--to", target]) == 2  # not twice
    assert "already holds data" in capsys.readouterr().err


def test_backup_then_restore_brings_back_every_row(demo_db_url, tmp_path, monkeypatch, capsys):
    url = copy_demo(demo_db_url, tmp_path / "kept.db")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "cache"))
    stale = tmp_path / "cache" / "a-figure"  # what the running app had cached
    stale.parent.mkdir()
    stale.write_text("figures of the data before the restore")
    database = Database(url)
    original = [table_checksum(database.engine, table) for table in tables()]
    database.dispose()
    backup_file = tmp_path / "district.backup"
    assert main(["backup", str(backup_file)]) == 0 and backup_file.stat().st_size > 100_000
    database = Database(url)
    with database.transaction() as session:  # work done after the backup…
        session.add(Unit(code="sau-sao-luu", name="Đơn vị thêm sau", kind="office"))
    database.dispose()
    assert main(["restore", str(backup_file), "--yes"]) == 0  # …is gone after the restore
    assert "Restored" in capsys.readouterr().out and not stale.exists()
    database = Database(url)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Unit).where(Unit.code == "sau-sao-luu")) == 0
    assert [table_checksum(database.engine, table) for table in tables()] == original
    database.dispose()


def test_restore_without_a_backup_file_says_so_and_changes_nothing(demo_db_url, tmp_path,
                                                                   monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", copy_demo(demo_db_url, tmp_path / "same.db"))
    assert main(["restore", str(tmp_path / "missing.backup"), "--yes"]) == 2
    assert "no backup file" in capsys.readouterr().err


def test_a_copy_report_never_shows_the_password(sqlite_demo_url, postgres, capsys):
    target = new_postgres_database().replace("postgres@", "postgres:s3cret-pass@")
    main(["copy", "--from", sqlite_demo_url, "--to", target])
    captured = capsys.readouterr()
    assert "s3cret-pass" not in captured.out + captured.err and "***" in captured.out
