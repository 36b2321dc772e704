"""Small filters of the portal's templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import template

from pramoen.core import pdpa

register = template.Library()


@register.filter
def index(values: Sequence[Any], i: int) -> Any:
    try:
        return values[i]
    except (IndexError, TypeError):
        return None


@register.filter
def get(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def num(value: Decimal | float | int | None) -> str:
    """A figure with thousands separators and no trailing zeros; "—" when empty."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    text = f"{d:,.4f}".rstrip("0").rstrip(".")
    return text


@register.filter
def masked(text: str | None) -> str:
    return pdpa.mask(text)


@register.filter
def minus(value: int, other: int) -> int:
    return int(value or 0) - int(other or 0)
