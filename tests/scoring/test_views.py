"""Scorecards, the explain page and API, rankings and XLSX exports — each also tried by one who may not."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from pramoen.framework.models import FiscalYear, Period
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult, VerifiedResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(small_year):
    fy, a = small_year
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    VerifiedResult.objects.create(
        assignment=a[("1004", "1.1")], period=h1, numerator=D(85), denominator=D(100), source="test"
    )
    VerifiedResult.objects.create(
        assignment=a[("1028", "1.1")], period=h1, numerator=D(65), denominator=D(100), source="test"
    )
    VerifiedResult.objects.create(assignment=a[("1004", "1.2")], period=h1, value=D(12), source="test")
    recompute(fiscal_year=2567, period_code="H1")
    return fy, a


def test_an_agency_sees_its_scorecard_and_not_anothers(client_for, scored):
    page = client_for("bangrak.staff").get("/scores/agency/1004/", {"fy": 2567, "period": "H1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "ร้อยละทางเท้า" in text and "3.5000" in text and 'data-indicator="1.1"' in text
    assert client_for("bangrak.staff").get("/scores/agency/1028/").status_code == 403
    assert client_for("committee4.secretary").get("/scores/agency/1004/").status_code == 403
    assert client_for("committee1.member").get("/scores/agency/1004/").status_code == 200  # reviews กรุงเทพใต้
    assert client_for("executive").get("/scores/agency/1028/").status_code == 200


def test_my_scores_goes_to_the_own_agency(client_for, scored):
    response = client_for("sathon.staff").get("/scores/")
    assert response.status_code == 302 and response["Location"] == "/scores/agency/1028/"
    assert client_for("executive").get("/scores/")["Location"] == "/scores/ranking/"
    assert client_for("committee1.secretary").get("/scores/").status_code == 403
    # the year and period asked for go along to the page it leads to
    asked = client_for("sathon.staff").get("/scores/", {"fy": 2567, "period": "Q2"})
    assert asked["Location"] == "/scores/agency/1028/?fy=2567&period=Q2"
    assert client_for("executive").get("/scores/?period=M08")["Location"] == "/scores/ranking/?period=M08"


def test_the_explain_page_shows_every_step(client_for, scored):
    _fy, a = scored
    result = ScoreResult.objects.get(assignment=a[("1004", "1.1")], period__code="H1")
    text = client_for("bangrak.head").get(f"/scores/{result.pk}/").content.decode()
    for piece in (
        "85 ÷ 100 × 100 = ร้อยละ 85",
        "ระดับ 1 = 60",
        "คะแนน = 3 + (85 − 80) ÷ (90 − 80) = 3.5",
        "ตัวตั้ง",
    ):
        assert piece in text, piece
    assert client_for("sathon.staff").get(f"/scores/{result.pk}/").status_code == 403
    assert client_for("bangrak.head").get("/scores/999999/").status_code == 404


def test_the_score_trail_api(client_for, scored):
    _fy, a = scored
    result = ScoreResult.objects.get(assignment=a[("1004", "1.2")], period__code="H1")
    data = client_for("bangrak.staff").get(f"/api/v1/scores/{result.pk}/").json()
    assert data["actual"] == "12.0000" and data["score"] == "4.6000" and data["level"] == 4
    assert data["criteria"] == {
        "thresholds": ["30.0000", "25.0000", "20.0000", "15.0000", "10.0000"],
        "higher_is_better": False,
        "floor": "0.00",
        "source": "year_end",
        "source_label": data["criteria"]["source_label"],
        "demo": False,
    }
    assert data["criteria"]["source_label"] in ("year-end criteria", "เกณฑ์สิ้นปี")
    assert any("ยิ่งน้อยยิ่งดี" in step for step in data["explanation_th"])
    denied = client_for("sathon.staff").get(f"/api/v1/scores/{result.pk}/")
    assert denied.status_code == 403 and "message" in denied.json()
    from django.test import Client

    assert Client().get(f"/api/v1/scores/{result.pk}/").status_code in (401, 403)


def test_the_trail_names_who_verified_the_figures_the_score_came_from(client_for, personas, small_year):
    fy, a = small_year
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    officer = personas["eval.officer"]
    VerifiedResult.objects.create(
        assignment=a[("traffic-transport", "1.3")],
        period=h1,
        numerator=D(72),
        denominator=D(100),
        source="test",
        verified_by=officer,
    )
    # a supporter's own figure of a joint KPI is ignored, and so is whoever verified it
    VerifiedResult.objects.create(
        assignment=a[("1004", "1.3")], period=h1, numerator=D(10), denominator=D(100), source="test"
    )
    VerifiedResult.objects.create(assignment=a[("1004", "1.2")], period=h1, value=D(12), source="test")
    recompute(fiscal_year=2567, period_code="H1")
    joint = ScoreResult.objects.get(assignment=a[("1004", "1.3")], period=h1)
    data = client_for("bangrak.staff").get(f"/api/v1/scores/{joint.pk}/").json()
    assert data["verified_by"] == "eval.officer" and data["verified_at"]
    assert any(step.startswith(f"ตรวจสอบผลโดย {officer.display_name} เมื่อ") for step in data["explanation_th"])
    assert officer.display_name in client_for("bangrak.head").get(f"/scores/{joint.pk}/").content.decode()
    own = ScoreResult.objects.get(assignment=a[("1004", "1.2")], period=h1)
    data = client_for("bangrak.staff").get(f"/api/v1/scores/{own.pk}/").json()
    assert data["verified_by"] is None and data["verified_at"] is None
    assert not any(step.startswith("ตรวจสอบผลโดย") for step in data["explanation_th"])


def test_the_scorecard_api_and_xlsx(client_for, scored):
    card = (
        client_for("bangrak.staff")
        .get("/api/v1/scorecards/1004/", {"fiscal_year": 2567, "period": "H1"})
        .json()
    )
    assert card["overall"] is not None and card["components"][0]["indicators"][0]["code"] == "1.1"
    assert client_for("sathon.staff").get("/api/v1/scorecards/1004/").status_code == 403
    response = client_for("bangrak.staff").get(
        "/scores/agency/1004/", {"fy": 2567, "period": "H1", "format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    line = next(r for r in rows if r[1] == "1.1")
    assert (line[5], line[7], line[8]) == (85.0, 3.5, "พอใช้")


def test_ranking_leaves_out_indicators_with_too_little_data(client_for, scored):
    _fy, _a = scored
    response = client_for("executive").get(
        "/scores/ranking/", {"fy": 2567, "period": "H1", "kind": "district_office"}
    )
    assert response.status_code == 200
    ranking = response.context["ranking"]
    # 1.1 has results for both districts (100 %); 1.2 only for บางรัก (50 %), so it is left out
    assert [i.code for i in ranking.used] == ["1.1"]
    assert [(i.code, c) for i, c in ranking.left_out] == [
        ("1.2", D("50.0")),
        ("1.3", D("0.0")),
        ("2.1", D("0.0")),
    ]
    ranked = [(r.agency.code, r.rank, r.score) for r in ranking.rows if r.rank]
    assert ranked == [("1004", 1, D("3.5000")), ("1028", 2, D("1.5000"))]


def test_rankings_are_for_everyone_only_once_published(client_for, scored):
    assert client_for("bangrak.staff").get("/scores/ranking/").status_code == 403
    FiscalYear.objects.filter(year=2567).update(scores_published=True)
    assert client_for("bangrak.staff").get("/scores/ranking/").status_code == 200
    xlsx = client_for("bangrak.staff").get("/scores/ranking/", {"format": "xlsx", "period": "H1"})
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb["ranking"]["B3"].value == "สำนักงานเขตบางรัก" and wb["ranking"]["A3"].value == 1


def test_the_demo_year_spreads_like_the_report(personas):
    from pramoen.framework.demo import load_framework_demo
    from pramoen.scoring.models import AgencyScore

    load_framework_demo()
    recompute(fiscal_year=2567, period_code="H1")
    scores = [
        s
        for s in AgencyScore.objects.filter(period__code="H1", component=None).values_list("score", flat=True)
        if s is not None
    ]
    assert len(scores) == 76
    assert min(scores) < D(2) and max(scores) > D(4)  # some far behind, some ahead


def test_the_number_filters_show_a_dash_for_anything_that_is_not_a_number():
    from pramoen.scoring.templatetags.scores import num, pct5

    # "" is what a template gives for line.result.target when a period has no score (it was a 500)
    for nothing in (None, "", "abc", D("NaN"), D("Infinity")):
        assert num(nothing) == "–" and pct5(nothing) == "–"
    assert num(D("1234.5"), 2) == "1,234.50" and num("3.14159", 4) == "3.1416" and pct5(D(4)) == "80.00%"


def test_every_page_opens_on_the_current_round_even_after_recomputing_every_period(
    client_for, scored, personas
):
    from pramoen.framework.services import round_set

    fy, a = scored
    year_end = Period.objects.get(fiscal_year=fy, code="FY")
    VerifiedResult.objects.create(
        assignment=a[("1004", "1.1")], period=year_end, numerator=D(95), denominator=D(100), source="test"
    )
    from django.core.management import call_command

    call_command("recompute_scores", "--fiscal-year", "2567", "--period", "all", stdout=io.StringIO())
    assert ScoreResult.objects.filter(period=year_end, status="scored").exists()
    round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H1", state="published")
    call_command("recompute_scores", "--fiscal-year", "2567", "--period", "all", stdout=io.StringIO())
    staff = client_for("bangrak.staff")
    assert staff.get("/scores/agency/1004/").context["card"].period.code == "H1"
    assert staff.get("/api/v1/scorecards/1004/").json()["period"] == "H1"
    assert client_for("eval.officer").get("/scores/ranking/").context["ranking"].period.code == "H1"
    text = staff.get("/scores/agency/1004/", {"period": "FY"}).content.decode()
    assert 'data-testid="current-round"' in text and "เผยแพร่ผลแล้ว" in text
    round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H2", state="open")
    assert staff.get("/api/v1/scorecards/1004/").json()["period"] == "H2"


def test_a_row_without_a_result_shows_a_dash_not_a_bare_unit(client_for, scored):
    import re

    page = client_for("bangrak.staff").get("/scores/agency/1004/", {"fy": 2567, "period": "Q1"})
    assert page.status_code == 200
    rows = re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', page.content.decode(), re.S)
    assert rows
    for code, row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert cells[3].strip() == "–", (code, cells[3])  # the actual: no "%" or "ระดับ" standing alone
    scored_page = client_for("bangrak.staff").get("/scores/agency/1004/", {"fy": 2567, "period": "H1"})
    h1 = dict(re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', scored_page.content.decode(), re.S))
    assert "85" in re.findall(r"<td[^>]*>(.*?)</td>", h1["1.1"], re.S)[3]


def test_the_scorecard_gives_each_components_weight_and_says_when_it_is_a_demo_value(client_for, scored):
    _fy, a = scored
    component = a[("1004", "1.1")].indicator.component
    page = client_for("bangrak.staff").get("/scores/agency/1004/", {"fy": 2567, "period": "H1"})
    weight = page.content.decode().split('data-testid="component-weight"')[1].split("</p>")[0]
    assert f"น้ำหนักในคะแนนรวม: {component.weight:.0f}" in weight and "สาธิต" not in weight
    component.weight_is_demo = True
    component.save()
    page = client_for("bangrak.staff").get("/scores/agency/1004/", {"fy": 2567, "period": "H1"})
    weight = page.content.decode().split('data-testid="component-weight"')[1].split("</p>")[0]
    assert "สาธิต" in weight
