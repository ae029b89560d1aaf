"""What every command shares: the database named by DATABASE_URL (migrated), and how a
refusal is printed."""
from __future__ import annotations

import os
import sys

from dashboard.domain.rules import Invalid
from db.engine import Database
from db.migrate import upgrade

from ..config import INSTANCE


def database_url() -> str:
    return os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'dashboard.db'}")


def database() -> Database:
    INSTANCE.mkdir(mode=0o700, exist_ok=True)  # readable by the service's user only
    opened = Database(database_url())
    upgrade(opened.engine)
    return opened


def refused(problem: Invalid, what: str = "Nothing changed") -> int:
    print(f"{what}: " + ", ".join(f"{k} {v}" for k, v in problem.errors.items()), file=sys.stderr)
    return 1
