"""``dashboard migrate | demo``: the schema, and a demo district (or province)."""
from __future__ import annotations

import sys
import time

from db import demo

from .. import clock
from ..cache import clear_everywhere
from .common import database


def cmd_migrate(_args) -> int:
    database()
    print("Database is at the newest schema.")
    return 0


def _confirm_reset(opened, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        print("--reset erases every row: confirm with --yes when not typing at a terminal.", file=sys.stderr)
        return False
    answer = input(f"Erase everything in {opened.engine.url.render_as_string(hide_password=True)} "
                   "and make a fresh demo? Type 'yes': ")
    return answer.strip().lower() == "yes"


def cmd_demo(args) -> int:
    opened = database()
    if args.reset and not _confirm_reset(opened, args.yes):
        print("Nothing was changed.", file=sys.stderr)
        return 1
    with opened.engine.begin() as connection:
        if args.reset:
            demo.erase(connection)
        elif not demo.is_empty(connection):
            if args.if_empty:
                print("The database already holds data; demo not loaded.")
                return 0
            print("The database is not empty: use a new DATABASE_URL for the demo, "
                  "or --reset to replace it.", file=sys.stderr)
            return 1
        started = time.perf_counter()
        counts = demo.generate(connection, now=clock.now(), tz=clock.local_zone(), seed=args.seed, scale=args.scale)
    if opened.engine.dialect.name == "postgresql":  # the planner's statistics before the first page, as
        with opened.engine.begin() as connection:   # autovacuum would gather them later (db/transfer.py too)
            connection.exec_driver_sql("ANALYZE")
    if args.reset:
        clear_everywhere()  # figures cached from the old data must not outlive it
    elapsed = time.perf_counter() - started
    print(f"Demo {args.scale} loaded in {elapsed:.1f} s: "
          + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
    print(f"Sign in as leader, viewer, admin or head.<unit code>; password: {demo.DEMO_PASSWORD}")
    return 0



def add_commands(commands) -> None:
    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(run=cmd_migrate)
    demo_cmd = commands.add_parser("demo", help="fill an empty database with a demo district")
    demo_cmd.add_argument("--scale", choices=sorted(demo.SCALES), default="district")
    demo_cmd.add_argument("--seed", type=int, default=2026)
    demo_cmd.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    demo_cmd.add_argument("--reset", action="store_true",
                          help="erase everything in the database and make a fresh demo (asks first)")
    demo_cmd.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    demo_cmd.set_defaults(run=cmd_demo)
