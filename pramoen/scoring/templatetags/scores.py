from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pramoen.scoring.criteria import percent_of_max

register = template.Library()

_LABELS = {
    "green": gettext_noop("Good"),
    "amber": gettext_noop("Fair"),
    "red": gettext_noop("Must speed up"),
    "grey": gettext_noop("No data yet"),
}
DASH = "–"


def _decimal(value: Any) -> Decimal | None:
    """A number the filters can show, or None for anything that is not one: a missing score (None), the
    empty text a template gives for ``line.result.target`` when there is no result, NaN or infinity."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


@register.filter
def light_label(light: str) -> str:
    return _(_LABELS.get(light, "No data yet"))


@register.filter
def num(value: Any, places: int = 2) -> str:
    number = _decimal(value)
    if number is None:
        return DASH
    return f"{number.quantize(Decimal(1).scaleb(-int(places))):,}"


@register.filter
def pct5(value: Any) -> str:
    number = _decimal(value)
    return DASH if number is None else f"{percent_of_max(number)}%"
