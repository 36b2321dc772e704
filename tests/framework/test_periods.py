import calendar
import datetime as dt
import itertools

import pytest
from django.utils import translation

from pramoen.core.errors import ApplicationError
from pramoen.framework import periods
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.services import fiscal_year_ensure


def test_fy2567_periods():
    periods = {p.code: p for p in fiscal_periods(2567)}
    assert len(periods) == 19
    assert (periods["M01"].start, periods["M01"].end, periods["M01"].name_th) == (
        dt.date(2023, 10, 1),
        dt.date(2023, 10, 31),
        "ต.ค. 2566",
    )
    assert (periods["M05"].end, periods["M05"].name_th) == (dt.date(2024, 2, 29), "ก.พ. 2567")  # leap year
    assert (periods["Q1"].start, periods["Q1"].end) == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    assert (periods["H1"].start, periods["H1"].end) == (dt.date(2023, 10, 1), dt.date(2024, 3, 31))
    assert (periods["H2"].start, periods["H2"].end) == (dt.date(2024, 4, 1), dt.date(2024, 9, 30))
    assert (periods["FY"].start, periods["FY"].end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


@pytest.mark.parametrize("year", [2560, 2567, 2570, 2599])
def test_months_tile_the_year(year):
    months = [p for p in fiscal_periods(year) if p.kind == "month"]
    for before, after in itertools.pairwise(months):
        assert after.start - before.end == dt.timedelta(days=1)
    year_period = next(p for p in fiscal_periods(year) if p.code == "FY")
    assert months[0].start == year_period.start and months[-1].end == year_period.end


@pytest.mark.django_db
def test_fiscal_year_ensure_is_idempotent():
    fy = fiscal_year_ensure(year=2568)
    assert fy.periods.count() == 19
    assert fiscal_year_ensure(year=2568).periods.count() == 19
    assert (fy.start, fy.end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


# --- the one period-maths module: bounds, month arithmetic, query values, labels -----------------------

EXPECTED_2567 = {  # FY2567 = 1 Oct 2023 – 30 Sep 2024 (2024 is a leap year)
    "M01": ((2023, 10, 1), (2023, 10, 31)),
    "M02": ((2023, 11, 1), (2023, 11, 30)),
    "M03": ((2023, 12, 1), (2023, 12, 31)),
    "M04": ((2024, 1, 1), (2024, 1, 31)),
    "M05": ((2024, 2, 1), (2024, 2, 29)),
    "M06": ((2024, 3, 1), (2024, 3, 31)),
    "M07": ((2024, 4, 1), (2024, 4, 30)),
    "M08": ((2024, 5, 1), (2024, 5, 31)),
    "M09": ((2024, 6, 1), (2024, 6, 30)),
    "M10": ((2024, 7, 1), (2024, 7, 31)),
    "M11": ((2024, 8, 1), (2024, 8, 31)),
    "M12": ((2024, 9, 1), (2024, 9, 30)),
    "Q1": ((2023, 10, 1), (2023, 12, 31)),
    "Q2": ((2024, 1, 1), (2024, 3, 31)),
    "Q3": ((2024, 4, 1), (2024, 6, 30)),
    "Q4": ((2024, 7, 1), (2024, 9, 30)),
    "H1": ((2023, 10, 1), (2024, 3, 31)),
    "H2": ((2024, 4, 1), (2024, 9, 30)),
    "FY": ((2023, 10, 1), (2024, 9, 30)),
}


@pytest.mark.parametrize("code", list(EXPECTED_2567))
def test_bounds_of_every_code(code):
    first, last = EXPECTED_2567[code]
    assert periods.period_bounds(2567, code) == (dt.date(*first), dt.date(*last))
    assert periods.period_bounds(2567, code.lower()) == (dt.date(*first), dt.date(*last))


def test_codes_and_fiscal_periods_agree():
    assert tuple(EXPECTED_2567) == periods.PERIOD_CODES
    assert [p.code for p in fiscal_periods(2567)] == list(EXPECTED_2567)
    assert set(periods.SUMMARY_CODES) <= set(periods.PERIOD_CODES)


@pytest.mark.parametrize("year", [periods.FIRST_YEAR, 2563, 2566, 2600, periods.LAST_YEAR])
def test_edge_years(year):
    """The first and last year accepted, and years around leap days (2563 = CE 2020, 2600 = CE 2057)."""
    start, end = periods.period_bounds(year, "FY")
    assert (start, end) == (dt.date(year - 544, 10, 1), dt.date(year - 543, 9, 30))
    quarters = [periods.period_bounds(year, f"Q{q}") for q in range(1, 5)]
    assert quarters[0][0] == start and quarters[-1][1] == end
    for (_s1, e1), (s2, _e2) in itertools.pairwise(quarters):
        assert s2 - e1 == dt.timedelta(days=1)
    halves = [periods.period_bounds(year, h) for h in ("H1", "H2")]
    assert (halves[0][0], halves[0][1], halves[1][0], halves[1][1]) == (
        quarters[0][0], quarters[1][1], quarters[2][0], quarters[3][1],
    )  # fmt: skip
    february = periods.period_bounds(year, "M05")[1]
    assert february.day == (29 if calendar.isleap(year - 543) else 28)


@pytest.mark.parametrize(
    "year, code, message",
    [
        (2567, "Q5", "ไม่รู้จักรอบ Q5"),
        (2567, "", "ไม่รู้จักรอบ"),
        (2567, "M13", "ไม่รู้จักรอบ M13"),
        (2023, "FY", "ปีงบประมาณต้องเป็นปี พ.ศ."),
        (periods.FIRST_YEAR - 1, "H1", "ปีงบประมาณต้องเป็นปี พ.ศ."),
        (periods.LAST_YEAR + 1, "H1", "ปีงบประมาณต้องเป็นปี พ.ศ."),
    ],
)
def test_bad_code_or_year_is_a_thai_message(year, code, message):
    with translation.override("th"), pytest.raises(ApplicationError) as raised:
        periods.period_bounds(year, code)
    assert raised.value.message.startswith(message)
    assert raised.value.extra["field"] in ("period", "fiscal_year")


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 1)),
        (dt.date(2023, 12, 15), 1, dt.date(2024, 1, 1)),
        (dt.date(2023, 10, 1), 12, dt.date(2024, 10, 1)),
        (dt.date(2024, 1, 1), -1, dt.date(2023, 12, 1)),
        (dt.date(2024, 3, 31), -14, dt.date(2023, 1, 1)),
        (dt.date(2024, 3, 31), 0, dt.date(2024, 3, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert periods.add_months(day, months) == expected


def test_months_between():
    assert periods.months_between(dt.date(2023, 11, 15), dt.date(2024, 2, 1)) == [
        dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1),
    ]  # fmt: skip
    assert periods.months_between(dt.date(2024, 2, 10), dt.date(2024, 2, 20)) == [dt.date(2024, 2, 1)]
    assert periods.months_between(dt.date(2024, 3, 1), dt.date(2024, 2, 1)) == []
    assert len(periods.months_between(*periods.period_bounds(2567, "FY"))) == 12


@pytest.mark.parametrize(
    "value, expected",
    [("2567", 2567), (" 2566 ", 2566), ("2024", 2567), ("abc", 2500), (None, 2500), ("", 2500),
     ("99999999999999999999", 2500), ("1800", 2500), ("2701", 2500), ("-2567", 2500), ("2400", 2400)],
)  # fmt: skip
def test_parse_fiscal_year(value, expected):
    assert periods.parse_fiscal_year(value, 2500) == expected


@pytest.mark.parametrize(
    "value, expected", [("h2", "H2"), (" Q3 ", "Q3"), ("FY", "FY"), ("M01", "H1"), ("x", "H1"), (None, "H1")]
)
def test_parse_period(value, expected):
    assert periods.parse_period(value) == expected
    assert periods.parse_period("M01", codes=periods.PERIOD_CODES) == "M01"


def test_current_fiscal_year():
    assert periods.current_fiscal_year(dt.date(2023, 9, 30)) == 2566
    assert periods.current_fiscal_year(dt.date(2023, 10, 1)) == 2567


def test_names_and_choices_come_from_one_spec():
    spec = periods.period_spec(2567, "h1")
    assert (spec.code, spec.kind, spec.name_th, spec.name_en) == ("H1", "half", "ครึ่งปีแรก", "First half")
    names = {p.code: (p.name_th, p.name_en) for p in fiscal_periods(2567)}
    assert names["Q1"] == ("ไตรมาสที่ 1", "Quarter 1")
    assert names["H2"] == ("ครึ่งปีหลัง", "Second half")
    assert names["FY"] == ("ทั้งปี 2567", "Full year 2567")
    assert names["M12"] == ("ก.ย. 2567", "Sep 2567")
    with translation.override("th"):
        th = dict(periods.period_choices(2567))
        assert spec.name == "ครึ่งปีแรก"
    with translation.override("en"):
        en = dict(periods.period_choices(2567))
        assert spec.name == "First half"
    assert list(th) == list(periods.SUMMARY_CODES)
    assert (th["H1"], th["Q4"], th["FY"]) == (
        "ครึ่งปีแรก (ต.ค.–มี.ค.)",
        "ไตรมาสที่ 4 (ก.ค.–ก.ย.)",
        "ทั้งปี 2567 (ต.ค.–ก.ย.)",
    )
    assert (en["H2"], en["Q1"]) == ("Second half (Apr–Sep)", "Quarter 1 (Oct–Dec)")


def test_name_of_code_names_a_period_without_its_year():
    with translation.override("th"):
        names = [periods.name_of_code(c) for c in ("H1", "Q2", "FY", "M01", "M12", "X9")]
        assert names == ["ครึ่งปีแรก", "ไตรมาสที่ 2", "ทั้งปี", "ต.ค.", "ก.ย.", "X9"]
    with translation.override("en"):
        names = [periods.name_of_code(c) for c in ("H2", "Q4", "FY", "M04")]
        assert names == ["Second half", "Quarter 4", "Full year", "Jan"]
