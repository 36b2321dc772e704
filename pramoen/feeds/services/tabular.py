"""Reading an uploaded CSV or XLSX file into numbered rows, for the feed importers (services, budget,
surveys, innovations): the file is read whole, every row is validated into a ``pramoen.core.rows.ErrorList``
whose ``raise_if_errors`` turns the collected errors into one ``ApplicationError`` naming row, field and
reason — before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import fits_decimal
from pramoen.core.rows import ErrorList, RowError, errors_extra
from pramoen.core.spreadsheets import csv_row, xlsx_row
from pramoen.core.thai import to_arabic_digits
from pramoen.core.uploads import check_zip

_THAI_DIGIT = re.compile("[๐-๙]")


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _csv_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes almost anything
        raise ApplicationError(_("The file is not UTF-8 or Thai Windows (TIS-620) text."))
    if _THAI_DIGIT.search(text):
        text = to_arabic_digits(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    record = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # Most often a cell over the 128 KB field limit: a quote opened and never closed swallows
            # the rest of the file into one cell.
            errors = ErrorList()
            limit = csv.field_size_limit() // 1024
            if "field larger than field limit" in str(exc):
                reason = _("a cell is longer than %(limit)d KB (is a quotation mark left unclosed?)") % {
                    "limit": limit
                }
            else:
                reason = _("the CSV cannot be read here: %(error)s") % {"error": exc}
            errors.add(record + 1, "", reason)
            errors.raise_if_errors(filename)
        record += 1
        yield [v.strip() for v in values]


def _xlsx_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    check_zip(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ApplicationError(
            _("The file could not be read as an Excel workbook (.xlsx): %(error)s") % {"error": exc}
        ) from exc
    sheet = book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield [to_arabic_digits(v.isoformat()[:10] if isinstance(v, dt.date) else _clean(v)) for v in values]
    book.close()


def read_table(
    upload: IO[bytes] | bytes, filename: str
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (lower-case) and an iterator of (row number, {column: text}); empty rows are skipped.

    Thai digits are turned into Arabic ones so ``๒๕๖๗-๑๐`` reads like ``2567-10`` (the whole file at once:
    per-cell work is what a million-row import spends its time on).
    """
    data = upload if isinstance(upload, bytes) else upload.read()
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data, filename)
    elif name.endswith((".csv", ".txt")):
        raw = _csv_rows(data, filename)
    else:
        raise ApplicationError(
            _("%(file)s: only .csv and .xlsx files can be imported.") % {"file": filename},
            {"file": filename},
        )
    try:
        header_row = next(raw)
    except StopIteration:
        raise ApplicationError(_("%(file)s is empty.") % {"file": filename}, {"file": filename}) from None
    header = [_clean(h).lower().lstrip("\ufeff") for h in header_row]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        columns = [(i, h) for i, h in enumerate(header) if h]
        for number, cells in enumerate(raw, start=2):
            if not any(cells):
                continue
            width = len(cells)
            yield number, {h: (cells[i] if i < width else "") for i, h in columns}

    return header, rows()


def require_columns(header: list[str], required: tuple[str, ...], filename: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ApplicationError(
            _("%(file)s: row 1 (the header) lacks the columns: %(columns)s.")
            % {"file": filename, "columns": ", ".join(missing)},
            errors_extra([RowError(1, c, _("this column is missing")) for c in missing], file=filename),
        )


def parse_amount(text: str) -> Decimal | None:
    """``1,234.50`` → Decimal('1234.50'); None when not a finite number."""
    try:
        value = Decimal(text.replace(",", "").replace(" ", "")[:61])
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount_too_large(value: Decimal | None, *, max_digits: int = 16, decimal_places: int = 2) -> bool:
    """Whether ``value`` has more whole digits than its ``DecimalField`` holds (``1e999``, 30 digits)."""
    return value is not None and not fits_decimal(value, max_digits=max_digits, decimal_places=decimal_places)


def too_large_reason(value: str, *, max_digits: int = 16, decimal_places: int = 2) -> str:
    return _("“%(value)s” is too large: at most %(digits)d digits before the decimal point") % {
        "value": value[:40],
        "digits": max_digits - decimal_places,
    }


def table_response(filename: str, fmt: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    """A download of ``rows`` as CSV (UTF-8 with BOM, so Excel shows Thai) or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(xlsx_row(sheet, header))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(csv_row(row) for row in rows)
        response = HttpResponse(("\ufeff" + text.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
