"""How long an account waits after failed sign-ins: growing delays, never a lock.

A few failures are free (a typo, a forgotten Caps Lock); after them each failure doubles the
wait before the next try, up to a ceiling. Whoever guesses from many addresses is slowed to a
handful of tries an hour, and the official who then types the right password waits minutes,
not a day.
"""
from __future__ import annotations

from datetime import datetime, timedelta

FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=30)
LONGEST_DELAY = timedelta(minutes=15)
WINDOW = timedelta(hours=1)  # failures older than this are forgotten


def delay_after(failures: int, free: int = FREE_FAILURES) -> timedelta:
    """The wait after ``failures`` recent failures."""
    if failures < free:
        return timedelta(0)
    return min(LONGEST_DELAY, FIRST_DELAY * 2 ** min(failures - free, 30))


def wait_left(failures: int, last_failure: datetime | None, now: datetime,
              free: int = FREE_FAILURES) -> timedelta:
    """How much longer the account must wait before its next try (zero: it may try now)."""
    if last_failure is None:
        return timedelta(0)
    delay = delay_after(failures, free)  # never more, even if a clock ran ahead
    return max(timedelta(0), min(delay, last_failure + delay - now))
