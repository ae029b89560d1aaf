"""The one clock: every notion of now and today comes from here, and only here reads the machine's.

Tests (and training copies of the dashboard) set it instead of patching its pieces:
``with clock.set_to(moment):`` runs the whole application at ``moment`` (ticking on from it, or
frozen), and ``CLOCK_OFFSET_SECONDS`` in the environment moves a whole process (the test
suite's gunicorn) by the same amount, so every worker agrees on one time.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"

_offset = timedelta(seconds=float(os.environ.get("CLOCK_OFFSET_SECONDS") or 0))
_frozen: datetime | None = None


def local_zone() -> ZoneInfo:
    """The configured time zone: the app's setting, or ``TIMEZONE`` for commands without an app."""
    if has_app_context():
        return ZoneInfo(current_app.config["TIMEZONE"])
    return ZoneInfo(os.environ.get("TIMEZONE") or DEFAULT_ZONE)


def now() -> datetime:
    """Every write is stamped with this (aware, UTC): the server's time, never the client's."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC) + _offset


def today(zone: ZoneInfo | None = None) -> date:
    return now().astimezone(zone or local_zone()).date()


def cutoff_moment(day: date) -> datetime:
    """The daily cut-off of ``day`` as an aware moment (17:00 local by default)."""
    cutoff = current_app.config["DAILY_CUTOFF"] if has_app_context() else "17:00"
    return datetime.combine(day, time.fromisoformat(cutoff), local_zone())


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in local time: a figure as of ``day`` counts what existed by then."""
    return datetime.combine(day, time.max, local_zone())


def machine_seconds() -> float:
    """The machine's own time in seconds since 1970, for libraries that count in it (the rate
    limiter's reset moments); never for a figure or a stamp."""
    return datetime.now(UTC).timestamp()


def offset_seconds() -> float:
    """How far this process's clock is from the machine's, for a child process to share it."""
    return (now() - datetime.now(UTC)).total_seconds()


@contextmanager
def set_to(moment: datetime, *, tick: bool = True) -> Iterator[None]:
    """Run at ``moment`` (aware): ticking on from it like a real clock, or frozen there."""
    global _offset, _frozen
    if moment.tzinfo is None:
        raise ValueError("the clock needs an aware moment")
    saved = _offset, _frozen
    if tick:
        _offset, _frozen = moment - datetime.now(UTC), None
    else:
        _frozen = moment.astimezone(UTC)
    try:
        yield
    finally:
        _offset, _frozen = saved
