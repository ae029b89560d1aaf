"""Exported text that a spreadsheet would run as a formula is neutralised (OWASP)."""
import io

import pytest
from openpyxl import load_workbook

from dashboard.exports import as_csv, as_xlsx, safe_text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Xã Thạch Đài", "", "a=b", 5, -3, None, 12.5])
def test_other_values_are_left_alone(value):
    assert safe_text(value) == value  # numbers stay numbers, negative ones too


def test_csv_keeps_vietnamese_for_excel_and_xlsx_stores_formulas_as_text():
    content = as_csv(["Đơn vị"], [["=1+1"], ["Thạch Hà"]])
    assert content.startswith("\ufeff") and "'=1+1" in content and "Thạch Hà" in content
    book = load_workbook(io.BytesIO(as_xlsx("Xếp hạng", ["Đơn vị", "n"], [["=1+1", -2]])))
    cells = {cell.coordinate: cell for row in book.active.iter_rows() for cell in row}
    assert (cells["A2"].value, cells["A2"].data_type) == ("=1+1", "s")
    assert cells["B2"].value == -2
