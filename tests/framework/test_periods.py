import datetime as dt
import itertools

import pytest

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
