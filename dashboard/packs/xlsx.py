"""The memos as Excel workbooks: the heading on a first sheet, then a sheet per section, each
captioned with its title and rule; numbers stay numbers, rates percentages, dates dates."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from dashboard.exports import as_workbook

from .memo import Section


def memo(lines: Sequence[str], sections: Sequence[Section]) -> bytes:
    first = (_("Memo"), [lines[0]], [[line] for line in lines[1:]], None)
    return as_workbook([first, *((section.sheet, list(section.headers), [list(row) for row in section.rows],
                                  f"{section.title}. {section.rule}") for section in sections)])
