"""``dashboard jobs run``: whatever is due, run by a systemd timer (or cron) every few minutes,
never by a thread inside the web workers. Idempotent, and safe on several machines at once:
each job's writes meet a unique key or a closed day and leave it."""
from __future__ import annotations

import time

from db import briefings

from .. import clock
from .common import database
from .rollups import close_past_days


def cmd_jobs(args) -> int:
    opened = database()
    started = time.perf_counter()
    with opened.transaction() as s:
        closed = close_past_days(s, args.days)
    with opened.transaction() as s:
        made = briefings.make_meetings(s, clock.now(), clock.local_zone())
    print(f"Jobs: {closed}; {made} briefings made from the weekly schedule "
          f"({time.perf_counter() - started:.1f} s)")
    return 0


def add_commands(commands) -> None:
    jobs = commands.add_parser("jobs", help="run what is due: close past days, make the coming weekly "
                               "briefings (a systemd timer calls it every few minutes)")
    jobs.add_argument("action", choices=["run"])
    jobs.add_argument("--days", type=int, default=7, help="how many past days to check are closed")
    jobs.set_defaults(run=cmd_jobs)
