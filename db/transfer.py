"""Moving and keeping data: copy every table from one database to another (SQLite to
PostgreSQL and back) and prove the copy equal, table by table; back up and restore with each
database's own tool (SQLite's online backup API, pg_dump / pg_restore)."""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Result, Table, func, select
from sqlalchemy.engine import make_url

from . import rollups_models  # noqa: F401  (its tables belong to Base.metadata)
from .migrate import is_current, upgrade
from .models import Base
from .portable import reset_sequences


class TransferError(Exception):
    """A copy, backup or restore that cannot go ahead; the message says why."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def equal(self) -> bool:
        return (self.source_rows, self.source_checksum) == (self.target_rows, self.target_checksum)


def tables() -> list[Table]:
    """Every table the application owns, parents before children."""
    return list(Base.metadata.sorted_tables)


def _canonical(value) -> str:
    """One spelling per value whatever the database returned it as."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _rows_in_key_order(connection: Connection, table: Table, batch: int = 5000) -> Result:
    """Every row of ``table``, streamed ``batch`` at a time, in primary-key order."""
    order = list(table.primary_key.columns) or list(table.columns)
    return connection.execution_options(yield_per=batch).execute(select(table).order_by(*order))


def table_checksum(engine: Engine, table: Table) -> tuple[int, str]:
    """Row count and SHA-256 of every row in primary-key order, values spelled canonically."""
    digest, rows = hashlib.sha256(), 0
    with engine.connect() as connection:
        for row in _rows_in_key_order(connection, table):
            rows += 1
            digest.update("\x1f".join(_canonical(value) for value in row).encode())
            digest.update(b"\x1e")
    return rows, digest.hexdigest()


def compare(source: Engine, target: Engine) -> list[TableCheck]:
    checks = []
    for table in tables():
        source_rows, source_sum = table_checksum(source, table)
        target_rows, target_sum = table_checksum(target, table)
        checks.append(TableCheck(table.name, source_rows, target_rows, source_sum, target_sum))
    return checks


def copy_database(source: Engine, target: Engine, batch: int = 5000,
                  progress: Callable[[str], None] = lambda _: None) -> list[TableCheck]:
    """Copy every row of ``source`` into the empty ``target`` in one transaction, then compare
    both table by table. Raises TransferError when either side is not fit for it."""
    if not is_current(source):
        raise TransferError("the source database is not at the newest schema: run "
                            "`dashboard migrate` against it first")
    upgrade(target)
    with target.connect() as connection:
        filled = [t.name for t in tables()
                  if connection.execute(select(func.count()).select_from(t)).scalar()]
    if filled:
        raise TransferError(f"the target database already holds data ({', '.join(filled[:5])}): "
                            "copy into an empty database")
    with target.begin() as writer:
        if writer.dialect.name == "sqlite":
            writer.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # checked at commit
        for table in tables():
            copied = 0
            with source.connect() as reader:
                for rows in _rows_in_key_order(reader, table, batch).mappings().partitions(batch):
                    writer.execute(table.insert(), [dict(row) for row in rows])
                    copied += len(rows)
            progress(f"{table.name}: {copied:,} rows")
        reset_sequences(writer, Base.metadata)
    if target.dialect.name == "postgresql":
        with target.begin() as connection:  # the planner's statistics, before the first query
            connection.exec_driver_sql("ANALYZE")
    return compare(source, target)


def backup(engine: Engine, destination: Path) -> None:
    """A consistent backup while the application runs."""
    if engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_file(engine), destination)
    else:
        _run_pg(["pg_dump", "--format=custom", "--no-owner", "--file", str(destination)], engine)


def restore(engine: Engine, source: Path) -> None:
    """Replace everything in the database with the backup ``source``."""
    if not source.is_file():
        raise TransferError(f"no backup file at {source}")
    if engine.dialect.name == "sqlite":
        engine.dispose()
        _sqlite_copy(source, _sqlite_file(engine))
    else:
        engine.dispose()
        _run_pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                 "--exit-on-error", str(source)], engine)


def _sqlite_file(engine: Engine) -> Path:
    if engine.url.database is None:  # sqlite:// is a database in memory
        raise TransferError("an in-memory SQLite database has no file")
    return Path(engine.url.database)


def _sqlite_copy(source: Path, destination: Path) -> None:
    """SQLite's online backup API: a consistent snapshot, including what is still in the WAL."""
    if not source.is_file():
        raise TransferError(f"no SQLite database at {source}")
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(str(destination))
    try:
        with writer:
            reader.backup(writer)
    finally:
        reader.close()
        writer.close()


def _run_pg(command: list[str], engine: Engine) -> None:
    """Runs a PostgreSQL client program against the engine's database; the password travels in
    the environment, never on a command line that `ps` shows."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    connection = url.set(drivername="postgresql", password=None).render_as_string()
    option = "--dbname"
    try:
        finished = subprocess.run([*command, option, connection], env=env, capture_output=True,
                                  text=True)
    except FileNotFoundError:
        raise TransferError(f"{command[0]} is missing: install Debian's postgresql-client") from None
    if finished.returncode != 0:
        raise TransferError(f"{command[0]} failed: {finished.stderr.strip()[-2000:]}")
