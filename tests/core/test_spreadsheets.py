"""Exports: a text is never a formula in XLSX, never starts a formula in CSV, and control characters
do not break a workbook."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from pramoen.core.spreadsheets import csv_row, xlsx_row


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_rows_keep_formulas_as_text_and_drop_control_characters(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    sheet.append(xlsx_row(sheet, ["=1+1", "ก\x07ข", 3, None, "-5", '=HYPERLINK("x")']))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    assert [c.value for c in cells] == ["=1+1", "กข", 3, None, "-5", '=HYPERLINK("x")']
    assert [c.data_type for c in cells][:2] == ["s", "s"] and cells[5].data_type == "s"


def test_csv_rows_defuse_formula_starts_but_keep_numbers():
    assert csv_row(["=1+1", "+66", "-x", "@SUM", "\tx", "ok", -5, 3.5]) == [
        "'=1+1", "'+66", "'-x", "'@SUM", "'\tx", "ok", -5, 3.5,
    ]  # fmt: skip
