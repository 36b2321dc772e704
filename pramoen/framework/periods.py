"""Period maths of a BE fiscal year — the one module every app uses (pure functions).

BMA fiscal year N (BE) runs 1 October of BE N-1 to 30 September of BE N.  Its periods:

- ``M01``–``M12`` the months (``M01`` is October),
- ``Q1``–``Q4`` the quarters (``Q1`` is October–December),
- ``H1`` (October–March) and ``H2`` (April–September) the halves,
- ``FY`` the whole year.

``period_bounds(2567, "H1")`` gives the first and last day; ``fiscal_periods(2567)`` every period with its
Thai and English name (what ``framework.services.fiscal_year_ensure`` stores); ``period_choices`` the labels a
page's period picker shows, in the active language.  Query values go through ``parse_fiscal_year`` and
``parse_period``; a bad code or year typed by a person raises a Thai ``ApplicationError``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import MONTHS_EN_ABBR, MONTHS_TH_ABBR, be_year, fiscal_year_be, fiscal_year_bounds

FIRST_YEAR, LAST_YEAR = 2400, 2700  # the BE fiscal years a period may belong to


@dataclass(frozen=True)
class PeriodSpec:
    code: str  # M01..M12 (fiscal month: M01 = October), Q1..Q4, H1, H2, FY
    kind: str  # month | quarter | half | year
    start: dt.date
    end: dt.date
    name_th: str
    name_en: str

    @property
    def name(self) -> str:
        """The name in the active language (Thai unless English is chosen)."""
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th


@dataclass(frozen=True)
class _Span:
    kind: str
    offset: int  # months after 1 October
    length: int  # months
    name_th: str  # the month and year periods are named from their dates instead
    name_en: str


MONTH_CODES = tuple(f"M{i:02d}" for i in range(1, 13))
_SPANS: dict[str, _Span] = {
    **{code: _Span("month", i, 1, "", "") for i, code in enumerate(MONTH_CODES)},
    **{f"Q{q + 1}": _Span("quarter", q * 3, 3, f"ไตรมาสที่ {q + 1}", f"Quarter {q + 1}") for q in range(4)},
    "H1": _Span("half", 0, 6, "ครึ่งปีแรก", "First half"),
    "H2": _Span("half", 6, 6, "ครึ่งปีหลัง", "Second half"),
    "FY": _Span("year", 0, 12, "ทั้งปี", "Full year"),
}
PERIOD_CODES = tuple(_SPANS)  # M01..M12, Q1..Q4, H1, H2, FY: the order fiscal_periods gives
SUMMARY_CODES = ("FY", "H1", "H2", "Q1", "Q2", "Q3", "Q4")  # the periods a feed page offers
_KNOWN = "M01–M12, Q1–Q4, H1, H2, FY"


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month that overlaps [start, end]."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def is_period_code(code: str) -> bool:
    return code in _SPANS


def check_fiscal_year(fiscal_year: int) -> int:
    if not FIRST_YEAR <= fiscal_year <= LAST_YEAR:
        raise ApplicationError(
            _("The fiscal year is a Buddhist Era year such as 2566, not %(year)s") % {"year": fiscal_year},
            {"field": "fiscal_year", "reason": "not_be_year"},
        )
    return fiscal_year


def _span(code: str) -> tuple[str, _Span]:
    key = code.strip().upper()
    if key not in _SPANS:
        raise ApplicationError(
            _("Unknown period %(period)s: use one of %(known)s") % {"period": code, "known": _KNOWN},
            {"field": "period", "reason": "unknown"},
        )
    return key, _SPANS[key]


def period_bounds(fiscal_year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of period ``code`` (any case) of BE fiscal year ``fiscal_year``."""
    spec = period_spec(fiscal_year, code)
    return spec.start, spec.end


def period_spec(fiscal_year: int, code: str) -> PeriodSpec:
    """Period ``code`` of BE fiscal year ``fiscal_year`` with its dates and names."""
    key, span = _span(code)
    first, _last = fiscal_year_bounds(check_fiscal_year(fiscal_year))
    start = add_months(first, span.offset)
    end = add_months(start, span.length) - dt.timedelta(days=1)
    if span.kind == "month":
        month = start.month - 1
        name_th = f"{MONTHS_TH_ABBR[month]} {be_year(start.year)}"
        name_en = f"{MONTHS_EN_ABBR[month]} {be_year(start.year)}"
    elif span.kind == "year":
        name_th, name_en = f"{span.name_th} {fiscal_year}", f"{span.name_en} {fiscal_year}"
    else:
        name_th, name_en = span.name_th, span.name_en
    return PeriodSpec(key, span.kind, start, end, name_th, name_en)


def fiscal_periods(year_be: int) -> list[PeriodSpec]:
    """The 19 periods of a fiscal year: 12 months, 4 quarters, 2 halves and the year."""
    return [period_spec(year_be, code) for code in PERIOD_CODES]


def period_choices(fiscal_year: int, codes: tuple[str, ...] = SUMMARY_CODES) -> list[tuple[str, str]]:
    """(code, label) for a period picker, in the active language: ``("H1", "ครึ่งปีแรก (ต.ค.–มี.ค.)")``."""
    english = (get_language() or "th").startswith("en")
    months = MONTHS_EN_ABBR if english else MONTHS_TH_ABBR
    choices = []
    for code in codes:
        spec = period_spec(fiscal_year, code)
        span = f"{months[spec.start.month - 1]}–{months[spec.end.month - 1]}"
        choices.append((code, f"{spec.name} ({span})" if spec.kind != "month" else spec.name))
    return choices


def current_fiscal_year(today: dt.date | None = None) -> int:
    return fiscal_year_be(today or dt.date.today())


def parse_fiscal_year(value: str | None, default: int) -> int:
    """A BE fiscal year from a query value; CE years (< 2400) are converted; junk gives ``default``."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    if 1900 < year < FIRST_YEAR:
        year += 543
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def parse_period(value: str | None, default: str = "H1", codes: tuple[str, ...] = SUMMARY_CODES) -> str:
    """A period code of ``codes`` from a query value (any case); anything else gives ``default``."""
    code = (value or "").strip().upper()
    return code if code in codes else default


def name_of_code(code: str) -> str:
    """A period's name in the active language from its code alone, for figures that stored only the
    code (criteria, trails): ครึ่งปีแรก for H1, ไตรมาสที่ 2 for Q2, ทั้งปี for FY, ต.ค. for M01 (a fiscal month
    without its year); an unknown code is returned as it is."""
    span = _SPANS.get(code)
    if span is None:
        return code
    english = (get_language() or "th").startswith("en")
    if span.kind == "month":
        return (MONTHS_EN_ABBR if english else MONTHS_TH_ABBR)[(span.offset + 9) % 12]
    return span.name_en if english else span.name_th
