"""task search index

The register searched by reading every task's folded text (two passes: the count and the
rows). Searching now goes through an index of that text that finds any part of a word, as
LIKE did: an FTS5 trigram table on SQLite, kept by triggers, and a pg_trgm index on
PostgreSQL.

Keep in mind for later migrations: a batch migration that rebuilds ``tasks`` on SQLite drops
its triggers; such a migration must create them again (``create_sqlite_search``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 04:45:00
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE tasks_search USING fts5(search_text, content='tasks', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN "
    "INSERT INTO tasks_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN "
    "INSERT INTO tasks_search(tasks_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER tasks_search_update AFTER UPDATE OF search_text ON tasks BEGIN "
    "INSERT INTO tasks_search(tasks_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO tasks_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO tasks_search(tasks_search) VALUES ('rebuild')",
]
POSTGRESQL_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",  # trusted: a database owner may create it
    "CREATE INDEX ix_tasks_search_trigram ON tasks USING gin (search_text gin_trgm_ops)",
]


def create_sqlite_search() -> None:
    for statement in SQLITE_SEARCH:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_search()
    else:
        for statement in POSTGRESQL_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tasks_search_{name}")
        op.execute("DROP TABLE tasks_search")
    else:
        op.execute("DROP INDEX ix_tasks_search_trigram")
