"""The server's notion of now and today, in the configured time zone."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def now() -> datetime:
    """Every write is stamped with this: the server's time, never the client's."""
    return datetime.now(timezone.utc)


def today() -> date:
    return now().astimezone(local_zone()).date()


def cutoff_moment(day: date) -> datetime:
    """The daily cut-off of ``day`` as an aware moment (17:00 local by default)."""
    return datetime.combine(day, time.fromisoformat(current_app.config["DAILY_CUTOFF"]), local_zone())
