"""``dashboard jobs run``: whatever is due, run by a systemd timer (or cron) every few minutes,
never by a thread inside the web workers. Idempotent, and safe on several machines at once:
each job's writes meet a unique key, a claim or a closed day and leave it."""
from __future__ import annotations

import os
import sys
import time

from flask import Flask

from db import briefings, digests
from db.engine import Database

from .. import clock, i18n
from ..config import DEFAULTS
from ..mail import digest_text, smtp
from ..services import digest
from .common import database
from .rollups import close_past_days


def words_app() -> Flask:
    """A bare Flask app for the words of the digests (their language and time zone), no pages."""
    app = Flask("dashboard")
    app.config.update(DEFAULTS)
    app.config["TIMEZONE"] = os.environ.get("TIMEZONE") or DEFAULTS["TIMEZONE"]
    i18n.init_app(app)
    return app


def make_digests(opened: Database, settings: smtp.Settings | None) -> int:
    """Today's digest for each person owed one, once the digest hour has come: how many were made."""
    now = clock.now()
    if now.astimezone(clock.local_zone()).hour < int(os.environ.get("DIGEST_HOUR", "7")):
        return 0
    day = clock.today()
    made = 0
    with opened.session() as s:
        people = digests.owed(s, day)
    for person in people:
        with opened.session() as s:  # read without the write lock; kept below in a short write
            content = digest.compose(s, person, day, now)
        with opened.transaction() as s:
            made += digests.keep(s, person, day, content, mail=settings is not None, now=clock.now())
    return made


def send_mails(opened: Database, settings: smtp.Settings) -> tuple[int, int]:
    """Send the mails due, each claimed just before it is sent (so another run sends none of
    them, however long this one takes): (sent, not sent). A mail that cannot even be written
    (a bad address kept from before) fails like a refused one: it never stops the others."""
    base = public_base_url()
    sent = refused = 0
    while True:
        with opened.transaction() as s:
            claimed = digests.claim(s, clock.now())
        if not claimed:
            return sent, refused
        mail = claimed[0]
        try:
            smtp.send(settings, digest_text.message(mail.content, mail.day, mail.full_name, mail.to,
                                                    settings.sender, base))
        except Exception as error:  # any failure of one mail is that mail's, recorded
            with opened.transaction() as s:
                digests.not_sent(s, mail, f"{type(error).__name__}: {error}", clock.now())
            refused += 1
            continue
        with opened.transaction() as s:
            digests.sent(s, mail, clock.now())
        sent += 1


def public_base_url() -> str:
    """The address the digests' links start with: as the web app's (the demo's own when unset)."""
    demo = os.environ.get("DASHBOARD_DEMO", "").lower() in ("1", "true", "yes", "on")
    fallback = f"http://127.0.0.1:{os.environ.get('PORT', '8050')}" if demo else ""
    return (os.environ.get("PUBLIC_BASE_URL") or fallback).rstrip("/")


def cmd_jobs(args) -> int:
    settings = smtp.from_environment()
    if settings and not public_base_url():
        print("PUBLIC_BASE_URL is not set: the digests' mail needs the dashboard's address for its links. "
              "Nothing was run.", file=sys.stderr)
        return 1
    opened = database()
    started = time.perf_counter()
    with opened.transaction() as s:
        closed = close_past_days(s, args.days)
    with opened.transaction() as s:
        meetings = briefings.make_meetings(s, clock.now(), clock.local_zone())
        released = briefings.release_screens(s, clock.now())
    with words_app().test_request_context():
        made = make_digests(opened, settings)
        sent, refused = send_mails(opened, settings) if settings else (0, 0)
    mail = f"{sent} sent, {refused} to try again" if settings else "no SMTP_HOST: inbox only"
    print(f"Jobs: {closed}; {meetings} briefings made from the weekly schedule; {released} screens handed "
          f"back to their slides; {made} digests made "
          f"({mail}) ({time.perf_counter() - started:.1f} s)")
    return 0


def add_commands(commands) -> None:
    jobs = commands.add_parser("jobs", help="run what is due: close past days, make the coming weekly "
                               "briefings and today's digests, send their mail (a systemd timer calls it "
                               "every few minutes)")
    jobs.add_argument("action", choices=["run"])
    jobs.add_argument("--days", type=int, default=7, help="how many past days to check are closed")
    jobs.set_defaults(run=cmd_jobs)
