"""What every command shares: the database named by DATABASE_URL (migrated), and how a
refusal is printed."""
from __future__ import annotations

import os
import sys

from dashboard.domain.rules import Invalid
from dashboard.domain.vocabulary import MIN_PASSWORD
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


# What a refusal's codes mean, for the person at the terminal (the web pages say it in their
# own words, in both languages: layouts/forms.py).
WORDS = {
    "required": "is required", "too_long": "is too long", "invalid": "is not a valid choice",
    "taken": "is already used", "unknown_user": "is not a known user", "unknown_unit": "is not an active unit",
    "invalid_username": "may use lowercase letters, digits, dots and hyphens (3 to 80)",
    "invalid_code": "may use lowercase letters, digits and hyphens (2 to 40)",
    "short_password": f"needs at least {MIN_PASSWORD} characters", "not_yourself": "cannot be your own account",
    "unknown_display": "is not a known screen", "revoked": "was revoked: add a new screen instead",
    "seconds_out_of_range": "must be a whole number of seconds in the allowed range",
    "in_the_past": "cannot be in the past",
}


def refused(problem: Invalid, what: str = "Nothing changed") -> int:
    said = "; ".join(f"{field.replace('_', ' ')} {WORDS.get(code, code)}" for field, code in problem.errors.items())
    print(f"{what}: {said}.", file=sys.stderr)
    return 1
