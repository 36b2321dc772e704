"""Thai digits, Buddhist Era years and Thai dates.

BE = CE + 543.  The BMA fiscal year N (BE) runs from 1 October of BE N-1 to 30 September of BE N,
so FY2567 is 1 Oct 2023 – 30 Sep 2024.
"""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543
_ARABIC = "0123456789"
_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)

MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_TH_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
MONTHS_EN_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def to_thai_digits(value: object) -> str:
    """Every Arabic digit in ``str(value)`` replaced by its Thai digit; other characters kept."""
    return str(value).translate(_TO_THAI)


def to_arabic_digits(value: str) -> str:
    return value.translate(_TO_ARABIC)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year_be(day: dt.date) -> int:
    """The BE fiscal year a date falls in (October starts the next fiscal year)."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of BE fiscal year ``year_be``."""
    end_ce = ce_year(year_be)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def format_date(
    day: dt.date | dt.datetime, *, language: str = "th", long: bool = False, thai_digits: bool = False
) -> str:
    """``24 พ.ย. 2569`` (or ``24 พฤศจิกายน 2569`` when long) in Thai; ``24 Nov 2569 BE`` in English.

    Years are always Buddhist Era; official reports ask for Thai digits as well.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    year = be_year(day.year)
    if language.startswith("th"):
        month = (MONTHS_TH if long else MONTHS_TH_ABBR)[day.month - 1]
        text = f"{day.day} {month} {year}"
    else:
        text = f"{day.day} {MONTHS_EN_ABBR[day.month - 1]} {year} BE"
    return to_thai_digits(text) if thai_digits else text


def format_datetime(moment: dt.datetime, *, language: str = "th", thai_digits: bool = False) -> str:
    text = f"{format_date(moment, language=language)} {moment:%H:%M}"
    if language.startswith("th"):
        text += " น."
    return to_thai_digits(text) if thai_digits else text
