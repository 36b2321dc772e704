"""Filters for the feed pages: ``{{ month|be_month }}`` (ต.ค. 2566) and ``{{ value|pct }}`` (12.34)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import translation

from pramoen.core import thai
from pramoen.framework.periods import name_of_code

register = template.Library()


@register.filter
def be_month(value: dt.date | None) -> str:
    if value is None:
        return ""
    if (translation.get_language() or "th").startswith("en"):
        return f"{thai.MONTHS_EN_ABBR[value.month - 1]} {thai.be_year(value.year)}"
    return f"{thai.MONTHS_TH_ABBR[value.month - 1]} {thai.be_year(value.year)}"


@register.filter
def pct(value: Decimal | float | None) -> str:
    return "–" if value is None else f"{Decimal(str(value)):,.2f}"


@register.filter
def baht(value: Decimal | float | None) -> str:
    return "–" if value is None else f"{Decimal(str(value)):,.2f}"


@register.filter
def period_name(code: str) -> str:
    """A period code as its name in words (``Q2`` → ไตรมาสที่ 2, ``H1`` → ครึ่งปีแรก)."""
    return name_of_code(str(code))
