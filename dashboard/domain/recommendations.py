"""Citizens' recommendations (kiến nghị): what a citizen may send, the tracking code they keep,
and the deadline of the answer counted in working days. Pure rules; the calendar's public
holidays come from the ``holidays`` library (Vietnam's lunar Tết included)."""
from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .rules import Invalid, clean_text

TEXT_MIN, TEXT_MAX = 10, 2000  # a recommendation: a sentence at least, a page at most
CONTACT_MAX = 120
ANSWER_MAX = 2000
ANSWER_DAYS = 10  # working days to answer, by default
# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE = re.compile(r"KN-([0-9]{4})-([0-9A-HJKMNP-TV-Z]{4})-?([0-9A-HJKMNP-TV-Z]{4})")
_MISREAD = str.maketrans("OIL", "011")  # letters Crockford's alphabet leaves out, read as digits
PHONE = re.compile(r"\+?[0-9][0-9 .-]{7,18}[0-9]")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class State(StrEnum):
    RECEIVED = "received"  # waiting for the unit's answer
    AWAITING_APPROVAL = "awaiting_approval"  # answered by the unit, waiting for a leader
    ANSWERED = "answered"  # the answer is published to the citizen


STATES = tuple(state.value for state in State)
OPEN_STATES = (State.RECEIVED.value, State.AWAITING_APPROVAL.value)
SHOWS = ("open", State.AWAITING_APPROVAL.value, State.ANSWERED.value, "all")  # the staff list's choices


def new_code(year: int, choose=secrets.choice) -> str:
    """A tracking code such as KN-2026-7Q4X-K2M9: the year, then eight random characters, so
    that no one reads another citizen's answer by counting (``choose``: the demo's own dice)."""
    chars = "".join(choose(CODE_ALPHABET) for _ in range(8))
    return f"KN-{year:04d}-{chars[:4]}-{chars[4:]}"


def tracking_code(raw) -> str | None:
    """The code as the citizen typed it (lower case, spaces, O for 0, I or L for 1, no dashes),
    in its one written form; None when it cannot be one."""
    if not isinstance(raw, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", raw).split()).upper()[:40]
    text = text.replace("-", "")
    if not text.startswith("KN") or len(text) != 14:
        return None
    year, chars = (part.translate(_MISREAD) for part in (text[2:6], text[6:]))
    found = CODE.fullmatch(f"KN-{year}-{chars[:4]}-{chars[4:]}")
    return found.group(0) if found else None


def check_recommendation(raw: dict) -> tuple[str, str | None]:
    """(text, contact) from a citizen's form; raises Invalid with every problem."""
    errors: dict[str, str] = {}
    text = clean_text(raw.get("text"), "text", errors, TEXT_MAX, required=True)
    if "text" not in errors and len(text) < TEXT_MIN:
        errors["text"] = "too_short"
    contact = clean_text(raw.get("contact"), "contact", errors, CONTACT_MAX)
    if contact and "contact" not in errors and not (PHONE.fullmatch(contact) or EMAIL.fullmatch(contact)):
        errors["contact"] = "not_contact"
    if errors:
        raise Invalid(errors)
    return text, contact or None


def check_answer(raw) -> str:
    errors: dict[str, str] = {}
    answer = clean_text(raw, "answer", errors, ANSWER_MAX, required=True)
    if errors:
        raise Invalid(errors)
    return answer


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days: Monday to Friday, except public holidays and local days
    off, plus the weekend days the government makes working days to bridge a holiday."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    working_weekend_days: frozenset[date] = field(default_factory=frozenset)

    def is_working(self, day: date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (the day of receipt does not count)."""
        day = start
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working(day):
                remaining -= 1
        return day

    def with_local_days(self, local: dict[date, bool]) -> WorkingCalendar:
        """This calendar with a province's own days: {day: True for a make-up working day,
        False for a day off}."""
        days_off = {day for day, working in local.items() if not working}
        working_days = {day for day, working in local.items() if working}
        return WorkingCalendar(frozenset(self.holidays | days_off) - working_days,
                               frozenset(self.working_weekend_days | working_days) - days_off)


def vietnam_calendar(years: range) -> WorkingCalendar:
    """Vietnam's public holidays (solar and lunar) and make-up working days for ``years``."""
    import holidays  # imported when a deadline is first counted, not at start-up

    country = holidays.country_holidays("VN", years=list(years))
    return WorkingCalendar(frozenset(country.keys()), frozenset(country.weekend_workdays))


def national_holidays(year: int, language: str) -> list[tuple[date, str]]:
    """Vietnam's public holidays of ``year`` with their names in ``language`` (vi or en)."""
    import holidays

    country = holidays.country_holidays("VN", years=year, language="vi" if language == "vi" else "en_US")
    return sorted(country.items())


@dataclass(frozen=True, slots=True)
class Timeliness:
    """Whether an answer came (or is coming) by its deadline, as of a day."""

    overdue: bool
    on_time: bool | None  # None: not answered yet
    days_left: int  # negative: days overdue


def timeliness(due: date, answered_on: date | None, today: date) -> Timeliness:
    if answered_on is not None:
        return Timeliness(False, answered_on <= due, (due - answered_on).days)
    return Timeliness(today > due, None, (due - today).days)


@dataclass(frozen=True, slots=True)
class Counts:
    """A unit's recommendations in a period, as of its last day: those due in it, of which
    answered by their deadline, and those past their deadline without an answer at its end."""

    due: int = 0
    answered_on_time: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """None (shown "—", never 0 or 100) when none fell due."""
        return self.answered_on_time / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class Buckets:
    """The four buckets tasks are coloured by, for recommendations: answered on time or late
    (in a period), and, waiting now, within their deadline or past it."""

    answered_on_time: int = 0
    answered_late: int = 0
    within_deadline: int = 0
    overdue: int = 0


def total(counts: dict[int, Counts]) -> Counts:
    values = list(counts.values())
    return Counts(sum(c.due for c in values), sum(c.answered_on_time for c in values),
                  sum(c.overdue for c in values))
