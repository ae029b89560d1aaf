"""Apply the Alembic migrations programmatically (at start-up and from the CLI)."""
from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine.interfaces import DBAPIConnection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 7_2026_0001  # a PostgreSQL advisory lock number of this application's own


def alembic_config(url: str) -> Config:
    # Alembic is loaded only to migrate: a start-up on a current database never needs it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def described_by_models(name, type_, parent_names) -> bool:
    """Alembic's comparisons skip the search indexes of tasks and comments: migrations 0015 and
    0017 make them in each database's own dialect (an FTS5 table and its triggers, a pg_trgm
    index, an index of the comments' folded text by time)."""
    return not (name or "").startswith(("tasks_search", "ix_tasks_search", "ix_ratings_search"))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``, on the engine's own connection.

    On SQLite, batch migrations rebuild tables (copy, drop, rename): foreign keys are switched
    off meanwhile, as SQLite's documentation prescribes, and checked before switching back on.
    """
    if revision == "head" and is_current(engine):
        return  # nothing to do: no lock taken, no whole-database check at every start
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside any transaction, or SQLite ignores it
            _driver(connection).execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":  # machines starting together take turns
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                _driver(connection).execute("PRAGMA foreign_keys=ON")


def _driver(connection: Connection) -> DBAPIConnection:
    """The driver's own connection under ``connection``."""
    driver = connection.connection.dbapi_connection
    assert driver is not None  # None only once the pooled connection is closed or detached
    return driver


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision (read straight from alembic_version:
    readiness checks ask this every few seconds, and Alembic's context would log each time)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        current = set(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    return current == newest_revisions()


@functools.cache
def newest_revisions() -> frozenset[str]:
    """The heads of the migration scripts shipped with this code (read once per process): the
    revisions no other script names as its parent, read from the scripts' assignments without
    loading Alembic, a tenth of a start (tests/test_db.py holds this to Alembic's answer)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for statement in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:  # revision: str = "…"
                target, value = statement.target, statement.value
            else:
                continue
            name = target.id if isinstance(target, ast.Name) else None
            if name == "revision":
                revisions.add(ast.literal_eval(value))
            elif name == "down_revision" and (parent := ast.literal_eval(value)):
                parents.update((parent,) if isinstance(parent, str) else parent)
    return frozenset(revisions - parents)
