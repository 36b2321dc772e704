from __future__ import annotations

from decimal import Decimal

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


@register.filter
def light_label(light: str) -> str:
    return _(_LABELS.get(light, "No data yet"))


@register.filter
def num(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-int(places))):,}"


@register.filter
def pct5(value: Decimal | None) -> str:
    return "–" if value is None else f"{percent_of_max(Decimal(value))}%"
