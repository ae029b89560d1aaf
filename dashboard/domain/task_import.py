"""Which rows of a task sheet can become tasks: every problem of every row named (row, column,
what is wrong), so a leader fixes the sheet once. Pure: the caller reads the sheet, knows the
units and the tasks that exist, and imports only a sheet with no problem (all or nothing)."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .rules import Invalid, TaskFields, check_task_fields
from .vietnamese import fold

# The sheet's columns, in the template's order; the first three are required.
COLUMNS = ("title", "unit", "due_date", "start_date", "priority", "source_ref", "expected_result", "description")
REQUIRED_COLUMNS = ("title", "unit", "due_date")
MAX_ROWS = 5_000  # a province's yearly plan fits; a bigger file is a mistake
MAX_TASKS = 20_000  # rows for several units each ("All communes") make more tasks than rows
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (as Windows Excel counts)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
UNIT_SEPARATORS = re.compile(r"[;\n]+")  # one directive to several units: "a; b" (names hold commas)


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # as the spreadsheet shows it (the header is row 1)
    cells: Mapping[str, object]  # column → text, number, date, or None when empty


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: int
    code: str
    name: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # 0: the sheet as a whole
    column: str  # one of COLUMNS, or "" for the sheet or the whole row
    code: str  # a validation code (forms.problem_text), or one of this module's
    other_row: int | None = None  # "repeated": the row it repeats
    value: str | None = None  # "unknown_unit": the names not found


@dataclass(frozen=True, slots=True)
class ReadyTask:
    row: int
    fields: TaskFields
    unit_id: int


@dataclass(frozen=True, slots=True)
class Checked:
    ready: tuple[ReadyTask, ...]
    problems: tuple[Problem, ...]

    @property
    def importable(self) -> bool:
        return bool(self.ready) and not self.problems

    @property
    def rows_ready(self) -> int:
        return len({task.row for task in self.ready})

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems if problem.row})


def name_key(name: str | None) -> str:
    """A unit's name as compared: folded, and its dashes alike ("Tài chính – Kế hoạch" has an
    en dash nobody types)."""
    return fold((name or "").replace("\u2013", "-").replace("\u2014", "-"))


def duplicate_key(title: str, unit_id: int, due: date) -> tuple[str, int, date]:
    """Two tasks are the same when their titles read the same (case, spaces and diacritics
    aside), for the same unit and due date."""
    return fold(title), unit_id, due


def sheet_day(value) -> str | None:
    """A cell as an ISO day for the form's rules: an Excel date, a serial number of one, or
    text written dd/mm/yyyy (or yyyy-mm-dd); anything else is passed on to be refused."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 36_526 <= value <= 73_415:  # 2000-01-01 … 2100-12-31
            return (EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        return str(value)
    text = str(value).strip()
    found = _DAY_FIRST.fullmatch(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return "unreadable"
    return text if _ISO_DAY.fullmatch(text) else (text and "unreadable") or None


def _text(value) -> str | None:
    """A text cell as typed; a number (a document number typed as 123) as its digits."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def check_sheet(rows: Sequence[SheetRow], columns: Iterable[str], units: Sequence[UnitRef],
                priorities: Mapping[str, str], today: date,
                groups: Mapping[str, Sequence[int]] | None = None, examples: Collection[str] = ()) -> Checked:
    """Each row checked as the new-task form checks it, plus: its units, each by its code or
    its exact name (diacritics optional), several separated by ";" or a line break, or a word
    of ``groups`` (folded word → units: "All communes") — one task for each; the priority by
    its code or its word in either language (``priorities``: folded word → code; empty:
    normal); the start today when empty; no task repeating an earlier row's, and no row still
    holding the template's example (``examples``: its folded titles). Then ``without_existing``
    refuses the tasks that exist already."""
    groups = groups or {}
    found = set(columns)
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        return Checked((), tuple(Problem(0, column, "missing_column") for column in missing))
    if not rows:
        return Checked((), (Problem(0, "", "no_rows"),))
    if len(rows) > MAX_ROWS:
        return Checked((), (Problem(0, "", "too_many_rows"),))
    by_code = {unit.code: unit.id for unit in units}
    by_name: dict[str, int | None] = {}
    for unit in units:  # two units whose names fold alike: only the code tells them apart
        by_name[name_key(unit.name)] = None if name_key(unit.name) in by_name else unit.id
    ready: list[ReadyTask] = []
    problems: list[Problem] = []
    first_of: dict[tuple[str, int, date], int] = {}
    for row in rows:
        cells = row.cells
        errors: dict[str, str] = {}
        unit_ids: list[int] = []
        unknown: list[str] = []
        for part in (part.strip() for part in UNIT_SEPARATORS.split(_text(cells.get("unit")) or "")):
            if not part:
                continue
            if fold(part) in groups:
                unit_ids += groups[fold(part)]
                continue
            unit_id = by_code.get(part.lower()) or by_name.get(name_key(part))
            if unit_id is None:
                unknown.append(part)
            else:
                unit_ids.append(unit_id)
        unit_ids = list(dict.fromkeys(unit_ids))
        if unknown:
            problems.append(Problem(row.number, "unit", "unknown_unit", value="; ".join(unknown)))
        elif not unit_ids:
            errors["unit"] = "required"
        priority_cell = fold(_text(cells.get("priority")))
        priority = priorities.get(priority_cell, "invalid") if priority_cell else "normal"
        raw = {"title": _text(cells.get("title")), "description": _text(cells.get("description")),
               "source_ref": _text(cells.get("source_ref")), "expected_result": _text(cells.get("expected_result")),
               "priority": priority, "start_date": sheet_day(cells.get("start_date")),
               "due_date": sheet_day(cells.get("due_date"))}
        if raw["start_date"] is None:  # today, or the due day when it has passed (a backlog)
            due = raw["due_date"]
            past = due is not None and _ISO_DAY.fullmatch(due) is not None and due < today.isoformat()
            raw["start_date"] = due if past else today.isoformat()
        fields = None
        try:
            fields = check_task_fields(raw)
        except Invalid as invalid:
            errors = invalid.errors | errors
        if fields is not None and fold(fields.title) in examples:
            errors["title"] = "example"
        problems.extend(Problem(row.number, column, code) for column, code in errors.items())
        if fields is None or unknown or errors:
            continue
        for unit_id in unit_ids:
            key = duplicate_key(fields.title, unit_id, fields.due_date)
            if key in first_of:
                problems.append(Problem(row.number, "title", "repeated", first_of[key]))
            else:
                first_of[key] = row.number
                ready.append(ReadyTask(row.number, fields, unit_id))
    if len(ready) > MAX_TASKS:
        return Checked((), (Problem(0, "", "too_many_tasks"),))
    return Checked(tuple(ready), tuple(problems))


def without_existing(checked: Checked, existing: set[tuple[str, int, date]]) -> Checked:
    """The ready rows that would make a task which exists already (``existing``: their
    duplicate keys) become problems."""
    def exists(task: ReadyTask) -> bool:
        return duplicate_key(task.fields.title, task.unit_id, task.fields.due_date) in existing
    found = list(dict.fromkeys(Problem(task.row, "title", "duplicate") for task in checked.ready if exists(task)))
    if not found:
        return checked
    problems = sorted([*checked.problems, *found], key=lambda problem: problem.row)
    return Checked(tuple(task for task in checked.ready if not exists(task)), tuple(problems))
