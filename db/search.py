"""Search that forgives missing diacritics, the way officials type on a phone."""
from __future__ import annotations

from sqlalchemy import Integer, literal_column, select, table, text
from sqlalchemy.orm import Session

from dashboard.domain.vietnamese import fold


def search_text(title: str | None, source_ref: str | None = None) -> str:
    return " ".join(part for part in (fold(title), fold(source_ref)) if part)


# The search index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) finds a word anywhere in
# the folded text, as LIKE does, when it has at least three letters.
INDEXED_LENGTH = 3


def words_of(search: str | None) -> list[str]:
    """The folded words of a search box, LIKE's wildcards taken out."""
    return fold(search).replace("\\", "").replace("%", "").replace("_", " ").split()


def task_matches(session: Session, search: str | None) -> list:
    """Conditions on tasks: every word of ``search`` appears in the task's folded text. On
    SQLite the longer words are looked up in the FTS5 table (LIKE on it is slow, and crashed
    SQLite 3.40 with short words); PostgreSQL's planner uses the trigram index for LIKE."""
    from .models import Task

    words = words_of(search)
    if session.get_bind().dialect.name != "sqlite":
        return [Task.search_text.like(f"%{word}%") for word in words]
    indexed = [word for word in words if len(word) >= INDEXED_LENGTH]
    conditions = [Task.search_text.like(f"%{word}%") for word in words if len(word) < INDEXED_LENGTH]
    if indexed:
        phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
        found = select(literal_column("rowid", Integer)).select_from(table("tasks_search")).where(
            text("tasks_search MATCH :phrases").bindparams(phrases=phrases))
        conditions.append(Task.id.in_(found))
    return conditions


def comment_matches(search: str | None) -> list:
    """Conditions on ratings: every word of ``search`` appears in the comment's folded text.
    LIKE on both databases: on SQLite it reads the folded text from an index of the commented
    ratings by time (migration 0017), so its cost is bounded by the period's comments (a
    province's month: 11 ms at worst, where the FTS5 table took 50–125 ms for a common word,
    its cost growing with the whole history); PostgreSQL's planner chooses between the
    trigram index and the time index."""
    from .models import Rating

    return [Rating.search_text.like(f"%{word}%") for word in words_of(search)]
