"""The year-end projection and the fair comparison read from the database: บางรัก's FY2567 H1 (the
published year of tests/public) with a past year of budget movements and tickets (FY2566), the
seasonality of that year used and the arithmetic checked by hand; the minimum before ranking is the
year's complaint setting; the page shows both in Thai with every number one tap from how it was made."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from pramoen.feeds.complaints.models import ComplaintSettings
from pramoen.framework.models import FiscalYear, Period
from pramoen.insights.fairness import fairness
from pramoen.insights.forecast import forecast
from pramoen.orgs.models import Agency, District
from tests.insights.conftest import add_past_year
from tests.public.conftest import build_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(personas, tmp_path):
    built = build_published(tmp_path)
    add_past_year(tmp_path)
    return built


def _lines(agency: str) -> dict[str, object]:
    fy = FiscalYear.objects.get(year=2567)
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    ids = [Agency.objects.get(code=agency).pk]
    return {x.indicator_code: x for x in forecast(fiscal_year=fy, period=h1, agency_ids=ids).lines}


def test_budget_and_complaints_follow_the_past_year_the_rest_its_own_method(year):
    lines = _lines("1004")
    budget = lines["3.2"].p  # type: ignore[attr-defined]
    # 50 of 200 million by H1 = 25 %; FY2566 disbursed 60 of its 100 counted million by March (0.6)
    assert budget.method == "budget_season" and budget.actual == D(25)
    assert budget.projected == D("41.67")  # 25 ÷ 0.6
    assert (budget.level, budget.score) == (2, D("2.4447"))  # 2 + (41.67 − 35) ÷ 15
    assert budget.misses and budget.target == D(80)  # level 5 of 20/35/50/65/80
    assert "2566" in budget.how_th and "ร้อยละ 60" in budget.how_th
    tickets = lines["4"].p  # type: ignore[attr-defined]
    # H1: 5 counted, 3 resolved (60 %).  FY2566: 2 counted by March, then 2 counted and 1 resolved →
    # scale 5 ÷ 2 = 2.5 → (3 + 2.5 × 1) ÷ (5 + 2.5 × 2) = 5.5 ÷ 10 = 55 %
    assert tickets.method == "complaint_season" and tickets.actual == D(60)
    assert tickets.projected == D("55.00") and (tickets.level, tickets.score) == (3, D("3.3333"))
    assert tickets.misses
    # no plan, no targets: a straight line by time (183 of 366 days), 2.5 → 5
    value = lines["1.1"].p  # type: ignore[attr-defined]
    assert (value.method, value.projected, value.level, value.misses) == (
        "straight_line",
        D("5.00"),
        5,
        False,
    )


def test_without_the_past_year_the_fallbacks_are_named(personas, tmp_path):
    build_published(tmp_path)
    lines = _lines("1004")
    assert lines["3.2"].p.method == "straight_line"  # type: ignore[attr-defined]
    assert lines["3.2"].p.projected == D("50.00")  # type: ignore[attr-defined]  # 25 ÷ 0.5
    assert lines["4"].p.method == "complaint_rate"  # type: ignore[attr-defined]
    assert lines["4"].p.projected == D(60)  # type: ignore[attr-defined]


def test_the_fair_comparison_ranks_only_above_the_minimum(year):
    h1 = Period.objects.get(fiscal_year__year=2567, code="H1")
    bang_rak = Agency.objects.get(code="1004")
    district = District.objects.get(code=1004)
    found = fairness(period=h1, agency_ids={bang_rak.pk})
    assert found.minimum == 30  # the documented default
    [(group, [row])] = found.groups
    assert group in {"inner", "middle", "outer"} and row.code == "1004"
    # 8 received (4 counted for the score, 1 duplicate, 1 not relevant, 1 forwarded, plus PD0001)
    assert (row.received, row.counted, row.kpi) == (8, 5, 60.0)
    assert row.per_10k == round(8 * 10000 / district.population, 2)
    assert not row.ranked and row.rank is None and row.score_id is not None
    ComplaintSettings.objects.create(fiscal_year=2567, min_tickets_for_ranking=5)
    [(_g, [row])] = fairness(period=h1, agency_ids={bang_rak.pk}).groups
    assert row.ranked and row.rank == 1


def test_the_page_shows_both_in_thai_and_every_number_opens_how_it_was_made(year, client_for):
    c = client_for("executive")
    resp = c.get(reverse("insights:overview"), {"fy": "2567", "period": "H1", "agency": "1004"})
    assert resp.status_code == 200
    o = resp.context["o"]
    assert [r.code for r in o.rows] == ["1004"]
    text = resp.content.decode()
    assert "คาดการณ์ผลสิ้นปีงบประมาณ" in text and "จะไม่ถึงเป้า" in text
    assert "ตามฤดูกาลการเบิกจ่ายของหน่วยงานนี้ในปีงบประมาณ 2566" in text
    assert "เปรียบเทียบสำนักงานเขตอย่างเป็นธรรม" in text and "ข้อมูลน้อยเกินจัดอันดับ" in text
    for line in o.forecast.lines:
        assert reverse("score-explain", args=[line.score_id]) in text
    [(_g, [row])] = o.fairness.groups
    assert reverse("score-explain", args=[row.score_id]) in text
    assert c.get(reverse("score-explain", args=[row.score_id])).status_code == 200
    # a count in the summary lists that indicator for every agency shown (then one tap to how it was made)
    assert "&amp;indicator=3.2#projection" in text
    one = c.get(reverse("insights:overview"), {"fy": "2567", "period": "H1", "indicator": "3.2"})
    assert one.context["proj_mode"] == "indicator" and one.context["proj_lines"]
    assert all(x.indicator_code == "3.2" for x in one.context["proj_lines"])
    for line in one.context["proj_lines"]:
        assert reverse("score-explain", args=[line.score_id]) in one.content.decode()
    unknown = c.get(reverse("insights:overview"), {"period": "H1", "indicator": "9.9<"})
    assert unknown.status_code == 200 and unknown.context["proj_mode"] == "worst"
    # everyone: the misses, worst first; an agency outside the filters is ignored, not an error
    every = c.get(reverse("insights:overview"), {"period": "H1", "kind": "bureau", "agency": "1004"})
    assert every.status_code == 200 and every.context["agency"] == ""
    assert every.context["o"].fairness is None  # no district office among the bureaus


def test_only_those_who_read_everything_see_the_projection(year, client_for):
    url = reverse("insights:overview")
    assert client_for("bangrak.staff").get(url, {"agency": "1004"}).status_code == 403
    assert client_for("committee1.member").get(url, {"agency": "1004"}).status_code == 403
