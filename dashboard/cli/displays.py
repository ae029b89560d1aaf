"""``dashboard display …``: meeting-room screens from the command line (same rules as /admin)."""
from __future__ import annotations

import os
from datetime import date, datetime

from dashboard.domain.displays import LOCALES, SLIDES, DisplaySettings, check_settings
from dashboard.domain.rules import Invalid
from db import displays

from .. import clock, paths
from .common import database, refused


def _now() -> datetime:
    return clock.now()


def _today() -> date:
    return clock.today()


def _link(secret: str, base: str | None) -> str:
    base = base or os.environ.get("PUBLIC_BASE_URL") or "http://127.0.0.1:8050"
    return base.rstrip("/") + paths.display(secret)


def _settings(args, current: DisplaySettings | None = None) -> DisplaySettings:
    current = current or DisplaySettings(name="")
    slides = args.slides.split(",") if args.slides else list(current.slides)
    expires = current.expires_on if args.expires is None else (
        None if args.expires == "never" else date.fromisoformat(args.expires))
    return check_settings(args.name if args.name is not None else current.name, slides,
                          args.rotate if args.rotate is not None else current.rotate_seconds,
                          args.refresh if args.refresh is not None else current.refresh_seconds,
                          args.lang or current.locale, expires, _today())


def cmd_display(args) -> int:
    try:
        with database().transaction() as session:
            if args.action == "list":
                for row in displays.displays(session):
                    state = "revoked" if row.revoked_at else (
                        "expired" if row.expires_on and row.expires_on < _today() else "active")
                    print(f"{row.id:>4}  {state:<8} {row.name}  [{','.join(row.slides)}] "
                          f"{row.rotate_seconds}s/{row.refresh_seconds}s {row.locale}"
                          + (f" until {row.expires_on}" if row.expires_on else ""))
                return 0
            if args.action == "add":
                display, secret = displays.create_display(session, _settings(args), actor=None, now=_now())
                print(f"Screen {display.id} added. Its link, shown only now:\n{_link(secret, args.base_url)}")
                return 0
            if args.id is None:
                raise Invalid({"display": "required"})
            if args.action == "change":
                found = displays.get_display(session, args.id)
                if found is None:
                    raise Invalid({"display": "unknown_display"})
                displays.change_display(session, args.id, _settings(args, displays.settings_of(found)),
                                        actor=None, now=_now())
                print(f"Screen {args.id} changed: open screens reload with the new settings.")
            elif args.action == "new-link":
                secret = displays.rotate_secret(session, args.id, actor=None, now=_now())
                print(f"Screen {args.id} has a new link (the old one stopped working):\n"
                      f"{_link(secret, args.base_url)}")
            elif args.action == "revoke":
                displays.revoke_display(session, args.id, actor=None, now=_now())
                print(f"Screen {args.id} revoked: its link stopped working.")
    except Invalid as problem:
        return refused(problem)
    return 0


def add_commands(commands) -> None:
    screen = commands.add_parser("display", help="meeting-room screens: list, add, change, new-link, revoke")
    screen.add_argument("action", choices=["list", "add", "change", "new-link", "revoke"])
    screen.add_argument("id", nargs="?", type=int, help="the screen's number (see list)")
    screen.add_argument("--name", help='e.g. "Phòng họp tầng 2"')
    screen.add_argument("--slides", help=f"comma-separated, from {','.join(SLIDES)}")
    screen.add_argument("--rotate", type=int, help="seconds per slide")
    screen.add_argument("--refresh", type=int, help="seconds between checks for new data")
    screen.add_argument("--lang", choices=LOCALES)
    screen.add_argument("--expires", help="YYYY-MM-DD (valid through that day) or 'never'")
    screen.add_argument("--base-url", help="the address the TV opens; default PUBLIC_BASE_URL")
    screen.set_defaults(run=cmd_display)
