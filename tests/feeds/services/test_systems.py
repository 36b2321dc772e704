"""Indicator 3.1 at bureaus and offices: the seven digital systems, their monthly use imported through the
services feed (page, API, command, one job), the measure, its trail and who may see or import."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.jobs import feed_import_path
from pramoen.feeds.services.models import DigitalSystem, SeedMention, SystemUsage
from pramoen.feeds.services.services import service_records_import
from pramoen.framework.models import Assignment, Period
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.methods import MethodContext, get_method
from pramoen.scoring.models import ScoreResult
from tests.feeds.services.conftest import csv_bytes

pytestmark = pytest.mark.django_db
HEADER = "agency,system,month,accounts,active"
THAI_HEADER = "หน่วยงาน,ระบบ,เดือน,บัญชีผู้ใช้งาน,บัญชีที่ใช้งานในเดือน"


def systems_csv(*rows: str, header: str = HEADER) -> bytes:
    return csv_bytes(*rows, header=header)


@pytest.fixture
def assigned(personas: dict[str, Any], kpi31: Any) -> dict[str, Assignment]:
    """3.1 (criteria 10/20/30/40/50) for สำนักการโยธา, สำนักการแพทย์ and บางรัก, scored with no data yet."""
    made = {
        code: Assignment.objects.create(indicator=kpi31, agency=Agency.objects.get(code=code), weight=D(10))
        for code in ("public-works", "medical-services", "1004")
    }
    with acting_as(label="system:test"):
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    return made


def h1(assignment: Assignment) -> ScoreResult:
    return ScoreResult.objects.get(
        assignment=assignment, period=Period.objects.get(code="H1", fiscal_year__year=2567)
    )


def test_the_catalogue_holds_seven_systems_citing_the_seed_or_marked_demo(db):
    systems = list(DigitalSystem.objects.all())
    assert len(systems) == 7
    named = {s.code for s in systems if s.seed == SeedMention.KPI}
    assert named == {"E-SARABAN", "BMA-SSO", "MIS2", "BMA-OSS"}
    assert {s.code for s in systems if s.seed == SeedMention.ELSEWHERE} == {"CA", "BMA-BP"}
    (placeholder,) = [s for s in systems if s.is_demo]
    assert placeholder.seed_lines == "" and "ค่าสาธิต" in placeholder.name_th
    assert all(s.seed_lines for s in systems if not s.is_demo)


def test_a_systems_file_through_the_command_scores_the_bureau_in_the_same_job(assigned, tmp_path: Path):
    assert h1(assigned["public-works"]).status == ScoreResult.Status.NO_DATA
    path = tmp_path / "systems.csv"
    path.write_bytes(
        systems_csv(
            "public-works,E-SARABAN,2566-10,1000,600",
            "สนย.,E-SARABAN,2566-11,1000,800",  # the abbreviation
            "สำนักการโยธา,MIS2,2023-10,2,000,500",  # a thousands separator would shift the columns: quoted below
        ).replace(b"2,000", b'"2,000"')
    )
    with acting_as(label="system:test"):
        job = feed_import_path(feed="services", path=path, actor=None)
    assert job.state == "done", job.error
    assert job.summary["scores_changed"] > 0 and job.summary["touched"]["fiscal_years"] == [2567]
    score = h1(assigned["public-works"])
    # e-Saraban 1,400 of 2,000 = 70 %; MIS2 500 of 2,000 = 25 %; the mean 47.5 % → level 4 of 10/20/…/50
    assert score.status == ScoreResult.Status.SCORED and score.actual == D("47.5000")
    assert [s["share"] for s in score.inputs["systems"]] == ["70.0000", "25.0000"]
    # another bureau had no rows: untouched
    assert h1(assigned["medical-services"]).status == ScoreResult.Status.NO_DATA


def test_the_thai_template_imports_through_the_api_as_it_is_downloaded(assigned, client_for, run_jobs):
    office = client_for("eval.officer")
    template = office.get(reverse("services:systems-template", args=["csv"]))
    assert template.status_code == 200
    text = template.content.decode("utf-8-sig")
    assert text.startswith(THAI_HEADER)
    upload = io.BytesIO(template.content)
    upload.name = "template.csv"
    response = office.post("/api/v1/services/imports/", {"file": upload})
    assert response.status_code == 202
    (job,) = run_jobs()
    assert job.state == "done", job.error
    # the template's rows: สำนักการโยธา e-Saraban 1,010 of 1,250 and MIS2 690 of 1,480; สำนักการแพทย์ BMA SSO
    assert h1(assigned["public-works"]).actual == D("63.7108")  # (80.8 + 46.6216) / 2
    assert h1(assigned["medical-services"]).actual == D("59.6154")  # 3,100 of 5,200


def test_bad_rows_are_named_by_row_column_and_reason_and_nothing_is_saved(assigned):
    with pytest.raises(ApplicationError) as refused:
        service_records_import(
            actor=None,
            upload=systems_csv(
                "ไม่มีหน่วยงานนี้,E-SARABAN,2566-10,10,5",
                "1004,E-SARABAN,2566-10,10,5",  # a district office: counted by BMA OSS applications
                "public-works,NOPE,2566-13,ten,5",
                "public-works,MIS2,2566-10,10,11",
                "public-works,MIS2,2566-10,0,0",
                header=THAI_HEADER,
            ),
            filename="bad.csv",
        )
    errors = [(e["row"], e["field"]) for e in refused.value.extra["errors"]]
    assert errors == [
        (2, "หน่วยงาน"),
        (3, "หน่วยงาน"),
        (4, "ระบบ"),
        (4, "เดือน"),
        (4, "บัญชีผู้ใช้งาน"),
        (5, "บัญชีที่ใช้งานในเดือน"),
        (6, "บัญชีผู้ใช้งาน"),
        (6, "เดือน"),  # the same agency, system and month as row 5
    ]
    reasons = {e["row"]: e["reason"] for e in refused.value.extra["errors"]}
    assert "district office" in reasons[3] and "more than" in reasons[5]
    assert not SystemUsage.objects.exists()


def test_a_file_missing_a_column_is_refused_naming_it(assigned):
    with pytest.raises(ApplicationError) as refused:
        service_records_import(
            actor=None,
            upload=systems_csv("public-works,MIS2,2566-10,10", header=HEADER[:-7]),
            filename="x.csv",
        )
    assert [e["field"] for e in refused.value.extra["errors"]] == ["active"]


def test_who_may_not_import_is_refused_on_the_page_and_the_api(assigned, client_for):
    body = systems_csv("public-works,E-SARABAN,2566-10,1000,600")
    for user in ("publicworks.reviewer", "bangrak.staff"):
        client = client_for(user)
        upload = SimpleUploadedFile("s.csv", body, content_type="text/csv")
        assert client.post(reverse("services:import"), {"file": upload}).status_code == 403
        api = io.BytesIO(body)
        api.name = "s.csv"
        assert client.post("/api/v1/services/imports/", {"file": api}).status_code == 403
    assert not SystemUsage.objects.exists()


@pytest.fixture
def used(assigned: dict[str, Assignment]) -> dict[str, Assignment]:
    service_records_import(
        actor=None,
        upload=systems_csv(
            "public-works,E-SARABAN,2566-10,1000,600",
            "public-works,E-SARABAN,2567-03,1000,800",
            "public-works,DEMO-7,2566-10,12000,3000",
            "public-works,E-SARABAN,2567-04,1000,0",  # April: outside H1
        ),
        filename="pw.csv",
    )
    with acting_as(label="system:test"):
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    return assigned


def test_the_measure_is_the_mean_of_each_systems_share_of_accounts_used(used):
    agency = Agency.objects.get(code="public-works")
    ctx = MethodContext(
        agency_id=agency.pk, agency_code=agency.code, fiscal_year=2567, period_code="Q1",
        period_start=dt.date(2023, 10, 1), period_end=dt.date(2023, 12, 31), indicator_code="3.1", params={},
    )  # fmt: skip
    q1 = get_method("online_services").compute(ctx)
    assert q1.actual == D("42.5000")  # (60 + 25) / 2
    assert "pramoen" in q1.explanation
    h1_score = h1(used["public-works"])
    assert h1_score.actual == D("47.5000")  # e-Saraban 1,400 of 2,000 = 70; the placeholder 25
    assert h1_score.level == 4


def test_the_trail_has_a_thai_line_per_system_linked_to_the_records(used, client_for):
    score = h1(used["public-works"])
    html = client_for("eval.officer").get(f"/scores/{score.pk}/").content.decode()
    assert "ระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร" in html and "ระบบที่ 7 (ค่าสาธิต)" in html
    assert "1,400" in html and "2,000" in html and "12,000" in html
    assert "/services/agencies/public-works/systems/?fy=2567&amp;period=H1" in html
    trail = html.split('data-testid="trail-lines"')[1].split("</ul>")[0]
    assert trail.count("<li") == 2 + 3 + 1  # the period, the reading, a line per system, records, imports
    for raw in ("E-SARABAN", "DEMO-7", "None", "'system'", "{'", "[{", "measure", "systems", "_"):
        assert raw not in trail.replace("/systems/", ""), raw


def test_the_pages_show_the_systems_to_their_agency_and_the_evaluation_office(used, client_for):
    office = client_for("eval.officer")
    page = office.get("/services/systems/?fy=2567&period=H1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "47.50" in html and "ค่าสาธิต" in html and 'data-testid="systems-reading"' in html
    assert len(re.findall(r'href="/services/agencies/[^/]+/systems/', html)) > 20  # every bureau and office
    # the bureau's own reviewer: the services menu leads to its systems, not to 403
    reviewer = client_for("publicworks.reviewer")
    assert reviewer.get("/services/").url.startswith("/services/systems/")
    own = reviewer.get("/services/systems/?fy=2567&period=H1").content.decode()
    assert own.count('href="/services/agencies/') == 1
    detail = reviewer.get("/services/agencies/public-works/systems/?fy=2567&period=H1")
    assert detail.status_code == 200 and "1,000" in detail.content.decode()
    records = reviewer.get("/services/agencies/public-works/systems/?fy=2567&period=H1&format=csv")
    assert records.content.decode("utf-8-sig").count("\n") == 4  # the header and three H1 months
    # another agency's staff may not read them; a district's staff has no systems page
    assert client_for("socialdev.reviewer").get("/services/agencies/public-works/systems/").status_code == 403
    assert client_for("bangrak.staff").get("/services/systems/").status_code == 403
    assert office.get("/services/agencies/1004/systems/").status_code == 404
