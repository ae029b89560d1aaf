"""Task sheets: the Excel template a leader fills in, and reading a filled one (pandas, with
openpyxl) into rows for dashboard/domain/task_import.py. Headers and priority words are read in
either language, whichever the template was downloaded in."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from .domain.task_import import COLUMNS, MAX_ROWS, REQUIRED_COLUMNS, SheetRow, UnitRef
from .domain.vietnamese import fold, sort_key
from .domain.vocabulary import PRIORITIES, SOURCE_MAX, TEXT_MAX, TITLE_MAX

LANGUAGES = ("vi", "en")
MAX_BYTES = 5 * 1024 * 1024  # 5,000 rows take about 400 KB
MAX_UNPACKED = 60 * 1024 * 1024  # the workbook's parts unzipped: a "zip bomb" is refused unread


class Unreadable(ValueError):
    """Not an Excel workbook we can read (another format, damaged, or too big)."""


def header(column: str) -> str:
    return {"title": _("Title"), "unit": _("Lead unit"), "due_date": _("Due"), "start_date": _("Start"),
            "priority": _("Priority"), "source_ref": _("Source document"),
            "expected_result": _("Expected result"), "description": _("Description")}[column]


def priority_word(priority: str) -> str:
    return {"low": _("Low"), "normal": _("Normal"), "high": _("High"), "urgent": _("Urgent")}[priority]


def _in_every_language(words, keys: Sequence[str]) -> dict[str, str]:
    """folded word → key, for the words ``words(key)`` in both languages and the keys themselves."""
    known = {key: key for key in keys}
    for language in LANGUAGES:
        with force_locale(language):
            known |= {fold(words(key)): key for key in keys}
    return known


def header_names() -> dict[str, str]:
    return _in_every_language(header, COLUMNS)


def priority_names() -> dict[str, str]:
    """folded word → priority code."""
    return _in_every_language(priority_word, PRIORITIES)


def all_communes_word() -> str:
    return _("All communes")


def unit_groups(units: Sequence[UnitRef]) -> dict[str, list[int]]:
    """folded word → its units: "All communes" (as the new-task form says it), both languages."""
    communes = [unit.id for unit in units if unit.kind == "commune"]
    groups: dict[str, list[int]] = {}
    for language in LANGUAGES:
        with force_locale(language):
            groups[fold(all_communes_word())] = communes
    return groups


def example_titles() -> set[str]:
    """The template's example title in both languages (folded): a row still holding it is refused."""
    titles = set()
    for language in LANGUAGES:
        with force_locale(language):
            titles.add(fold(_example_title()))
    return titles


def _example_title() -> str:
    return _("Example: report on the land-use plan for 2027")


def read(content: bytes) -> tuple[list[str], list[SheetRow]]:
    """The columns the first sheet's header names, and its rows with anything in them (at most
    MAX_ROWS + 1 are read: one more says the sheet is too long). Text is kept as typed: "NA"
    or "None" stay words, never empty cells."""
    import pandas as pd  # a second's import: only when a sheet is read, not at start-up

    if len(content) > MAX_BYTES:
        raise Unreadable("too_big")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as parts:
            if sum(part.file_size for part in parts.infolist()) > MAX_UNPACKED:
                raise Unreadable("too_big")
        frame = pd.read_excel(io.BytesIO(content), sheet_name=0, header=0, dtype=object, engine="openpyxl",
                              nrows=MAX_ROWS + 1, keep_default_na=False, na_filter=False)
    except Unreadable:
        raise
    except Exception as error:  # noqa: BLE001 - a file from outside: any parser fault means "cannot read it"
        raise Unreadable("unreadable") from error
    names = header_names()
    columns = {name: names.get(fold(str(name)).rstrip(" *")) for name in frame.columns}
    known = [column for column in columns.values() if column]
    rows = []
    for number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        cells: dict[str, object] = {}
        for name, value in zip(frame.columns, values, strict=True):
            column = columns[name]
            if column and not (value is None or (isinstance(value, float) and value != value)):  # NaN: empty
                if isinstance(value, str):
                    value = value.strip() or None
                elif isinstance(value, pd.Timestamp | datetime):
                    value = value.date()
                if value is not None:
                    cells[column] = value
        if cells:
            rows.append(SheetRow(number, cells))
    return known, rows


def template(units: Sequence[UnitRef], today: date) -> bytes:
    """The template in the user's language: the columns (required ones marked *), an example
    row, dropdowns of the units and the priorities, dates as dd/mm/yyyy, and a sheet of
    instructions in Vietnamese and English."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    tasks = book.active
    tasks.title = _("Tasks")[:31]
    tasks.append([header(column) + (" *" if column in REQUIRED_COLUMNS else "") for column in COLUMNS])
    for cell in tasks[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    listed = sorted(units, key=lambda unit: sort_key(unit.name))
    example = listed[0].name if listed else ""
    tasks.append([_example_title(), example, today.replace(day=28),
                  today.replace(day=1), priority_word("high"), "123/UBND-VP", _("A report sent to the district"), ""])
    widths = {"title": 50, "unit": 32, "due_date": 14, "start_date": 14, "priority": 14, "source_ref": 18,
              "expected_result": 36, "description": 40}
    for index, column in enumerate(COLUMNS):
        letter = tasks.cell(row=1, column=index + 1).column_letter
        tasks.column_dimensions[letter].width = widths[column]
        if column in ("due_date", "start_date"):
            for row in range(2, 5_002):
                tasks[f"{letter}{row}"].number_format = "DD/MM/YYYY"
    tasks.freeze_panes = "A2"

    lists = book.create_sheet(_("Lists")[:31])
    lists.append([_("Lead unit"), _("Code"), _("Priority")])
    words = [priority_word(priority) for priority in PRIORITIES]
    choices = [(all_communes_word(), None), *((unit.name, unit.code) for unit in listed)]
    for index in range(max(len(choices), len(words))):
        name, code = choices[index] if index < len(choices) else (None, None)
        lists.append([name, code, words[index] if index < len(words) else None])
        for cell in lists[lists.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name as it is, chosen as it is: text, never a formula
    lists.column_dimensions["A"].width = 40
    quoted = lists.title.replace("'", "''")
    unit_rule = DataValidation(type="list", formula1=f"='{quoted}'!$A$2:$A${len(choices) + 1}", allow_blank=True,
                               showErrorMessage=False)  # a code typed instead is accepted too
    priority_rule = DataValidation(type="list", formula1=f"='{quoted}'!$C$2:$C${len(words) + 1}", allow_blank=True)
    tasks.add_data_validation(unit_rule)
    tasks.add_data_validation(priority_rule)
    unit_rule.add("B2:B5001")
    priority_rule.add("E2:E5001")

    guide = book.create_sheet(_("Instructions")[:31])
    guide.column_dimensions["A"].width = 110
    for language in LANGUAGES:
        with force_locale(language):
            guide.append([_("How to fill in this sheet")])
            guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
            for line in (
                _("One task per row, from row 2 (replace the example). Columns marked * are required."),
                _("Lead unit: choose from the list, or type the unit's code or its exact name "
                  "(diacritics optional). One directive to several units: separate them with \";\" "
                  "(one task each), or choose \"%(all)s\".", all=all_communes_word()),
                _("Dates: Excel dates, or text written dd/mm/yyyy. An empty start is the day of the import."),
                _("Priority: Low, Normal, High or Urgent (empty: Normal)."),
                _("Limits: title %(title)s characters, source document %(source)s, other texts %(text)s.",
                  title=TITLE_MAX, source=SOURCE_MAX, text=TEXT_MAX),
                _("A row with the same title, unit and due date as an existing task is refused as a duplicate."),
                _("At most %(n)s rows. The dashboard lists every problem with its row; nothing is imported "
                  "until the sheet has none, then every row is imported at once.", n=5_000),
            ):
                guide.append([line])
            guide.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
