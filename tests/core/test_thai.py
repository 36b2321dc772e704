import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pramoen.core import thai


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "๐"), (2567, "๒๕๖๗"), ("ร้อยละ 15.03", "ร้อยละ ๑๕.๐๓"), ("1,234", "๑,๒๓๔"), ("abc", "abc")],
)
def test_it_writes_thai_digits(value, expected):
    assert thai.to_thai_digits(value) == expected


@given(st.text())
def test_thai_digits_round_trip(text):
    assert thai.to_arabic_digits(thai.to_thai_digits(text)) == thai.to_arabic_digits(text)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2023, 9, 30), 2566),
        (dt.date(2023, 10, 1), 2567),
        (dt.date(2024, 3, 31), 2567),
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2024, 10, 1), 2568),
    ],
)
def test_fiscal_year_starts_in_october(day, fiscal_year):
    assert thai.fiscal_year_be(day) == fiscal_year


def test_fy2567_bounds():
    assert thai.fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_date_lies_in_its_fiscal_year(day):
    start, end = thai.fiscal_year_bounds(thai.fiscal_year_be(day))
    assert start <= day <= end


def test_dates_are_buddhist_era():
    day = dt.date(2024, 1, 29)
    assert thai.format_date(day) == "29 ม.ค. 2567"
    assert thai.format_date(day, long=True) == "29 มกราคม 2567"
    assert thai.format_date(day, thai_digits=True) == "๒๙ ม.ค. ๒๕๖๗"
    assert thai.format_date(day, language="en") == "29 Jan 2567 BE"
    assert thai.format_datetime(dt.datetime(2024, 1, 29, 9, 5)) == "29 ม.ค. 2567 09:05 น."
