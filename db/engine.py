"""Engine and sessions; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    """``hide_parameters``: error messages (and so logs) never carry the values of a statement,
    which can be a citizen's comment or a password hash."""
    if url.startswith("sqlite"):
        _create_private_file(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pre_ping: a connection cut by a database restart is noticed and replaced before use.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def _create_private_file(path: str | None) -> None:
    """A new SQLite file readable by the service's user only (its -wal and -shm files follow its
    mode): it holds password hashes and citizens' comments."""
    if not path or path == ":memory:" or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError:
        pass  # no such folder: SQLite says so when it is first used


def _sqlite_begin(connection) -> None:
    """Writing transactions take SQLite's write lock up front (BEGIN IMMEDIATE): a transaction
    that read first and wrote later could otherwise fail with "database is locked" when
    another writer committed in between. Reading transactions stay deferred and concurrent."""
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


# What a reading session has read already, for a read one page asks twice (the answers of one
# page then agree). Only a reading session keeps it, and it forgets it at its first commit,
# rollback or flush: what was read may have changed by then.
READ_MEMO = "reads remembered"


def _forget_reads(session: Session, *_args) -> None:
    session.info.pop(READ_MEMO, None)


class Database:
    """One engine and its session factory; the app keeps one in its extensions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        for moment in ("after_commit", "after_rollback", "after_flush"):
            event.listen(self._sessions, moment, _forget_reads)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reading; nothing is committed (see READ_MEMO)."""
        with self._sessions() as session:
            session.info[READ_MEMO] = {}
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together, or rolled back on any error."""
        with self._sessions.begin() as session:
            session.connection(execution_options={"sqlite_immediate": True})
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
