"""The few places where SQLite and PostgreSQL differ, on both."""
import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError

from db.engine import Database
from db.migrate import upgrade
from db.models import Base, Unit
from db.portable import is_unavailable, reset_sequences


def test_new_rows_follow_rows_written_with_their_ids(empty_db_url):
    database = Database(empty_db_url)
    upgrade(database.engine)
    with database.engine.begin() as connection:
        connection.execute(Unit.__table__.insert(), [
            dict(id=n, code=f"u{n}", name=f"Unit {n}", kind="office") for n in (1, 2, 40)])
        reset_sequences(connection, Base.metadata)
    with database.transaction() as session:
        session.add(Unit(code="new", name="New unit", kind="commune"))
    with database.session() as session:
        assert session.scalar(select(Unit.id).where(Unit.code == "new")) == 41
    database.dispose()


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize("error, unavailable", [
    (InternalError("INSERT", {}, _PgError("53100")), True),    # disk full
    (InternalError("INSERT", {}, _PgError("25006")), True),    # read-only transaction (a standby)
    (OperationalError("SELECT", {}, _PgError("57P01")), True),  # the server shut down
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")), True),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")), True),
    (IntegrityError("INSERT", {}, _PgError("23505")), False),  # a duplicate: the user's to fix
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
    (ValueError("not a database error"), False),
])
def test_which_errors_mean_try_again_later(error, unavailable):
    assert is_unavailable(error) is unavailable
