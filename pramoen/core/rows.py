"""The one shape of a rejected row, for every importer (feeds, framework workbook, progress and monitoring
workbooks) and the jobs that run them.

An importer reads the whole file, collects a ``RowError`` for every bad cell in an ``ErrorList`` and, before
anything is written, raises one ``ApplicationError`` listing them all.  ``extra["errors"]`` (what the API
answers, the import pages list and a job keeps as its rejected rows) holds each as::

    {"sheet": "obstacles", "row": 3, "field": "aspect", "reason": "…"}   # sheet: workbooks of several sheets
    {"row": 3, "column": "C", "field": "value", "reason": "…"}          # column: the letter, when known

``row`` is the number the spreadsheet shows (the header is row 1; None: the whole sheet), ``field`` the
column's key or heading ("" when the row as a whole is wrong) and ``reason`` the translated text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError

MAX_ERRORS_LISTED = 200


@dataclass(frozen=True)
class RowError:
    row: int | None  # as the spreadsheet shows it: the header is row 1; None: the whole sheet or file
    field: str  # the column's key or heading; "" when the row as a whole is wrong
    reason: str
    sheet: str = ""  # the sheet, in a workbook of several
    column: str = ""  # the spreadsheet column ("C"), when the importer knows it

    def as_dict(self) -> dict[str, Any]:
        shaped: dict[str, Any] = {"row": self.row}
        if self.column:
            shaped["column"] = self.column
        shaped |= {"field": self.field, "reason": self.reason}
        return {"sheet": self.sheet, **shaped} if self.sheet else shaped


class RowInvalid(ValueError):
    """Raised by an importer's row parser for one bad cell; the caller adds it to its errors as a RowError."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def shaped(row: Mapping[str, Any]) -> dict[str, Any]:
    """A rejected row as a dict in the shared shape, also from the older spellings that records written
    before this module still hold: ``column`` alone for the field, ``message`` for the reason."""
    field, column = row.get("field"), row.get("column")
    if not field:
        field, column = column, None
    return RowError(
        row=row.get("row"),
        field=str(field or ""),
        reason=str(row.get("reason") or row.get("message") or ""),
        sheet=str(row.get("sheet") or ""),
        column=str(column or ""),
    ).as_dict()


def errors_extra(errors: Sequence[RowError], **extra: Any) -> dict[str, Any]:
    """The ``ApplicationError.extra`` of a refused file: the count and the first rows, shaped."""
    return {
        **extra,
        "error_count": len(errors),
        "errors": [e.as_dict() for e in errors[:MAX_ERRORS_LISTED]],
    }


class ErrorList:
    """The rejected rows of one file, collected while reading it."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, row: int | None, field: str, reason: str, *, sheet: str = "", column: str = "") -> None:
        self.errors.append(RowError(row, field, reason, sheet, column))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.errors)

    def raise_if_errors(self, filename: str) -> None:
        """One ApplicationError naming the first error and listing them all; nothing when there are none."""
        if not self.errors:
            return
        first = self.errors[0]
        message = _(
            "%(file)s was not imported: %(count)d errors. Nothing was saved. "
            "First: row %(row)d, column “%(column)s”: %(reason)s"
        ) % {
            "file": filename,
            "count": len(self.errors),
            "row": first.row or 0,
            "column": first.field,
            "reason": first.reason,
        }
        raise ApplicationError(message, errors_extra(self.errors, file=filename))
