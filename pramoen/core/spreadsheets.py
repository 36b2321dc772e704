"""Spreadsheet and CSV output that no cell can turn against its reader.

Text a person typed (an appeal's reason, follow-up evidence, an agency's name) goes into the exports
as it is, so:

- in XLSX a text beginning with ``=`` is stored as text, never as a formula (openpyxl would make it one:
  ``=HYPERLINK(…)`` became a live link in the appeal register); the value itself is unchanged, so a
  workbook downloaded and imported again round-trips;
- characters XML cannot hold (control characters) are dropped instead of failing the whole export;
- in CSV, which has no types, a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with ``'`` (what OWASP recommends: Excel then shows it as text).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """``values`` ready for ``ws.append``: texts cleaned and never a formula (normal or write-only sheet)."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("=") and len(value) > 1:
                cell = Cell(ws, row=1, column=1)  # placed by append
                cell._value = value  # type: ignore[attr-defined]  # set as is: no formula inference
                cell.data_type = "s"
                row.append(cell)
                continue
        row.append(value)
    return row


def csv_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(v) for v in values]
