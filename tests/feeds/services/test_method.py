"""The online_services method: online ÷ all × 100 for the period, gaps, exclusions."""

import datetime as dt
from decimal import Decimal

import pytest

from pramoen.feeds.services import selectors
from pramoen.feeds.services.services import service_records_import
from pramoen.orgs.models import Agency
from pramoen.scoring.methods import MethodContext, get_method
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def ctx(agency_code="1004", start=dt.date(2023, 10, 1), end=dt.date(2024, 3, 31), **params):
    agency = Agency.objects.get(code=agency_code)
    return MethodContext(
        agency_id=agency.pk, agency_code=agency.code, fiscal_year=2567, period_code="H1",
        period_start=start, period_end=end, indicator_code="3.1", params=params,
    )  # fmt: skip


@pytest.fixture
def records(catalogue):
    service_records_import(
        actor=None,
        upload=csv_bytes(
            "1004,ENV-03,2566-10,online,30",
            "1004,ENV-03,2566-10,counter,170",
            "1004,REG-06,2566-10,counter,250",
            "1004,REG-06,2566-10,other,50",
            "1004,REV-03,2567-03,online,20",
            "1004,REV-03,2567-03,counter,480",
            "1004,REV-03,2567-04,online,999",  # April: outside H1
            "1028,ENV-03,2566-10,online,500",  # another district
        ),
        filename="h1.csv",
    )


def test_it_is_online_over_all_applications_of_the_period(records):
    result = get_method("online_services").compute(ctx())
    # online 30 + 20 = 50 of 30+170+250+50+20+480 = 1000 → 5 %
    assert result.actual == Decimal("5.0000")
    assert result.inputs["online"] == 50 and result.inputs["total"] == 1000
    assert result.inputs["counter"] == 900 and result.inputs["other"] == 50
    assert "level" not in result.inputs and "thresholds" not in result.inputs  # the engine's criteria
    assert "50 of 1,000" in result.explanation or "50" in result.explanation
    q1 = get_method("online_services").compute(ctx(end=dt.date(2023, 12, 31)))
    assert q1.actual == Decimal("6.0000")  # 30 of 500


def test_excluded_processes_drop_out_and_are_listed(records):
    result = get_method("online_services").compute(ctx(exclude_processes=["REG-06"]))
    assert result.actual == Decimal("7.1429")  # 50 of 700
    assert result.exclusions == {"process": {"count": 1, "codes": ["REG-06"], "applications": 300}}


def test_no_records_or_not_a_district_office_gives_no_value(records, personas):
    assert get_method("online_services").compute(ctx("1015")).actual is None
    assert get_method("online_services").compute(ctx("public-works")).actual is None


def test_the_gap_to_each_level_is_the_applications_to_move_online(records):
    figures = selectors.share_figures(
        agency_id=Agency.objects.get(code="1004").pk, start=dt.date(2023, 10, 1), end=dt.date(2024, 3, 31)
    )
    gaps = selectors.level_gaps(
        figures=figures,
        thresholds=[Decimal(10), Decimal(15), Decimal(20), Decimal(25), Decimal(30)],
        movable_this_month=480,
    )
    assert [(g.level, g.needed, g.within_this_month) for g in gaps] == [
        (1, 50, True),
        (2, 100, True),
        (3, 150, True),
        (4, 200, True),
        (5, 250, True),
    ]
    # moving 50 applications online: 100 of 1000 = 10 % exactly → level 1
    reached = selectors.level_gaps(
        figures=selectors.ShareFigures(100, 850, 50),
        thresholds=[Decimal(10), Decimal(15), Decimal(20), Decimal(25), Decimal(30)],
        movable_this_month=10,
    )
    assert reached[0].reached and not reached[1].within_this_month
