"""comment search and paging

/satisfaction showed the newest twenty comments of a period and searched them by reading the
folded text of every rating of the period. The comments are now paged newest first by their
moment (a keyset: time, then id) through a partial index of the commented ratings that also
holds what the filters and the count ask (unit, point, score, hidden), so a page, and a count,
read the index alone. Searched words are found in the folded text: on SQLite the same index
holds it (measured on a province's month: 11 ms at worst, where an FTS5 trigram table took
50–125 ms for a common word, its cost growing with the whole history); on PostgreSQL, whose
b-tree entries are limited to about 2,700 bytes, a pg_trgm index holds it, as the tasks' (0015).

Like the tasks' search index, these are made in each database's own way and are not described
by the models (``db.migrate.described_by_models`` skips ``ix_ratings_search*``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 07:40:00
"""
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BY_TIME = "created_at, id, unit_id, point_id, score, hidden"
SQLITE_SEARCH = [
    f"CREATE INDEX ix_ratings_search_by_time ON ratings ({BY_TIME}, search_text) WHERE comment IS NOT NULL",
]
POSTGRESQL_SEARCH = [
    f"CREATE INDEX ix_ratings_search_by_time ON ratings ({BY_TIME}) WHERE comment IS NOT NULL",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",  # trusted: a database owner may create it
    "CREATE INDEX ix_ratings_search_trigram ON ratings USING gin (search_text gin_trgm_ops) "
    "WHERE search_text IS NOT NULL",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_SEARCH if sqlite else POSTGRESQL_SEARCH:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX ix_ratings_search_trigram")
    op.execute("DROP INDEX ix_ratings_search_by_time")
