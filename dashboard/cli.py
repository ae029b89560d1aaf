"""Command line: ``dashboard <command>`` or ``python -m dashboard <command>``.

Runs without the web app: it reads DATABASE_URL and TIMEZONE from the environment.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from db import demo, sessions
from db.engine import Database
from db.migrate import upgrade
from db.models import ROLES, AuditEvent, Unit, User

from . import clock
from .config import INSTANCE

MIN_PASSWORD = 10


def _database() -> Database:
    INSTANCE.mkdir(mode=0o700, exist_ok=True)  # readable by the service's user only
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'dashboard.db'}")
    database = Database(url)
    upgrade(database.engine)
    return database


def _zone() -> ZoneInfo:
    return clock.local_zone()


def cmd_migrate(_args) -> int:
    _database()
    print("Database is at the newest schema.")
    return 0


def _confirm_reset(database: Database, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        print("--reset erases every row: confirm with --yes when not typing at a terminal.", file=sys.stderr)
        return False
    answer = input(f"Erase everything in {database.engine.url.render_as_string(hide_password=True)} "
                   "and make a fresh demo? Type 'yes': ")
    return answer.strip().lower() == "yes"


def cmd_demo(args) -> int:
    database = _database()
    if args.reset and not _confirm_reset(database, args.yes):
        print("Nothing was changed.", file=sys.stderr)
        return 1
    with database.engine.begin() as connection:
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
        counts = demo.generate(connection, now=clock.now(), tz=_zone(), seed=args.seed, scale=args.scale)
    if args.reset:
        from .cache import clear_everywhere
        clear_everywhere()  # figures cached from the old data must not outlive it
    elapsed = time.perf_counter() - started
    print(f"Demo {args.scale} loaded in {elapsed:.1f} s: "
          + ", ".join(f"{value:,} {name}" for name, value in counts.items()))
    print(f"Sign in as leader, viewer, admin or head.<unit code>; password: {demo.DEMO_PASSWORD}")
    return 0


def _read_password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            raise SystemExit("The two passwords differ.")
    if len(password) < MIN_PASSWORD:
        raise SystemExit(f"A password needs at least {MIN_PASSWORD} characters.")
    return password


def cmd_create_user(args) -> int:
    database = _database()
    password = _read_password(args)
    with database.transaction() as s:
        if s.scalar(select(User.id).where(User.username == args.username.lower())):
            print(f"User {args.username} already exists.", file=sys.stderr)
            return 1
        unit_id = None
        if args.unit:
            unit_id = s.scalar(select(Unit.id).where(Unit.code == args.unit))
            if unit_id is None:
                print(f"No unit with code {args.unit}.", file=sys.stderr)
                return 1
        if args.role == "unit_head" and unit_id is None:
            print("A unit head needs --unit.", file=sys.stderr)
            return 1
        user = User(username=args.username.lower(), full_name=args.name or args.username,
                    password_hash=generate_password_hash(password), role=args.role,
                    unit_id=unit_id, active=True, created_at=clock.now())
        s.add(user)
        s.flush()
        s.add(AuditEvent(at=clock.now(), user_id=None, action="user_created",
                         target=f"user:{user.id}", detail={"role": args.role, "via": "cli"}))
    print(f"Created {args.username} ({args.role}).")
    return 0


def cmd_reset_password(args) -> int:
    database = _database()
    password = _read_password(args)
    with database.transaction() as s:
        user = s.scalar(select(User).where(User.username == args.username.lower()))
        if user is None:
            print(f"No user {args.username}.", file=sys.stderr)
            return 1
        user.password_hash = generate_password_hash(password)
        sessions.end_all(s, user.id, clock.now(), "password_reset")
        s.add(AuditEvent(at=clock.now(), user_id=None, action="password_reset",
                         target=f"user:{user.id}", detail={"via": "cli"}))
    print(f"Password of {args.username} changed.")
    return 0


def cmd_rollups(args) -> int:
    from datetime import timedelta

    from db import rollups

    database = _database()
    today = clock.today()
    started = time.perf_counter()
    with database.transaction() as s:
        if args.action == "rebuild":
            counts = rollups.rebuild(s, today)
            summary = ", ".join(f"{value:,} {name}" for name, value in counts.items())
        else:  # close the days up to yesterday: snapshot their states from the spans
            yesterday = today - timedelta(days=1)
            rollups.close_days(s, [yesterday - timedelta(days=n) for n in range(args.days)])
            lifetime = timedelta(hours=int(os.environ.get("SESSION_LIFETIME_HOURS", "12")))
            purged = sessions.purge(s, clock.now() - lifetime - timedelta(days=1))
            summary = f"days up to {yesterday} are closed; {purged} old sessions forgotten"
    print(f"Rollups {args.action}: {summary} ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_set_active(args) -> int:
    from db.admin import set_active

    from dashboard.domain.rules import Invalid
    database = _database()
    try:
        with database.transaction() as s:
            set_active(s, username=args.username, active=args.active, actor_id=None,
                       now=clock.now())
    except Invalid:
        print(f"No user {args.username}.", file=sys.stderr)
        return 1
    print(f"{args.username} {'may sign in' if args.active else 'can no longer sign in'}.")
    return 0


def cmd_create_unit(args) -> int:
    from db.admin import create_unit

    from dashboard.domain.rules import Invalid
    database = _database()
    try:
        with database.transaction() as s:
            create_unit(s, code=args.code, name=args.name, kind=args.kind, parent_code=args.parent,
                        actor_id=None, now=clock.now())
    except Invalid as problem:
        print("Not created: " + ", ".join(f"{k} {v}" for k, v in problem.errors.items()), file=sys.stderr)
        return 1
    print(f"Created unit {args.code}.")
    return 0


def cmd_create_point(args) -> int:
    from db.admin import create_point

    from dashboard.domain.rules import Invalid
    database = _database()
    try:
        with database.transaction() as s:
            create_point(s, unit_code=args.unit, label=args.label, code=args.code, actor_id=None,
                         now=clock.now())
    except Invalid as problem:
        print("Not created: " + ", ".join(f"{k} {v}" for k, v in problem.errors.items()), file=sys.stderr)
        return 1
    print(f"Created point {args.code}: citizens rate it at /f/{args.code}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dashboard", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    commands.add_parser("migrate", help="create or upgrade the database schema").set_defaults(run=cmd_migrate)

    demo_cmd = commands.add_parser("demo", help="fill an empty database with a demo district")
    demo_cmd.add_argument("--scale", choices=sorted(demo.SCALES), default="district")
    demo_cmd.add_argument("--seed", type=int, default=2026)
    demo_cmd.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    demo_cmd.add_argument("--reset", action="store_true",
                          help="erase everything in the database and make a fresh demo (asks first)")
    demo_cmd.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    demo_cmd.set_defaults(run=cmd_demo)

    create = commands.add_parser("create-user", help="add a user")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--unit", help="unit code (required for unit_head)")
    create.add_argument("--name", help="full name")
    create.add_argument("--password-stdin", action="store_true")
    create.set_defaults(run=cmd_create_user)

    roll = commands.add_parser("rollups", help="daily rollups: rebuild from the history, or "
                               "close the past days (run nightly)")
    roll.add_argument("action", choices=["rebuild", "close-days"])
    roll.add_argument("--days", type=int, default=7, help="close-days: how many past days to check")
    roll.set_defaults(run=cmd_rollups)

    unit = commands.add_parser("create-unit", help="add an office or commune")
    unit.add_argument("code", help="short lowercase code used in links, e.g. xa-thach-dai")
    unit.add_argument("name")
    unit.add_argument("--kind", choices=["office", "commune"], required=True)
    unit.add_argument("--parent", help="code of the parent unit")
    unit.set_defaults(run=cmd_create_unit)

    point = commands.add_parser("create-point", help="add a feedback point (a counter citizens rate)")
    point.add_argument("code", help="short public code, e.g. xa-thach-dai-2")
    point.add_argument("label", help='e.g. "Quầy 3 – Đất đai"')
    point.add_argument("--unit", required=True, help="code of the unit that owns it")
    point.set_defaults(run=cmd_create_point)

    for name, active in (("activate-user", True), ("deactivate-user", False)):
        toggle = commands.add_parser(name, help=f"{'allow' if active else 'stop'} a user's sign-in")
        toggle.add_argument("username")
        toggle.set_defaults(run=cmd_set_active, active=active)

    reset = commands.add_parser("reset-password", help="set a user's password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(run=cmd_reset_password)

    from .cli_data import add_commands as add_data_commands
    from .cli_display import add_commands as add_display_commands
    add_display_commands(commands)
    add_data_commands(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
