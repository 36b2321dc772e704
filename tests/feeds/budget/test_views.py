"""Budget pages, each tried by a persona who may and one who may not; the generated demo."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from pramoen.feeds.budget.models import BudgetLine
from pramoen.feeds.budget.services import budget_import, budget_line_exclude
from tests.feeds.budget.conftest import budget_csv

pytestmark = pytest.mark.django_db

DATA = budget_csv(
    "line,1004,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000000,,,,,",
    "line,1004,2567,PER-01,เงินเดือน,personnel,annual,,5000000,,,,,",
    "line,1004,2567,INV-01,ปรับปรุงทางเท้า,investment,annual,,1000000,,,,,",
    "disbursement,1004,2567,OPR-01,,,,,,2023-11-30,300000,DV-1,,",
    "disbursement,1004,2567,PER-01,,,,,,2023-11-30,2000000,DV-2,,",
    "procurement,1004,2567,INV-01,,,,,,2023-11-01,,EB-1,announced,",
    "procurement,1004,2567,INV-01,,,,,,2023-12-01,,EB-1,no_bidder,ไม่มีผู้ยื่นเสนอราคา",
    "line,1028,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000000,,,,,",
    "disbursement,1028,2567,OPR-01,,,,,,2023-11-30,450000,DV-3,,",
    "line,public-works,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000000,,,,,",
)


@pytest.fixture
def lines(personas):
    budget_import(actor=None, upload=DATA, filename="b.csv")


def test_an_agency_sees_its_figure_lines_quarters_projection_and_stuck_procurement(client_for, lines, kpi32):
    text = client_for("bangrak.staff").get("/budget/agencies/1004/?fy=2567&period=H1").content.decode()
    assert 'data-testid="budget-figure"' in text and "15.00" in text  # 300,000 of 2,000,000
    assert 'data-reason="personnel"' in text
    assert 'data-testid="budget-quarters"' in text and 'data-testid="budget-projection"' in text
    assert 'data-testid="budget-stuck"' in text and "ไม่มีผู้ยื่นเสนอราคา" in text
    assert "text-danger" in text  # 15 % at a 45 % plan: the year ends at 33.33 %, below level 1 (80 %)


def test_an_appeal_shows_as_the_reason_a_line_is_left_out(client_for, lines, personas):
    budget_line_exclude(actor=personas["eval.officer"], line=BudgetLine.objects.get(agency__code="1004", code="INV-01"),
                        reference="อทธ. 1/2567", decided_on=dt.date(2024, 2, 1))  # fmt: skip
    text = client_for("bangrak.staff").get("/budget/agencies/1004/?fy=2567&period=H1").content.decode()
    assert 'data-reason="appeal"' in text and "อทธ. 1/2567" in text and "30.00" in text


def test_an_agency_sees_only_its_own_lines(client_for, lines):
    assert client_for("sathon.staff").get("/budget/agencies/1004/").status_code == 403
    assert client_for("sathon.staff").get("/budget/agencies/1004/lines.csv").status_code == 403
    assert client_for("publicworks.reviewer").get("/budget/agencies/1004/").status_code == 403
    own = client_for("bangrak.staff").get("/budget/?fy=2567&period=H1").content.decode()
    assert own.count('data-code="') == 1 and 'data-code="1004"' in own
    everyone = client_for("eval.officer").get("/budget/?fy=2567&period=H1").content.decode()
    assert everyone.count('data-code="') == 3 and 'data-code="1028">45.00' in everyone


def test_lines_and_movements_download(client_for, lines):
    client = client_for("bangrak.staff")
    text = client.get("/budget/agencies/1004/lines.csv?fy=2567&as_of=2024-03-31").content.decode("utf-8-sig")
    rows = text.strip().splitlines()
    assert (
        len(rows) == 4
        and rows[0].startswith("line,name,budget_type")
        and any(r.endswith(",personnel") for r in rows)
    )
    book = load_workbook(
        io.BytesIO(client.get("/budget/agencies/1004/movements.xlsx?fy=2567&as_of=2024-03-31").content)
    )
    assert book.active.max_row == 3


def test_the_overview_downloads_as_xlsx(client_for, lines):
    response = client_for("executive").get("/budget/?fy=2567&period=H1&format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "agency" and len(rows) == 4


def test_import_page_for_the_evaluation_office_only(client_for, personas, run_jobs):
    assert client_for("bangrak.head").get("/budget/import/").status_code == 403
    client = client_for("eval.officer")
    bad = io.BytesIO(budget_csv("line,1004,2567,X,n,salary,,,1,,,,,"))
    bad.name = "bad.csv"
    response = client.post("/budget/import/", {"file": bad})
    assert response.status_code == 302  # to the import job's page
    run_jobs()
    page = client.get(response["Location"]).content.decode()
    assert "salary" in page and 'data-state="failed"' in page
    good = io.BytesIO(DATA)
    good.name = "good.csv"
    assert client.post("/budget/import/", {"file": good}).status_code == 302
    run_jobs()
    assert BudgetLine.objects.count() == 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_downloads_and_imports_as_is(client_for, personas, fmt):
    response = client_for("bangrak.staff").get(f"/budget/import/template.{fmt}")
    batch = budget_import(actor=None, upload=response.content, filename=f"t.{fmt}")
    assert batch.figures == {"lines": 2, "entries": 4}


def test_rules_page(client_for, personas):
    page = client_for("bangrak.staff").get("/budget/rules/?fy=2567")
    assert page.status_code == 200 and '<form method="post"' not in page.content.decode()
    data = {"fiscal_year": 2567, "exclude_personnel": "on", "note": "มติ อ.ก.ก."}
    assert client_for("bangrak.staff").post("/budget/rules/", data).status_code == 403
    assert client_for("eval.officer").post("/budget/rules/", data).status_code == 302
    assert client_for("eval.officer").post("/budget/rules/", {**data, "fiscal_year": "x"}).status_code == 400
    from pramoen.feeds.budget.selectors import rules_for

    rules = rules_for(2567)
    assert rules.pk and rules.exclude_personnel and not rules.exclude_welfare
    text = client_for("eval.officer").get("/budget/rules/?fy=2567").content.decode()
    assert (
        "personnel" not in text.split('data-testid="rules-table"')[1].split("</table>")[0]
    )  # labels, not keys


def test_the_rules_page_shows_the_plan_read_from_the_framework(client_for, personas, kpi32):
    officer = client_for("eval.officer").get("/budget/rules/?fy=2567").content.decode()
    assert 'data-source="plan_curve"' in officer and 'data-testid="plan-table"' in officer
    assert 'data-testid="plan-edit"' in officer and 'href="/framework/workbook/"' in officer
    assert "planned_q" not in officer and 'name="year_end_target"' not in officer
    staff = client_for("bangrak.staff").get("/budget/rules/?fy=2567").content.decode()
    assert 'data-source="plan_curve"' in staff and 'data-testid="plan-edit"' not in staff
    none = client_for("bangrak.staff").get("/budget/rules/?fy=2570").content.decode()
    assert 'data-source="straight_line"' in none and "เส้นตรง" in none  # the fallback, named in Thai


def test_the_generated_demo_covers_every_agency_from_far_behind_to_on_plan(personas, kpi32):
    from pramoen.feeds.budget.demo import load_budget_demo
    from pramoen.feeds.budget.selectors import overview
    from pramoen.orgs.models import Agency

    load_budget_demo()
    rows = overview(fiscal_year=2567, as_of=dt.date(2024, 3, 31), criteria=None, agency_ids=None)
    assert len(rows) == Agency.objects.filter(is_active=True).count()
    percents = [r.figure.percent for r in rows]
    assert min(percents) < 15 and max(percents) > 40  # the plan at 31 March is 45 %
    assert any(r.projection.behind for r in rows) and not all(r.projection.behind for r in rows)
    count = BudgetLine.objects.count()
    figures = [r.figure.disbursed for r in rows]
    load_budget_demo()
    assert BudgetLine.objects.count() == count
    assert [
        r.figure.disbursed
        for r in overview(fiscal_year=2567, as_of=dt.date(2024, 3, 31), criteria=None, agency_ids=None)
    ] == figures


def test_the_budget_pages_plan_is_the_indicators_plan_change_one_and_the_other_follows(
    client_for, lines, kpi32
):
    from decimal import Decimal

    from pramoen.framework.criteria import criteria_for
    from pramoen.framework.models import Period, PlanPoint

    staff = client_for("bangrak.staff")
    h1 = Period.objects.get(fiscal_year__year=2567, code="H1")

    def seen() -> tuple[Decimal, Decimal, Decimal | None, Decimal, str]:
        page = staff.get("/budget/agencies/1004/?fy=2567&as_of=2024-03-31")
        api = staff.get("/api/v1/budget/agencies/1004/?fy=2567&as_of=2024-03-31").json()
        projection, quarters = page.context["projection"], page.context["quarters"]
        assert api["projection"]["planned_now"] == str(projection.planned_now)
        assert [q["planned"] for q in api["quarters"]] == [str(q.planned) for q in quarters]
        overview = staff.get("/budget/?fy=2567&as_of=2024-03-31")
        assert overview.context["planned_now"] == projection.planned_now
        return projection.planned_now, quarters[1].planned, projection.year_end, quarters[0].planned, page

    planned, q2, year_end, q1, page = seen()
    assert (planned, q2, q1) == (45, 45, 20) and year_end == Decimal("33.33")  # 15 % at 45 % of the plan
    assert criteria_for(kpi32, h1).plan_share == planned  # the criteria's plan share is the page's plan
    assert 'data-source="plan_curve"' in page.content.decode()

    PlanPoint.objects.filter(indicator=kpi32, period__code="Q2").update(share=Decimal(60))
    planned, q2, year_end, q1, _page = seen()
    assert (planned, q2, q1) == (60, 60, 20) and year_end == Decimal(25)  # 15 % at 60 % of the plan
    assert criteria_for(kpi32, h1).plan_share == planned
    assert criteria_for(kpi32, h1).thresholds == (48, 51, 54, 57, 60)

    PlanPoint.objects.filter(indicator=kpi32).delete()  # no plan: the straight line, said on the page
    planned, q2, _year_end, q1, page = seen()
    assert planned == q2 == Decimal(50) and q1 == Decimal("25.1366")  # 183 and 92 of 366 days
    assert 'data-source="straight_line"' in page.content.decode()


def test_the_rules_page_opens_on_the_current_rounds_year_and_draws_its_form(client_for, personas, kpi32):
    from pramoen.framework.services import round_set

    round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H1", state="open")
    page = client_for("eval.officer").get("/budget/rules/")  # no year asked: the round's, not the calendar's
    text = page.content.decode()
    assert page.status_code == 200 and 'name="fy" type="number" min="2500" max="2700" value="2567"' in text
    assert 'data-source="plan_curve"' in text
    # the form as the rest of the pages draw theirs: Bootstrap checks and fields, no Django "as_div" rows
    form = text.split('<form method="post"')[1].split("</form>")[0]
    assert form.count('class="form-check-input"') == 5 and 'class="form-control' in form
    assert 'value="2567"' in form
    assert client_for("bangrak.staff").post("/budget/rules/", {"fiscal_year": 2567}).status_code == 403
