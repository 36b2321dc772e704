"""Period maths for a BE fiscal year: 12 months, 4 quarters, 2 halves and the year (pure functions)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language

from pramoen.core.thai import MONTHS_EN_ABBR, MONTHS_TH_ABBR, be_year, fiscal_year_bounds

# The Thai and English names of the periods that are not months (a month is named by its month and year).
HALF_NAMES = {"H1": ("ครึ่งปีแรก", "First half"), "H2": ("ครึ่งปีหลัง", "Second half")}


@dataclass(frozen=True)
class PeriodSpec:
    code: str  # M01..M12 (fiscal month: M01 = October), Q1..Q4, H1, H2, FY
    kind: str  # month | quarter | half | year
    start: dt.date
    end: dt.date
    name_th: str
    name_en: str


def _month_start(fy_start: dt.date, index: int) -> dt.date:
    month0 = fy_start.month - 1 + index
    return dt.date(fy_start.year + month0 // 12, month0 % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def fiscal_periods(year_be: int) -> list[PeriodSpec]:
    start, end = fiscal_year_bounds(year_be)
    specs: list[PeriodSpec] = []
    months = [_month_start(start, i) for i in range(12)]
    for i, first in enumerate(months, start=1):
        th = f"{MONTHS_TH_ABBR[first.month - 1]} {be_year(first.year)}"
        en = f"{MONTHS_EN_ABBR[first.month - 1]} {be_year(first.year)}"
        specs.append(PeriodSpec(f"M{i:02d}", "month", first, _month_end(first), th, en))
    for q in range(4):
        first, last = months[q * 3], _month_end(months[q * 3 + 2])
        specs.append(PeriodSpec(f"Q{q + 1}", "quarter", first, last, *_quarter_names(q + 1)))
    specs.append(PeriodSpec("H1", "half", start, _month_end(months[5]), *HALF_NAMES["H1"]))
    specs.append(PeriodSpec("H2", "half", months[6], end, *HALF_NAMES["H2"]))
    specs.append(PeriodSpec("FY", "year", start, end, f"ทั้งปี {year_be}", f"Full year {year_be}"))
    return specs


def _quarter_names(number: int) -> tuple[str, str]:
    return f"ไตรมาส {number}", f"Quarter {number}"


def name_of_code(code: str) -> str:
    """A period's name in the active language from its code alone, for figures that stored only the
    code (criteria, trails): ครึ่งปีแรก for H1, ไตรมาส 2 for Q2, ทั้งปี for FY, ต.ค. for M01 (a fiscal month
    without its year); an unknown code is returned as it is."""
    english = (get_language() or "th").startswith("en")
    if code in HALF_NAMES:
        return HALF_NAMES[code][english]
    if len(code) == 2 and code[0] == "Q" and code[1] in "1234":
        return _quarter_names(int(code[1]))[english]
    if code == "FY":
        return "Full year" if english else "ทั้งปี"
    if len(code) == 3 and code[0] == "M" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
        return (MONTHS_EN_ABBR if english else MONTHS_TH_ABBR)[(int(code[1:]) + 8) % 12]
    return code
