"""Online-service pages, each tried by a persona who may and one who may not."""

import io

import pytest
from openpyxl import load_workbook

from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.services import service_records_import
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas, catalogue, kpi31):
    service_records_import(
        actor=None,
        upload=csv_bytes(
            "1004,ENV-03,2566-10,online,30", "1004,ENV-03,2566-10,counter,170",
            "1004,REG-06,2566-10,counter,300", "1004,REV-03,2567-03,online,20", "1004,REV-03,2567-03,counter,480",
            "1028,ENV-03,2566-10,online,90", "1028,ENV-03,2566-10,counter,10",
            "1015,ENV-03,2566-10,online,1", "1015,ENV-03,2566-10,counter,99",
        ),
        filename="h1.csv",
    )  # fmt: skip


def test_a_district_sees_its_own_page_with_trend_drivers_and_the_gap(client_for, records):
    response = client_for("bangrak.staff").get("/services/districts/1004/?fy=2567&period=H1")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="services-figure"' in text and "5.00" in text
    assert 'data-testid="services-trend"' in text and 'data-testid="services-drivers"' in text
    assert "ENV-03" in text and "REV-03" in text
    # level 1 = 10 % of 1000 → 50 more online applications in มี.ค. 2567
    assert 'data-testid="services-gaps"' in text and "50" in text and "มี.ค. 2567" in text


def test_another_district_may_not_see_it(client_for, records):
    assert client_for("sathon.staff").get("/services/districts/1004/").status_code == 403
    assert client_for("sathon.staff").get("/services/districts/1004/records.csv").status_code == 403
    assert client_for("committee4.secretary").get("/services/districts/1004/").status_code == 403
    assert client_for("committee1.member").get("/services/districts/1004/").status_code == 200


def test_the_records_behind_the_figure_download_as_csv_and_xlsx(client_for, records):
    client = client_for("bangrak.staff")
    text = client.get("/services/districts/1004/records.csv?fy=2567&period=H1").content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "district,process,process_name,month,channel,count,import" and len(lines) == 6
    xlsx = client.get("/services/districts/1004/records.xlsx?fy=2567&period=H1")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 6


def test_the_overview_shows_every_district_to_the_evaluation_office_and_only_its_own_to_a_district(
    client_for, records
):
    full = client_for("eval.officer").get("/services/?fy=2567&period=H1").content.decode()
    assert full.count('data-code="') == 50 and 'data-code="1028">90.00' in full
    own = client_for("bangrak.staff").get("/services/?fy=2567&period=H1").content.decode()
    assert own.count('data-code="') == 1 and 'data-code="1004"' in own
    group = client_for("committee4.secretary").get("/services/?fy=2567&period=H1").content.decode()
    assert group.count('data-code="') == 8 and 'data-code="1015"' in group
    # a bureau's reviewer: its own 3.1 is the digital systems' use (tests/feeds/services/test_systems.py)
    assert client_for("publicworks.reviewer").get("/services/").url == "/services/systems/"


def test_the_overview_downloads_as_xlsx(client_for, records):
    response = client_for("executive").get("/services/?fy=2567&period=H1&format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "geocode" and len(rows) == 51
    assert next(r for r in rows if r[0] == 1028)[7] == 90.0


def test_the_evaluation_office_imports_through_the_page_and_sees_row_errors(client_for, catalogue, run_jobs):
    client = client_for("eval.officer")
    assert client.get("/services/import/").status_code == 200
    bad = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,12", "1004,NOPE,2566-10,online,1"))
    bad.name = "bad.csv"
    response = client.post("/services/import/", {"file": bad})
    assert response.status_code == 302  # the import runs as a job; its page shows the row errors
    run_jobs()
    text = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-rejects"' in text and "NOPE" in text
    assert ServiceRecord.objects.count() == 0
    good = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,12"))
    good.name = "good.csv"
    assert client.post("/services/import/", {"file": good}).status_code == 302
    run_jobs()
    assert ServiceRecord.objects.count() == 1


def test_a_district_may_not_import(client_for, catalogue):
    assert client_for("bangrak.head").get("/services/import/").status_code == 403
    upload = io.BytesIO(csv_bytes("1004,ENV-03,2566-10,online,12"))
    upload.name = "a.csv"
    assert client_for("bangrak.head").post("/services/import/", {"file": upload}).status_code == 403
    assert ServiceRecord.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_downloads_and_imports_as_is(client_for, catalogue, fmt):
    response = client_for("bangrak.staff").get(f"/services/import/template.{fmt}")
    assert response.status_code == 200
    batch = service_records_import(actor=None, upload=response.content, filename=f"template.{fmt}")
    assert batch.rows_read == 3


def test_the_catalogue_and_criteria_pages(client_for, catalogue, kpi31):
    text = client_for("bangrak.staff").get("/services/processes/").content.decode()
    assert "ENV-03" in text and 'data-testid="demo-notice"' in text and "108" in text
    page = client_for("bangrak.staff").get("/services/criteria/?fy=2567").content.decode()
    # KPI 3.1's own criteria for every period, read-only: they are set in the framework workbook
    assert 'data-testid="criteria-table"' in page and "2567" in page and '<form method="post"' not in page
    assert page.count(">10.00<") == 7 and page.count(">50.00<") == 7 and "/framework/workbook/" not in page
    officer = client_for("eval.officer").get("/services/criteria/?fy=2567").content.decode()
    assert "/framework/workbook/" in officer
    refused = client_for("eval.officer").post("/services/criteria/", {"fiscal_year": 2568, "t1": 1})
    assert refused.status_code == 405  # nothing to write here any more
    none_yet = client_for("bangrak.staff").get("/services/criteria/?fy=2570").content.decode()
    assert none_yet.count('class="pm-notyet"') == 7


def test_the_menu_entry_shows_for_those_who_may_see_a_district_or_a_bureau(client_for, records):
    from django.test import Client

    from pramoen.orgs.models import User

    assert 'href="/services/"' in client_for("bangrak.staff").get("/").content.decode()
    assert 'href="/services/"' in client_for("publicworks.reviewer").get("/").content.decode()
    nobody = Client()
    nobody.force_login(User.objects.create_user(username="no.role", password="x-Pramoen-2567!"))
    assert 'href="/services/"' not in nobody.get("/").content.decode()
    assert nobody.get("/services/").status_code == 403


def test_the_home_page_links_an_agency_to_its_own_feed_pages(client_for, catalogue):
    text = client_for("bangrak.staff").get("/").content.decode()
    assert 'data-testid="home-feeds"' in text and 'href="/services/districts/1004/"' in text
    assert 'href="/budget/agencies/1004/"' in text
    bureau = client_for("publicworks.reviewer").get("/").content.decode()
    assert 'href="/budget/agencies/public-works/"' in bureau and "/services/districts/" not in bureau
    assert 'data-testid="home-feeds"' not in client_for("executive").get("/").content.decode()
