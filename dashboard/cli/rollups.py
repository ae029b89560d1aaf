"""``dashboard rollups``: rebuild the daily rollups, or close the past days (nightly)."""
from __future__ import annotations

import os
import time
from datetime import timedelta

from db import api_idempotency, recommendations, rollups, sessions

from .. import clock
from .common import database


def close_past_days(s, days: int) -> str:
    """Close the ``days`` days up to yesterday and forget what is kept no longer: what the
    nightly run does, idempotent. Says what it did."""
    yesterday = clock.today() - timedelta(days=1)
    rollups.close_days(s, [yesterday - timedelta(days=n) for n in range(days)])
    lifetime = timedelta(hours=int(os.environ.get("SESSION_LIFETIME_HOURS", "12")))
    purged = sessions.purge(s, clock.now() - lifetime - timedelta(days=1))
    months = int(os.environ.get("RECOMMENDATION_CONTACT_MONTHS", "12"))  # kept after the answer
    erased = recommendations.erase_contacts(s, clock.now() - timedelta(days=round(months * 365.25 / 12)))
    retries = api_idempotency.purge(s, clock.now() - api_idempotency.KEPT)
    return (f"days up to {yesterday} are closed; {purged} old sessions forgotten; "
            f"{erased} citizens' contacts erased; {retries} API answers kept for retries forgotten")


def cmd_rollups(args) -> int:
    opened = database()
    started = time.perf_counter()
    with opened.transaction() as s:
        if args.action == "rebuild":
            counts = rollups.rebuild(s, clock.today())
            summary = ", ".join(f"{value:,} {name}" for name, value in counts.items())
        else:
            summary = close_past_days(s, args.days)
    print(f"Rollups {args.action}: {summary} ({time.perf_counter() - started:.1f} s)")
    return 0


def add_commands(commands) -> None:
    roll = commands.add_parser("rollups", help="daily rollups: rebuild from the history, or "
                               "close the past days and forget what is kept no longer (run nightly)")
    roll.add_argument("action", choices=["rebuild", "close-days"])
    roll.add_argument("--days", type=int, default=7, help="close-days: how many past days to check")
    roll.set_defaults(run=cmd_rollups)
