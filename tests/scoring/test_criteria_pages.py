"""One criteria source: KPI 3.1 and 3.2 are computed once, and the services page, the budget page, their
APIs, the scorecard and the explain page all show the same level and score for the same agency and period."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pramoen.feeds.budget.services import budget_import
from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.services import service_records_import
from pramoen.framework.models import Assignment
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.criteria import feed_indicator
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(personas):
    kpi31 = feed_indicator(year=2567, code="3.1", method="online_services", thresholds=[10, 20, 30, 40, 50])
    kpi32 = feed_indicator(
        year=2567, code="3.2", method="budget_disbursement", thresholds=[80, 85, 90, 95, 100],
        plan={"Q1": 20, "Q2": 45, "Q3": 70, "Q4": 100}, demo=True,
    )  # fmt: skip
    bangrak = Agency.objects.get(code="1004")
    for kpi in (kpi31, kpi32):
        Assignment.objects.create(indicator=kpi, agency=bangrak, weight=D(10))
    load_processes()
    # 250 of 1,000 applications online: 25 % (level 2 of 10/20/30/40/50; level 5 of the old 10…30 set)
    service_records_import(
        actor=None,
        upload=csv_bytes("1004,ENV-03,2566-10,online,250", "1004,ENV-03,2566-10,counter,750"),
        filename="h1.csv",
    )
    # 400,000 of 1,000,000 disbursed by the end of H1: 40 % against the 45 % plan
    budget_import(
        actor=None,
        upload=budget_csv(
            "line,1004,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000000,,,,,",
            "disbursement,1004,2567,OPR-01,,,,,,2024-01-15,400000,DV-1,,",
        ),
        filename="b.csv",
    )
    recompute(fiscal_year=2567, period_code="H1")
    recompute(fiscal_year=2567, period_code="FY")
    return {
        "3.1": ScoreResult.objects.get(assignment__indicator=kpi31, period__code="H1"),
        "3.2": ScoreResult.objects.get(assignment__indicator=kpi32, period__code="H1"),
        "3.2 FY": ScoreResult.objects.get(assignment__indicator=kpi32, period__code="FY"),
    }


def test_the_engine_uses_the_criteria_in_force_for_the_period(scored):
    kpi31, kpi32, year_end = scored["3.1"], scored["3.2"], scored["3.2 FY"]
    assert (kpi31.actual, kpi31.level, kpi31.score) == (D(25), 2, D("2.5000"))
    # H1: 80…100 × 45 % = 36 / 38.25 / 40.5 / 42.75 / 45 → 40 % is level 2, 2 + 1.75/2.25
    assert (kpi32.actual, kpi32.level, kpi32.score) == (D(40), 2, D("2.7778"))
    assert kpi32.criteria["source"] == "plan_curve" and kpi32.criteria["plan_share"] == "45"
    assert (year_end.level, year_end.score, year_end.criteria["source"]) == (0, D(0), "year_end")


def test_every_page_shows_the_score_the_engine_stored(scored, client_for):
    staff = client_for("bangrak.staff")
    kpi31, kpi32 = scored["3.1"], scored["3.2"]
    q = "?fy=2567&period=H1"

    page = staff.get(f"/services/districts/1004/{q}")
    assert (page.context["level"], page.context["score"]) == (kpi31.level, kpi31.score)
    assert page.context["criteria"].thresholds == tuple(D(t) for t in kpi31.criteria["thresholds"])
    api = staff.get(f"/api/v1/services/districts/1004/{q}").json()
    assert (api["level"], D(api["score"])) == (kpi31.level, kpi31.score)
    [row] = [
        r
        for r in staff.get(f"/services/{q}").context["rows"]
        if r.district.office_id == kpi31.assignment.agency_id
    ]
    assert (row.level, row.score) == (kpi31.level, kpi31.score)
    # the advice reads the same criteria: level 3 (30 %) needs 50 more online applications, not level 5
    gaps = {g.level: g.needed for g in page.context["gaps"]}
    assert gaps == {3: 50, 4: 150, 5: 250}

    page = staff.get(f"/budget/agencies/1004/{q}")
    assert (page.context["level"], page.context["score"]) == (kpi32.level, kpi32.score)
    shown = page.content.decode()
    criteria_line = shown[shown.index('data-testid="criteria"') :].split("</p>")[0]
    assert "45" in criteria_line and "text-bg-warning" in criteria_line  # the plan is a demo value
    api = staff.get(f"/api/v1/budget/agencies/1004/{q}").json()
    assert (api["level"], D(api["score"])) == (kpi32.level, kpi32.score)
    assert api["criteria_source"] == "plan_curve"
    [row] = [r for r in staff.get(f"/budget/{q}").context["rows"] if r.agency.code == "1004"]
    assert (row.level, row.score) == (kpi32.level, kpi32.score)

    card = staff.get(f"/scores/agency/1004/{q}").context["card"]
    shown = {line.indicator.code: line.result for c in card.components for line in c.lines}
    assert (shown["3.1"].level, shown["3.1"].score) == (kpi31.level, kpi31.score)
    assert (shown["3.2"].level, shown["3.2"].score) == (kpi32.level, kpi32.score)

    explain = staff.get(f"/scores/{kpi32.pk}/")
    assert explain.context["result"].score == kpi32.score
    assert explain.context["trail"]["criteria"]["thresholds"] == kpi32.criteria["thresholds"]
    trail = explain.context["trail"]["criteria"]
    assert "45" in trail["source_label"] and trail["demo"]
    source = explain.content.decode().split('data-testid="criteria-source"')[1].split("</p>")[0]
    assert "text-bg-warning" in source


def test_an_agency_that_may_not_see_it_is_refused_everywhere(scored, client_for):
    other = client_for("sathon.staff")
    for url in ("/services/districts/1004/", "/budget/agencies/1004/", "/scores/agency/1004/"):
        assert other.get(url).status_code == 403
    assert other.get(f"/scores/{scored['3.2'].pk}/").status_code == 403
