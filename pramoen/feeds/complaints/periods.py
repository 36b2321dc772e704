"""Periods of a BE fiscal year for the complaint KPI command: Q1–Q4, H1, H2, FY."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import fiscal_year_bounds

# months after the fiscal year's start (1 October) and length in months
PERIODS = {"Q1": (0, 3), "Q2": (3, 3), "Q3": (6, 3), "Q4": (9, 3), "H1": (0, 6), "H2": (6, 6), "FY": (0, 12)}


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def period_dates(fiscal_year: int, period: str) -> tuple[dt.date, dt.date]:
    code = period.upper()
    if code not in PERIODS:
        raise ApplicationError(
            _("Unknown period %(period)s: use one of %(known)s")
            % {"period": period, "known": ", ".join(PERIODS)}
        )
    if not 2400 <= fiscal_year <= 2700:
        raise ApplicationError(
            _("The fiscal year is a Buddhist Era year such as 2566, not %(year)s") % {"year": fiscal_year}
        )
    first, _last = fiscal_year_bounds(fiscal_year)
    offset, length = PERIODS[code]
    start = _add_months(first, offset)
    end = _add_months(start, length) - dt.timedelta(days=1)
    return start, end
