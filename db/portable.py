"""Where SQLite and PostgreSQL differ, in one place: upserts, identity sequences after rows
were written with their ids, and which errors mean "the database cannot write now"."""
from __future__ import annotations

import sqlite3
from typing import cast

from sqlalchemy import Connection, CursorResult, Integer, MetaData, Result, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

# SQLSTATE classes and codes PostgreSQL uses when it cannot take writes for now.
_PG_UNAVAILABLE = ("08", "53", "57P", "25006", "40001", "40P01")
# SQLite's messages for a full disk, a read-only file and a lock it waited too long for.
_SQLITE_UNAVAILABLE = ("disk is full", "readonly database", "database is locked", "disk i/o error",
                       "unable to open database")


def upsert(bind: Session | Connection, table):
    """INSERT … ON CONFLICT for the dialect in use (both have the same clause)."""
    return upsert_for((bind.get_bind() if isinstance(bind, Session) else bind).dialect.name, table)


def upsert_for(dialect: str, table):
    """INSERT … ON CONFLICT for a dialect named ("sqlite" or "postgresql")."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def reset_sequences(connection: Connection, metadata: MetaData) -> None:
    """After rows were inserted with explicit ids, PostgreSQL's sequences still start at 1:
    move each past its table's largest id. SQLite needs nothing (it uses max(rowid) + 1)."""
    if connection.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer) or key[0].autoincrement is False:
            continue
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                      {"table": table.name, "column": key[0].name}).scalar()
        if sequence:
            connection.execute(text(
                f'SELECT setval(:sequence, coalesce(max("{key[0].name}"), 0) + 1, false) '
                f'FROM "{table.name}"'), {"sequence": sequence})


def is_unavailable(error: BaseException) -> bool:
    """True when a write failed because the database cannot take it now (restarting, cut off,
    disk full, read-only, overloaded): nothing was saved and trying again later may work."""
    if not isinstance(error, DBAPIError):
        return False
    if isinstance(error.orig, sqlite3.Error):  # SQLite says OperationalError for a bad query too
        return any(part in str(error.orig).lower() for part in _SQLITE_UNAVAILABLE)
    if error.connection_invalidated or isinstance(error, OperationalError):
        return True  # psycopg's OperationalError: the connection or the server
    return (getattr(error.orig, "sqlstate", None) or "").startswith(_PG_UNAVAILABLE)


def rows_changed(result: Result) -> int:
    """How many rows an UPDATE or DELETE changed. Its result is a CursorResult, which
    Session.execute's types stopped promising in SQLAlchemy 2.0.44 (whose notes advise the cast)."""
    return cast(CursorResult, result).rowcount


def one_at_a_time(session: Session, what: str, key: str) -> None:
    """Until this transaction ends, the other writers asking for the same ``what`` and ``key``
    wait here: a check then insert (a phone's second tap) cannot run twice at once. PostgreSQL
    takes a transaction-level advisory lock; SQLite's writing transactions already take the
    whole database's lock up front (BEGIN IMMEDIATE, db/engine.py)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:what), hashtext(:key))"),
                        {"what": what, "key": key})
