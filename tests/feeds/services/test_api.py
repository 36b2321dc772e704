"""The online-service API: the figure with its trail, the overview, imports — allowed and refused."""

import io

import pytest

from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.services import service_records_import
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas, catalogue, kpi31):
    service_records_import(
        actor=None,
        upload=csv_bytes(
            "1004,ENV-03,2566-10,online,30",
            "1004,ENV-03,2566-10,counter,170",
            "1004,REG-06,2567-03,counter,800",
        ),
        filename="h1.csv",
    )


def test_a_district_reads_its_figure_trend_drivers_and_gaps(client_for, records):
    data = client_for("bangrak.staff").get("/api/v1/services/districts/1004/?fy=2567&period=H1").json()
    assert (data["online"], data["total"], data["share"]) == (30, 1000, "3.0000")
    assert data["level"] == 0 and data["thresholds"][0] == "10.0000"  # KPI 3.1's own criteria
    assert data["criteria_source"] == "year_end"
    assert data["gaps"][0]["more_online_applications"] == 70 and data["gaps"][0]["within_this_month"] is False
    assert [d["process"] for d in data["drivers"]][:1] == ["ENV-03"]
    assert len(data["trend"]) == 12


def test_others_are_refused(client_for, records, client):
    assert client_for("sathon.staff").get("/api/v1/services/districts/1004/").status_code == 403
    assert client.get("/api/v1/services/districts/1004/").status_code in {401, 403}
    assert client_for("publicworks.reviewer").get("/api/v1/services/overview/").status_code == 403


def test_the_overview_is_scoped(client_for, records):
    assert len(client_for("eval.officer").get("/api/v1/services/overview/?fy=2567").json()["districts"]) == 50
    assert [
        d["district"]
        for d in client_for("bangrak.staff").get("/api/v1/services/overview/?fy=2567").json()["districts"]
    ] == [1004]


def test_import_through_the_api_with_row_errors(client_for, catalogue, run_jobs):
    client = client_for("eval.officer")
    bad = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,x"))
    bad.name = "bad.csv"
    response = client.post("/api/v1/services/imports/", {"file": bad})
    assert response.status_code == 202
    run_jobs()
    job = client.get(response["Location"]).json()
    assert job["state"] == "failed"
    assert job["rejects"][0] == {"row": 2, "field": "count", "reason": "“x” ไม่ใช่จำนวนเต็มตั้งแต่ 0 ขึ้นไป"}
    good = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,3"))
    good.name = "good.csv"
    response = client.post("/api/v1/services/imports/", {"file": good})
    run_jobs()
    assert client.get(response["Location"]).json()["summary"]["created"] == 1
    assert client.post("/api/v1/services/imports/", {}).status_code == 400
    refused = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,3"))
    refused.name = "a.csv"
    assert client_for("bangrak.head").post("/api/v1/services/imports/", {"file": refused}).status_code == 403
    assert ServiceRecord.objects.count() == 1
