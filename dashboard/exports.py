"""Tables as CSV and Excel files that are safe to open.

A text cell that starts with = + - @, a tab or a carriage return would be read as a formula by
a spreadsheet (OWASP "CSV injection"): any exported text (a unit name set by an admin, a
translated word) is neutralised by a leading apostrophe in CSV and stored as plain text,
never a formula, in Excel.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from .domain.vietnamese import fold

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what Excel's XML cannot hold


def plain_line(text: str, limit: int = 2000) -> str:
    """A cell's text on one line: control characters and line breaks become spaces (a citizen's
    comment of seventy lines would not fit a printed page's row); longer than ``limit`` (more
    than any field holds) it is cut."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def safe_text(value):
    """``value`` with a leading apostrophe when a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(headers: Sequence[str], rows: Sequence[Sequence], caption: str | None = None) -> str:
    """UTF-8 CSV with a byte-order mark, so Excel shows Vietnamese letters as they are; a caption
    (what the table is, for which period) is its first line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if caption:
        writer.writerow([safe_text(caption)])
    writer.writerow([safe_text(h) for h in headers])
    writer.writerows([[safe_text("" if value is None else value) for value in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


class Percent(float):
    """A rate (0.85) a sheet shows as a percentage and keeps as a number."""


def as_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence], caption: str | None = None,
            percent_columns: Sequence[int] = ()) -> bytes:
    """An Excel sheet: the caption, the headers, the rows; fractions in ``percent_columns`` shown
    as percentages (numbers still), columns as wide as what they hold."""
    rows = [[Percent(value) if index in percent_columns and isinstance(value, float) else value
             for index, value in enumerate(row)] for row in rows]
    return as_workbook([(title, headers, rows, caption)])


def as_workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence], str | None]]) -> bytes:
    """An Excel workbook, a sheet per (title, headers, rows, caption): text stays text, a
    ``Percent`` shows as a percentage, dates as dates, columns as wide as what they hold."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows, caption in sheets:
        sheet = book.create_sheet(title[:31])
        for row in [*([[caption]] if caption else []), headers, *rows]:
            # a stray control character (the XML cannot hold it) becomes a space, not an error
            sheet.append([_CONTROL.sub(" ", value) if isinstance(value, str) else value for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with "=": never a live formula
                elif isinstance(row[cell.column - 1], Percent):
                    cell.number_format = "0.0%"
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        for index in range(len(headers)):
            longest = max((len(str(row[index])) for row in [headers, *rows]
                           if index < len(row) and row[index] is not None), default=8)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(stem: str, *parts: str | date, extension: str) -> str:
    """A download's name: the translated ``stem`` and its ``parts`` (a period's first and last
    day, a code, a size) joined by "_", e.g. "xep-hang-don-vi_2026-11-30_2026-12-06.xlsx".
    Plain ASCII letters, digits, "-" and "." only, whatever a translation holds ("Xếp hạng"
    becomes "xep-hang"): old office PCs, mail gateways and USB sticks mangle anything else."""
    def plain(part: str | date) -> str:
        text = part.isoformat() if isinstance(part, date) else fold(str(part))
        return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
    pieces = [piece for piece in (plain(p) for p in (stem, *parts)) if piece]
    return "_".join(pieces or ["download"]) + "." + extension
