"""The memos as print-ready A4 PDF (fpdf2): DejaVu embedded (every Vietnamese letter), numbered
pages, each section's rule above its table, charts at print resolution."""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard.config import ROOT
from dashboard.exports import Percent, plain_line
from dashboard.i18n import show_date, show_number, show_percent

from .memo import Section

FONTS = ROOT / "dashboard" / "fonts"
MARGIN = 15  # mm
HEADER_FILL = (233, 236, 239)


class _Memo(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90)
        self.cell(0, 5, _("Page %(n)s of %(total)s", n=self.page_no(), total="{nb}"), align="C")


def _document() -> _Memo:
    document = _Memo(format="A4")
    document.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_margins(MARGIN, MARGIN, MARGIN)
    document.set_auto_page_break(True, margin=16)
    document.alias_nb_pages()
    document.add_page()
    return document


def cell_text(value) -> str:
    """A value as the reader's language writes it."""
    if value is None:
        return "—"
    if isinstance(value, Percent):
        return show_percent(float(value))
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return show_number(value)
    return plain_line(str(value))


def _heading(document: _Memo, lines: Sequence[str]) -> None:
    document.set_font("DejaVu", "B", 14)
    document.multi_cell(0, 7, lines[0], new_x="LMARGIN", new_y="NEXT")
    document.set_font("DejaVu", "", 9)
    for line in lines[1:]:
        document.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    document.ln(2)


def _widths(section: Section) -> tuple[float, ...]:
    """Text columns (titles, names, comments) wide, counts narrow."""
    weights = []
    for index, _header in enumerate(section.headers):
        values = [row[index] for row in section.rows if index < len(row)]
        texts = [value for value in values if isinstance(value, str)]
        longest = max((len(text) for text in texts), default=0)
        weights.append(4.0 if longest > 40 else 2.2 if longest > 14 else 1.2)
    return tuple(weights)


def _section(document: _Memo, number: int, section: Section) -> None:
    if document.get_y() > document.h - 60:
        document.add_page()
    document.set_font("DejaVu", "B", 11)
    document.multi_cell(0, 6, f"{number}. {section.title}", new_x="LMARGIN", new_y="NEXT")
    document.set_font("DejaVu", "", 8)
    document.set_text_color(70)
    document.multi_cell(0, 4.2, section.rule, new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(0)
    document.ln(1)
    if not section.rows:
        document.set_font("DejaVu", "", 9)
        document.multi_cell(0, 5, section.empty, new_x="LMARGIN", new_y="NEXT")
    else:
        document.set_font("DejaVu", "", 8)
        with document.table(col_widths=_widths(section), line_height=4.4, padding=1, text_align="LEFT",
                            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
                            repeat_headings=1) as table:
            table.row(list(section.headers))
            for row in section.rows:
                table.row([cell_text(value) for value in row])
    if section.more:
        document.set_font("DejaVu", "", 8)
        document.multi_cell(0, 5, section.more, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)


def memo(lines: Sequence[str], sections: Sequence[Section], charts: Sequence[tuple[int, bytes]] = ()) -> bytes:
    """A memo: its heading, then each section (a chart printed after the section it follows,
    ``charts`` as (section index, PNG))."""
    document = _document()
    _heading(document, lines)
    after = dict(charts)
    for index, section in enumerate(sections):
        _section(document, index + 1, section)
        if index in after:
            if document.get_y() > document.h - 85:
                document.add_page()
            document.image(io.BytesIO(after[index]), w=document.epw)
            document.ln(3)
    return bytes(document.output())
