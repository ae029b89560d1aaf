"""Local days, ISO weeks and periods."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of local days."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def local_moments(period: Period, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The moments a period's local days span: from its first day's midnight up to (not
    including) the midnight after its last."""
    return (datetime.combine(period.start, time.min, tz),
            datetime.combine(period.end + timedelta(days=1), time.min, tz))


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The local calendar day of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    return moment.astimezone(tz).date()


def iso_week(day: date) -> Period:
    """The ISO week (Monday to Sunday) holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return Period(first, next_first - timedelta(days=1))


def last_weeks(day: date, count: int) -> list[Period]:
    """The ``count`` ISO weeks ending with the week of ``day``, oldest first."""
    this_week = iso_week(day)
    return [Period(this_week.start - timedelta(weeks=n), this_week.end - timedelta(weeks=n))
            for n in range(count - 1, -1, -1)]


def kept_period(period: Period, today: date) -> tuple[str, date] | None:
    """("week", its Monday) or ("month", its first day) when ``period`` is a whole ISO week or
    month, or one still running up to today: nothing after today is counted yet, so the whole
    week's or month's figures are those of the period. None for any other period."""
    for kind, whole in (("week", iso_week(period.start)), ("month", month_of(period.start))):
        if period.start == whole.start and (period.end == whole.end or today <= period.end < whole.end):
            return kind, whole.start
    return None
