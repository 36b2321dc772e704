"""Reading a data sheet's rows and typed, checked access to their cells; each bad cell is one error."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from pramoen.core.thai import to_arabic_digits
from pramoen.framework.workbook.spec import (
    FALSE_WORDS,
    HEADER_ROWS,
    MAX_ROWS,
    NO,
    TRUE_WORDS,
    YES,
    SheetSpec,
    WorkbookError,
)


class SheetReader:
    """Reads one data sheet: maps row-2 keys to columns and collects this sheet's errors."""

    def __init__(self, spec: SheetSpec, title: str, errors: list[WorkbookError]) -> None:
        self.spec, self.title, self.errors = spec, title, errors
        self.columns: dict[str, int] = {}

    def error(self, row: int | None, key: str | None, template: str | Promise, /, **params: Any) -> None:
        column = None
        if key is not None:
            index = self.columns.get(key)
            column = f"{get_column_letter(index + 1)} ({key})" if index is not None else key
        self.errors.append(WorkbookError(self.title, row, column, template, params, key or ""))

    def read(self, ws: Any) -> list[tuple[int, dict[str, Any]]]:
        rows = ws.iter_rows(values_only=True)
        next(rows, None)  # the Thai header is for people
        keys = next(rows, None) or ()
        known = {c.key for c in self.spec.columns}
        for index, key in enumerate(keys):
            text = str(key).strip() if key is not None else ""
            if not text:
                continue
            if text not in known:
                self.columns.setdefault(text, index)
                self.error(2, text, gettext_lazy("Unknown column %(name)s."), name=text)
            elif text in self.columns:
                self.error(2, text, gettext_lazy("Column %(name)s appears twice."), name=text)
            else:
                self.columns[text] = index
        missing = [c.key for c in self.spec.columns if not c.info and c.key not in self.columns]
        for key in missing:
            self.error(
                2, None, gettext_lazy("Column %(name)s is missing (row 2 holds the column keys)."), name=key
            )
        if missing:
            return []
        out = []
        for number, values in enumerate(rows, start=HEADER_ROWS + 1):
            if number > MAX_ROWS + HEADER_ROWS:
                self.error(number, None, gettext_lazy("Too many rows (at most %(max)s)."), max=MAX_ROWS)
                break
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            cells = {k: values[i] if i < len(values) else None for k, i in self.columns.items()}
            out.append((number, cells))
        return out


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowReader:
    """Typed access to one row's cells; each bad cell adds an error and yields None."""

    def __init__(self, sheet: SheetReader, number: int, cells: dict[str, Any]) -> None:
        self.sheet, self.line, self.cells = sheet, number, cells
        self.ok = True

    def error(self, key: str | None, template: str | Promise, /, **params: Any) -> None:
        self.ok = False
        self.sheet.error(self.line, key, template, **params)

    def text(self, key: str, *, max_length: int, required: bool = True) -> str:
        value = cell_text(self.cells.get(key))
        if required and not value:
            self.error(key, gettext_lazy("A value is required."))
        elif len(value) > max_length:
            self.error(key, gettext_lazy("Longer than %(max)s characters."), max=max_length)
        return value

    def choice(self, key: str, allowed: Iterable[str], *, default: str | None = None) -> str | None:
        value = cell_text(self.cells.get(key))
        if not value and default is not None:
            return default
        allowed = list(allowed)
        if value not in allowed:
            shown = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + ", …"
            if not value:
                self.error(key, gettext_lazy("A value is required."))
            else:
                self.error(
                    key,
                    gettext_lazy("%(value)s is not one of the allowed values (%(allowed)s)."),
                    value=value,
                    allowed=shown,
                )
            return None
        return value

    def number(
        self,
        key: str,
        *,
        max_digits: int,
        places: int,
        required: bool = True,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        raw = self.cells.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.error(key, gettext_lazy("A number is required."))
            return None
        value: Decimal | None = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str):
            text = to_arabic_digits(raw).replace(",", "").replace(" ", "")
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
        if value is None or not value.is_finite():
            self.error(key, gettext_lazy("%(value)s is not a number."), value=cell_text(raw))
            return None
        exponent = value.normalize().as_tuple().exponent
        assert isinstance(exponent, int)
        if -exponent > places:
            self.error(
                key,
                gettext_lazy("%(value)s has more than %(places)s decimal places."),
                value=cell_text(raw),
                places=places,
            )
            return None
        if abs(value) >= Decimal(10) ** (max_digits - places):
            self.error(key, gettext_lazy("%(value)s is too large."), value=cell_text(raw))
            return None
        if minimum is not None and value < minimum:
            self.error(
                key,
                gettext_lazy("%(value)s is below the minimum %(min)s."),
                value=cell_text(raw),
                min=minimum,
            )
            return None
        if maximum is not None and value > maximum:
            self.error(
                key,
                gettext_lazy("%(value)s is above the maximum %(max)s."),
                value=cell_text(raw),
                max=maximum,
            )
            return None
        return value

    def integer(self, key: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
        value = self.number(
            key,
            max_digits=6,
            places=0,
            required=required,
            minimum=Decimal(minimum),
            maximum=Decimal(maximum),
        )
        return int(value) if value is not None else None

    def yes_no(self, key: str) -> bool | None:
        raw = self.cells.get(key)
        if isinstance(raw, bool):
            return raw
        value = cell_text(raw).lower()
        if not value or value in FALSE_WORDS:
            return False
        if value in TRUE_WORDS:
            return True
        self.error(key, gettext_lazy("%(value)s is not yes or no."), value=cell_text(raw))
        return None
