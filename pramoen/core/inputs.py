"""Validation at the boundary: the few parsers every form, API and importer uses for values a person
or a file typed, so that no malformed value reaches a model or the database (where it would be a 500).

Each parser either returns a value that fits where it is going (an ``int`` within its column, a
``Decimal`` with no more digits than its ``DecimalField``, a date Python and the database can both
hold) or raises ``ApplicationError`` naming the field and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError

# PostgreSQL ``integer``: the widest column a version, an item id or a page number goes to.
MAX_INT = 2**31 - 1
# Dates a person may mean; outside this range date arithmetic overflows (OverflowError) or the
# database refuses the value.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)

# C0 and C1 control characters except tab, line feed and carriage return; these are invalid in XML
# (so in XLSX) and never meant in a form field.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _shown(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def parse_int(
    raw: Any,
    *,
    field: str,
    label: str = "",
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_INT,
) -> int:
    """A whole number between ``minimum`` and ``maximum``; ``default`` when empty (if given).

    ``field`` is the parameter's name (in the error's ``extra``), ``label`` what the message calls it."""
    shown = label or field
    text = "" if raw is None else str(raw).strip()
    if text == "" and default is not None:
        return default
    if not text.isascii() or not re.fullmatch(r"[+-]?\d{1,12}", text):
        raise ApplicationError(
            _("%(field)s: “%(value)s” is not a whole number.") % {"field": shown, "value": _shown(raw)},
            {"field": field, "reason": "not_integer"},
        )
    value = int(text)
    if not minimum <= value <= maximum:
        raise ApplicationError(
            _("%(field)s: %(value)s is outside %(low)s–%(high)s.")
            % {"field": shown, "value": value, "low": minimum, "high": maximum},
            {"field": field, "reason": "out_of_range"},
        )
    return value


def fits_decimal(value: Decimal, *, max_digits: int, decimal_places: int) -> bool:
    """Whether ``value`` rounded to its places fits ``DecimalField(max_digits, decimal_places)``."""
    if not value.is_finite():
        return False
    whole_digits = max_digits - decimal_places
    return abs(value) < Decimal(10) ** whole_digits


def parse_decimal(
    raw: Any,
    *,
    field: str,
    max_digits: int,
    decimal_places: int,
    minimum: Decimal | None = None,
) -> Decimal:
    """A finite number that fits ``DecimalField(max_digits, decimal_places)``, rounded to its places."""
    text = "" if raw is None else str(raw).strip().replace(",", "").replace(" ", "")
    if len(text) > 60:  # Decimal("1e99999") parses; a 10,000-digit string is only work
        text = text[:61]
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ApplicationError(
            _("%(field)s: “%(value)s” is not a number.") % {"field": field, "value": _shown(raw)},
            {"field": field, "reason": "not_number"},
        )
    if not fits_decimal(value, max_digits=max_digits, decimal_places=decimal_places):
        limit = Decimal(10) ** (max_digits - decimal_places)
        raise ApplicationError(
            _("%(field)s: “%(value)s” is too large (it must be below %(limit)s).")
            % {"field": field, "value": _shown(raw), "limit": f"{limit:,}"},
            {"field": field, "reason": "too_large"},
        )
    if minimum is not None and value < minimum:
        raise ApplicationError(
            _("%(field)s: must be %(minimum)s or more.") % {"field": field, "minimum": minimum},
            {"field": field, "reason": "too_small"},
        )
    return value.quantize(Decimal(1).scaleb(-decimal_places))


def date_in_range(value: dt.date) -> bool:
    return MIN_DATE <= value <= MAX_DATE


def strip_control(text: str) -> str:
    """``text`` without control characters (tab and new lines kept)."""
    return CONTROL_CHARACTERS.sub("", text) if text else text
