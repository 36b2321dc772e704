"""The budget API: an agency's figure and trail, the overview, imports — allowed and refused."""

import io

import pytest

from pramoen.feeds.budget.services import budget_import
from tests.feeds.budget.conftest import budget_csv

pytestmark = pytest.mark.django_db

DATA = budget_csv(
    "line,1004,2567,OPR-01,ค่าใช้สอย,operating,annual,,1000000,,,,,",
    "line,1004,2567,PER-01,เงินเดือน,personnel,annual,,5000000,,,,,",
    "disbursement,1004,2567,OPR-01,,,,,,2023-11-30,450000,DV-1,,",
    "procurement,1004,2567,OPR-01,,,,,,2023-11-01,,EB-1,announced,",
)


@pytest.fixture
def lines(personas):
    budget_import(actor=None, upload=DATA, filename="b.csv")


def test_an_agency_reads_its_figure_with_lines_quarters_and_projection(client_for, lines, kpi32):
    data = client_for("bangrak.staff").get("/api/v1/budget/agencies/1004/?fy=2567&as_of=2024-03-31").json()
    assert data["percent"] == "45.0000" and data["budget_after_transfers"] == "1000000.00"
    assert data["projection"]["behind"] is False and data["projection"]["planned_now"] == "45"
    assert {line["line"]: line["excluded"] for line in data["lines"]} == {
        "OPR-01": None,
        "PER-01": "personnel",
    }
    assert [q["planned"] for q in data["quarters"]] == ["20", "45", "70", "100"]  # the indicator's plan
    assert data["plan_source"] == "plan_curve"
    assert data["stuck_in_procurement"][0]["events"][0]["event"] == "announced"


def test_others_are_refused_and_the_overview_is_scoped(client_for, lines):
    assert client_for("sathon.staff").get("/api/v1/budget/agencies/1004/").status_code == 403
    assert [
        a["agency"]
        for a in client_for("bangrak.staff").get("/api/v1/budget/overview/?fy=2567").json()["agencies"]
    ] == ["1004"]
    assert len(client_for("executive").get("/api/v1/budget/overview/?fy=2567").json()["agencies"]) == 1


def test_import_through_the_api(client_for, personas, run_jobs):
    bad = io.BytesIO(budget_csv("line,1004,2567,X,n,salary,,,1,,,,,"))
    bad.name = "bad.csv"
    client = client_for("eval.officer")
    response = client.post("/api/v1/budget/imports/", {"file": bad})
    assert response.status_code == 202 and response.json()["state"] == "queued"
    assert response["Location"] == response.json()["api_url"]
    run_jobs()
    job = client.get(response["Location"]).json()
    assert job["state"] == "failed" and job["rejects"][0]["field"] == "budget_type"
    good = io.BytesIO(DATA)
    good.name = "good.csv"
    response = client.post("/api/v1/budget/imports/", {"file": good})
    run_jobs()
    job = client.get(response["Location"]).json()
    assert job["state"] == "done" and job["summary"]["lines"] == 2
    assert client_for("bangrak.head").get(response["Location"]).status_code == 403
    again = io.BytesIO(DATA)
    again.name = "good.csv"
    assert client_for("bangrak.head").post("/api/v1/budget/imports/", {"file": again}).status_code == 403
