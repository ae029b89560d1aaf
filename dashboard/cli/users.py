"""``dashboard create-user | reset-password | activate-user | deactivate-user | create-unit |
create-point``: the same checks and audit as /admin (``db/admin.py``), run as a trusted script."""
from __future__ import annotations

import getpass
import sys

from dashboard.domain.policy import ROLES
from dashboard.domain.rules import Invalid
from dashboard.domain.vocabulary import MIN_PASSWORD, UNIT_KINDS
from db import admin

from .. import clock
from .common import database, refused


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
    password = _read_password(args)
    try:
        with database().transaction() as s:
            admin.create_user(s, username=args.username, full_name=args.name or args.username, role=args.role,
                              unit_code=args.unit, password=password, actor=None, now=clock.now())
    except Invalid as problem:
        return refused(problem, "Not created")
    print(f"Created {args.username} ({args.role}).")
    return 0


def cmd_reset_password(args) -> int:
    password = _read_password(args)
    try:
        with database().transaction() as s:
            admin.reset_password(s, username=args.username, password=password, actor=None, now=clock.now())
    except Invalid as problem:
        return refused(problem)
    print(f"Password of {args.username} changed.")
    return 0


def cmd_set_active(args) -> int:
    try:
        with database().transaction() as s:
            admin.set_active(s, username=args.username, active=args.active, actor=None, now=clock.now())
    except Invalid as problem:
        return refused(problem)
    print(f"{args.username} {'may sign in' if args.active else 'can no longer sign in'}.")
    return 0


def cmd_create_unit(args) -> int:
    try:
        with database().transaction() as s:
            admin.create_unit(s, code=args.code, name=args.name, kind=args.kind, parent_code=args.parent,
                              actor=None, now=clock.now())
    except Invalid as problem:
        return refused(problem, "Not created")
    print(f"Created unit {args.code}.")
    return 0


def cmd_create_point(args) -> int:
    try:
        with database().transaction() as s:
            admin.create_point(s, unit_code=args.unit, label=args.label, code=args.code, actor=None,
                               now=clock.now())
    except Invalid as problem:
        return refused(problem, "Not created")
    print(f"Created point {args.code}: citizens rate it at /f/{args.code}")
    return 0


def add_commands(commands) -> None:
    create = commands.add_parser("create-user", help="add a user")
    create.add_argument("username")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--unit", help="unit code (required for unit_head)")
    create.add_argument("--name", help="full name")
    create.add_argument("--password-stdin", action="store_true")
    create.set_defaults(run=cmd_create_user)

    for name, active in (("activate-user", True), ("deactivate-user", False)):
        toggle = commands.add_parser(name, help=f"{'allow' if active else 'stop'} a user's sign-in")
        toggle.add_argument("username")
        toggle.set_defaults(run=cmd_set_active, active=active)

    reset = commands.add_parser("reset-password", help="set a user's password")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(run=cmd_reset_password)

    unit = commands.add_parser("create-unit", help="add an office or commune")
    unit.add_argument("code", help="short lowercase code used in links, e.g. xa-thach-dai")
    unit.add_argument("name")
    unit.add_argument("--kind", choices=UNIT_KINDS, required=True)
    unit.add_argument("--parent", help="code of the parent unit")
    unit.set_defaults(run=cmd_create_unit)

    point = commands.add_parser("create-point", help="add a feedback point (a counter citizens rate)")
    point.add_argument("code", help="short public code, e.g. xa-thach-dai-2")
    point.add_argument("label", help='e.g. "Quầy 3 – Đất đai"')
    point.add_argument("--unit", required=True, help="code of the unit that owns it")
    point.set_defaults(run=cmd_create_point)
