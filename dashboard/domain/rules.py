"""Which inputs are acceptable: pure rules the callbacks and the write path both apply (the
write path again inside its transaction). Who may do what is ``policy.py``."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .vocabulary import COMMENT_MAX, NOTE_MAX, PRIORITIES, SOURCE_MAX, TEXT_MAX, TITLE_MAX, UPDATE_STATUSES

__all__ = ["COMMENT_MAX", "NOTE_MAX", "PRIORITIES", "TEXT_MAX", "TITLE_MAX", "UPDATE_STATUSES"]  # callers' names

UNIT_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")  # a unit's code, as its links carry it


class Invalid(ValueError):
    """Field-level problems: {field: code}. Nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# The days any figure or task can be about: a date far outside is a typing slip (year 0001),
# and counting days back from it would leave the calendar.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


LARGEST_ID = 2**31 - 1  # the databases' integer keys


def row_id(value) -> int | None:
    """A database row's number from a request: a whole number in the keys' range (True, 1.5,
    -3 or 10**30 are none; they would otherwise reach the database as another type)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LARGEST_ID:
        return None
    return value


def parse_day(value, field: str, errors: dict[str, str], required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            errors[field] = "required"
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        errors[field] = "date_unreadable"
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        errors[field] = "date_out_of_range"
        return None
    return day


def clean_text(value, field: str, errors: dict[str, str], limit: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors[field] = "invalid"
    elif required and not text:
        errors[field] = "required"
    elif len(text) > limit:
        errors[field] = "too_long"
    return text


def parse_progress(value, errors: dict[str, str]) -> int | None:
    """A whole number from 0 to 100."""
    if value in (None, ""):
        errors["progress"] = "required"
        return None
    if isinstance(value, bool):
        errors["progress"] = "not_whole"
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors["progress"] = "not_whole"
        return None
    if not number.is_integer():
        errors["progress"] = "not_whole"
        return None
    if not 0 <= number <= 100:
        errors["progress"] = "out_of_range"
        return None
    return int(number)


@dataclass(frozen=True, slots=True)
class TaskFields:
    title: str
    description: str
    source_ref: str
    expected_result: str
    priority: str
    start_date: date
    due_date: date


def check_task_fields(raw: dict) -> TaskFields:
    """The fields of a new or edited task; raises Invalid with every problem at once."""
    errors: dict[str, str] = {}
    title = clean_text(raw.get("title"), "title", errors, TITLE_MAX, required=True)
    description = clean_text(raw.get("description"), "description", errors, TEXT_MAX)
    source_ref = clean_text(raw.get("source_ref"), "source_ref", errors, SOURCE_MAX)
    expected = clean_text(raw.get("expected_result"), "expected_result", errors, TEXT_MAX)
    priority = raw.get("priority") or "normal"
    if priority not in PRIORITIES:
        errors["priority"] = "invalid"
    start = parse_day(raw.get("start_date"), "start_date", errors)
    due = parse_day(raw.get("due_date"), "due_date", errors)
    if start and due and due < start:
        errors["due_date"] = "before_start"
    if errors:
        raise Invalid(errors)
    assert start is not None and due is not None  # both required: parse_day noted an error otherwise
    return TaskFields(title, description, source_ref, expected, priority, start, due)


def check_update(raw: dict) -> tuple[str, int, str]:
    """(status, progress, note) of a unit head's update. Done means 100 %."""
    errors: dict[str, str] = {}
    status = raw.get("status")
    if status not in UPDATE_STATUSES:
        errors["status"] = "invalid"
    progress = parse_progress(raw.get("progress"), errors)
    note = clean_text(raw.get("note"), "note", errors, NOTE_MAX)
    if status == "done":
        progress, errors = 100, {k: v for k, v in errors.items() if k != "progress"}
    elif status == "not_started" and progress not in (None, 0):
        errors["progress"] = "not_started_with_progress"
    if errors:
        raise Invalid(errors)
    assert status is not None and progress is not None  # else Invalid: status is one of UPDATE_STATUSES, progress read
    return status, progress, note


def undoes_work(before_status: str, before_progress: int, status: str, progress: int) -> bool:
    """A change that takes work back: less progress than stored, or a done task reopened. A
    person must say why (the note keeps it in the history); cancelling has its own reason."""
    if status == "cancelled":
        return False
    return progress < before_progress or (before_status == "done" and status != "done")


def check_reason(raw: dict, field: str = "reason", required: bool = True) -> str:
    errors: dict[str, str] = {}
    text = clean_text(raw.get(field), field, errors, NOTE_MAX, required=required)
    if errors:
        raise Invalid(errors)
    return text


RATING_REASONS = ("waiting", "unclear", "attitude", "documents", "late", "other")
DIMENSIONS = ("access", "procedure", "staff", "result", "feedback")


CASE_MAX = 60


def case_code(raw) -> str | None:
    """A case code as printed on the receipt, whatever the phone sent: Unicode's compatible
    form (full-width letters become plain), no spaces, upper case. "hs-2026 001" and
    "HS-2026001" are one case, rated once."""
    if not isinstance(raw, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    text = "".join(char for char in text if char.isprintable())[:CASE_MAX]
    return text or None


def check_rating(raw: dict) -> tuple[int, dict[str, int | None], str | None, list[str]]:
    """(score, dimension scores, comment, reasons) from a citizen's form; raises Invalid."""
    errors: dict[str, str] = {}

    def one_to_five(value, field, required):
        if value in (None, ""):
            if required:
                errors[field] = "required"
            return None
        if value not in ("1", "2", "3", "4", "5"):  # "²" and "٣" are digits to str.isdigit()
            errors[field] = "invalid"
            return None
        return int(value)

    score = one_to_five(raw.get("score"), "score", True)
    dims = {d: one_to_five(raw.get(f"dim_{d}"), f"dim_{d}", False) for d in DIMENSIONS}
    comment = clean_text(raw.get("comment"), "comment", errors, COMMENT_MAX) or None
    reasons = [r for r in raw.get("reasons", []) if isinstance(r, str)]
    if any(r not in RATING_REASONS for r in reasons):
        errors["reasons"] = "invalid"
    if score is not None and score > 2:
        reasons = []  # reasons are asked only of the dissatisfied
    if errors:
        raise Invalid(errors)
    return score, dims, comment, sorted(set(reasons))


def is_unit_code(text: object) -> bool:
    return isinstance(text, str) and UNIT_CODE.fullmatch(text) is not None
