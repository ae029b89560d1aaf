"""The weekly briefing (giao ban): when it meets, which units attend, when its pack is ready and
as of which day it reads, what a conclusion may say, and the two short lists the pack opens
with (the units most in need of attention, the most improved) by rules the memo prints."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .rules import Invalid, clean_text, parse_day
from .units import Severity, attention_key
from .vietnamese import sort_key

ATTENDING = ("all", "office", "commune")  # every unit, the offices, the communes
CONCLUSION_KINDS = ("directive", "urge", "direction", "commendation", "reprimand")
CONCLUSION_MAX = 1000
TITLE_MAX = 120
PACK_HOURS = 48  # the pack is ready this long before the meeting (CitiStat's memo: 48 h)
SHORT_LIST = 3


@dataclass(frozen=True, slots=True)
class Schedule:
    """The recurring briefing: a weekday (0 Monday … 6 Sunday) and a local time."""

    weekday: int
    at: time
    attending: str = "all"
    pack_hours: int = PACK_HOURS


def next_meeting(schedule: Schedule, after: datetime, tz: ZoneInfo) -> datetime:
    """The first meeting of ``schedule`` strictly after ``after``, as an aware moment."""
    local = after.astimezone(tz)
    day = local.date() + timedelta(days=(schedule.weekday - local.weekday()) % 7)
    moment = datetime.combine(day, schedule.at, tz)
    return moment if moment > after else datetime.combine(day + timedelta(days=7), schedule.at, tz)


def week_of(day: date) -> tuple[int, int]:
    """(ISO week, its year): the briefing of 4 January 2027 is "week 1/2027"."""
    year, week, _weekday = day.isocalendar()
    return week, year


def source_ref(day: date) -> str:
    """The source document a conclusion's task names (a Vietnamese official reference)."""
    week, year = week_of(day)
    return f"Kết luận giao ban tuần {week}/{year}"


def pack_day(meeting_day: date, today: date) -> date:
    """The day the pack's figures are as of: the eve of the meeting, or today while that is
    still to come (a pack asked for early reads what is known so far)."""
    return min(today, meeting_day - timedelta(days=1))


def pack_ready_at(held_at: datetime, pack_hours: int) -> datetime:
    return held_at - timedelta(hours=pack_hours)


def check_schedule(raw: dict) -> Schedule:
    """The recurring briefing from a form; raises Invalid with every problem at once."""
    errors: dict[str, str] = {}
    weekday = _whole(raw.get("weekday"), 0, 6, "weekday", errors)
    at = _time(raw.get("at"), "at", errors)
    attending = raw.get("attending") or "all"
    if attending not in ATTENDING:
        errors["attending"] = "invalid"
    hours = _whole(raw.get("pack_hours", PACK_HOURS), 1, 168, "pack_hours", errors)
    if errors:
        raise Invalid(errors)
    assert weekday is not None and at is not None and hours is not None
    return Schedule(weekday, at, attending, hours)


@dataclass(frozen=True, slots=True)
class MeetingFields:
    held_at: datetime
    attending: str
    title: str


def check_meeting(raw: dict, tz: ZoneInfo, now: datetime) -> MeetingFields:
    """A one-off briefing: a day and a local time not in the past, who attends, a title."""
    errors: dict[str, str] = {}
    day = parse_day(raw.get("day"), "day", errors)
    at = _time(raw.get("at"), "at", errors)
    attending = raw.get("attending") or "all"
    if attending not in ATTENDING:
        errors["attending"] = "invalid"
    title = clean_text(raw.get("title"), "title", errors, TITLE_MAX)
    held_at = datetime.combine(day, at, tz) if day and at else None
    if held_at is not None and held_at < now:
        errors["day"] = "in_the_past"
    if errors:
        raise Invalid(errors)
    assert held_at is not None
    return MeetingFields(held_at, attending, title)


@dataclass(frozen=True, slots=True)
class ConclusionFields:
    unit_id: int
    kind: str
    text: str
    due: date | None  # a directive's deadline
    task_id: int | None  # the task an urge or a direction is about, if any


def check_conclusion(raw: dict, meeting_day: date, unit_ids: set[int]) -> ConclusionFields:
    """A conclusion recorded for one unit: a directive needs a deadline on or after the
    meeting's day; an urge or a direction may name one of the unit's tasks."""
    errors: dict[str, str] = {}
    unit_id = _whole(raw.get("unit_id"), 1, 2**31 - 1, "unit_id", errors)
    if unit_id is not None and unit_id not in unit_ids:
        errors["unit_id"] = "unknown_unit"
    kind = raw.get("kind")
    if kind not in CONCLUSION_KINDS:
        errors["kind"] = "invalid"
    text = clean_text(raw.get("text"), "text", errors, CONCLUSION_MAX, required=True)
    due = None
    if kind == "directive":
        due = parse_day(raw.get("due"), "due", errors)
        if due is not None and due < meeting_day:
            errors["due"] = "before_meeting"
    task_id = None
    if kind in ("urge", "direction") and str(raw.get("task_id") or "").strip():
        task_id = _whole(str(raw.get("task_id")).strip().lstrip("#"), 1, 2**31 - 1, "task_id", errors)
    if errors:
        raise Invalid(errors)
    assert unit_id is not None and isinstance(kind, str)
    return ConclusionFields(unit_id, kind, text, due, task_id)


def _whole(value, low: int, high: int, field: str, errors: dict[str, str]) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = "required" if value in (None, "") else "invalid"
        return None
    if not low <= number <= high:
        errors[field] = "invalid"
        return None
    return number


def _time(value, field: str, errors: dict[str, str]) -> time | None:
    if value in (None, ""):
        errors[field] = "required"
        return None
    try:
        return time.fromisoformat(str(value).strip()[:5]).replace(second=0, microsecond=0)
    except ValueError:
        errors[field] = "invalid"
        return None


@dataclass(frozen=True, slots=True)
class UnitWeek:
    """One unit's figures the short lists compare: now and on the same day last week."""

    unit_id: int
    name: str
    severity: Severity
    overdue: int
    max_days_overdue: int
    done_on_time: int
    overdue_before: int


def need_attention(units: list[UnitWeek]) -> list[UnitWeek]:
    """Rule printed in the memo: red before amber (green units are not listed); then more
    overdue tasks; then the oldest overdue task; then the name in Vietnamese order."""
    chased = [unit for unit in units if unit.severity is not Severity.GREEN]
    return sorted(chased, key=lambda unit: attention_key(unit.severity, unit.overdue, unit.max_days_overdue,
                                                         unit.name))[:SHORT_LIST]


def most_improved(units: list[UnitWeek]) -> list[UnitWeek]:
    """Rule printed in the memo: the largest fall in overdue tasks against the same day last
    week (units whose count did not fall are not listed); then more tasks done on time this
    week; then the name in Vietnamese order."""
    better = [unit for unit in units if unit.overdue < unit.overdue_before]
    return sorted(better, key=lambda unit: (unit.overdue - unit.overdue_before, -unit.done_on_time,
                                            sort_key(unit.name)))[:SHORT_LIST]


def attends(kind: str, attending: str) -> bool:
    """Whether a unit of ``kind`` (office, commune) attends a briefing for ``attending``."""
    return attending == "all" or kind == attending


def step(order: list[int], current: int | None, forward: bool) -> int | None:
    """The unit after (or before) ``current`` in the running order; with none shown yet, the
    first (or the last). It stays at either end. None when no unit attends."""
    if not order:
        return None
    if current not in order:
        return order[0] if forward else order[-1]
    place = order.index(current) + (1 if forward else -1)
    return order[max(0, min(len(order) - 1, place))]
