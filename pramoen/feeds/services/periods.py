"""Fiscal-year periods the feed pages offer until the framework's periods exist (FY, H1, H2, Q1–Q4).

BMA fiscal year N (BE) runs 1 Oct of N-1 to 30 Sep of N; H1 is Oct–Mar, Q1 is Oct–Dec.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import fiscal_year_be, fiscal_year_bounds

PERIOD_LABELS = {
    "FY": _("whole fiscal year"),
    "H1": _("first half-year (Oct–Mar)"),
    "H2": _("second half-year (Apr–Sep)"),
    "Q1": _("quarter 1 (Oct–Dec)"),
    "Q2": _("quarter 2 (Jan–Mar)"),
    "Q3": _("quarter 3 (Apr–Jun)"),
    "Q4": _("quarter 4 (Jul–Sep)"),
}
# months from the start of the fiscal year: (first month offset, number of months)
_SPANS = {"FY": (0, 12), "H1": (0, 6), "H2": (6, 6), "Q1": (0, 3), "Q2": (3, 3), "Q3": (6, 3), "Q4": (9, 3)}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_bounds(fiscal_year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of period ``code`` of BE fiscal year ``fiscal_year``."""
    if code not in _SPANS:
        raise ValueError(f"unknown period {code!r}; known: {', '.join(_SPANS)}")
    start_fy, _end = fiscal_year_bounds(fiscal_year)
    offset, length = _SPANS[code]
    start = add_months(start_fy, offset)
    end = add_months(start, length) - dt.timedelta(days=1)
    return start, end


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month that overlaps [start, end]."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def current_fiscal_year(today: dt.date | None = None) -> int:
    return fiscal_year_be(today or dt.date.today())


def parse_fiscal_year(value: str | None, default: int) -> int:
    """A BE fiscal year from a query string; CE years (< 2400) are converted; junk gives ``default``."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    if 1900 < year < 2400:
        year += 543
    return year if 2500 <= year <= 2700 else default


def parse_period(value: str | None, default: str = "H1") -> str:
    code = (value or "").strip().upper()
    return code if code in _SPANS else default
