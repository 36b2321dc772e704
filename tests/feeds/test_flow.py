"""Scores follow their inputs: each feed's import, alone, changes the stored scores of the agencies it
touched — through the same job whether it is started on the web page, the API or the command."""

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pramoen.core.audit import acting_as
from pramoen.feeds.jobs import feed_import_path
from pramoen.feeds.models import ImportRun
from pramoen.feeds.services.demo import load_processes
from pramoen.framework.models import Assignment, Component, Indicator, Period
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv
from tests.feeds.services.conftest import csv_bytes

FIVE = {"t1": D(20), "t2": D(35), "t3": D(50), "t4": D(65), "t5": D(80)}


@pytest.fixture
def year(personas: dict[str, Any]) -> dict[str, Assignment]:
    """FY2567 for บางรัก (1004) and สาทร (1028): 3.1, 3.2 and 4, scored with no data yet."""
    fy = fiscal_year_ensure(year=2567)
    load_processes()
    made = {}
    for order, (code, method) in enumerate(
        [("3.1", "online_services"), ("3.2", "budget_disbursement"), ("4", "complaints")], start=1
    ):
        comp = Component.objects.create(fiscal_year=fy, code=code, name_th=code, weight=D(10), order=order)
        ind = Indicator.objects.create(
            fiscal_year=fy, component=comp, code=code, name_th=code, method=method, **FIVE
        )
        for agency in ("1004", "1028"):
            made[f"{code}:{agency}"] = Assignment.objects.create(
                indicator=ind, agency=Agency.objects.get(code=agency), weight=D(10)
            )
    with acting_as(label="system:test"):
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    return made


def h1(assignment: Assignment) -> ScoreResult:
    return ScoreResult.objects.get(
        assignment=assignment, period=Period.objects.get(code="H1", fiscal_year__year=2567)
    )


def one_run(feed: str, job: Any) -> ImportRun:
    """The one shared import run the job's import wrote (feeds.ImportRun), done and linked to the job."""
    (run,) = ImportRun.objects.filter(feed=feed)
    assert (run.status, run.job_id) == ("done", job.pk)
    return run


def test_a_complaint_file_uploaded_on_the_web_scores_the_districts_it_touched(
    year, client_for, run_jobs, tmp_path
):
    assert h1(year["4:1004"]).status == ScoreResult.Status.NO_DATA
    point = inside(1004)
    rows = [
        api_row("2024-FL0001", offset(point, 200), "2024-01-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2024-FL0002", offset(point, 900), "2024-02-10 03:00:00+00", state="รอรับเรื่อง", type="{ไฟฟ้า}"),
    ]
    path = write_csv(tmp_path / "t.csv", API_HEADER, rows)
    upload = SimpleUploadedFile("t.csv", path.read_bytes(), content_type="text/csv")
    client_for("eval.officer").post(reverse("complaints:import"), {"file": upload})
    (job,) = run_jobs()
    assert job.state == "done", job.error
    score = h1(year["4:1004"])
    assert score.status == ScoreResult.Status.SCORED and score.actual == D("50.0000")
    assert job.summary["scores_changed"] > 0 and job.summary["touched"]["fiscal_years"] == [2567]
    run = one_run("complaints", job)
    assert (run.file_name, run.rows_read, run.figures["inserted"]) == ("t.csv", 2, 2)
    assert run.imported_by is not None and run.imported_by.username == "eval.officer"
    # สาทร had no ticket: untouched, still without data
    assert h1(year["4:1028"]).status == ScoreResult.Status.NO_DATA


def test_a_service_file_through_the_api_scores_the_district_offices_it_names(year, client_for, run_jobs):
    upload = io.BytesIO(csv_bytes("1004,ENV-03,2023-11,online,30", "1004,ENV-03,2023-11,counter,70"))
    upload.name = "oss.csv"
    response = client_for("eval.officer").post("/api/v1/services/imports/", {"file": upload})
    assert response.status_code == 202
    (job,) = run_jobs()
    assert h1(year["3.1:1004"]).actual == D("30.0000")
    run = one_run("services", job)
    assert (run.file_format, run.figures, len(run.sha256)) == ("counts", {"created": 2, "updated": 0}, 64)
    assert h1(year["3.1:1028"]).status == ScoreResult.Status.NO_DATA


def test_a_budget_file_through_the_command_scores_the_agencies_it_names(year, tmp_path: Path):
    path = tmp_path / "budget.csv"
    path.write_bytes(
        budget_csv(
            "line,1004,2567,OP,ค่าใช้สอย,operating,annual,,1000000,,,,,",
            "disbursement,1004,2567,OP,,,,,,2024-01-15,400000,DV-1,,",
        )
    )
    before = h1(year["3.2:1004"]).actual
    with acting_as(label="system:test"):
        job = feed_import_path(feed="budget", path=path, actor=None)
    assert job.state == "done" and job.summary["scores_changed"] > 0
    assert before is None and h1(year["3.2:1004"]).actual == D("40.0000")
    run = one_run("budget", job)
    assert (run.figures, run.imported_by, run.actor_label) == (
        {"lines": 1, "entries": 1},
        None,
        "system:test",
    )
    assert h1(year["3.2:1028"]).status == ScoreResult.Status.NO_DATA


def test_a_refused_file_changes_no_score_and_says_why(year, tmp_path: Path):
    path = tmp_path / "budget.csv"
    path.write_bytes(budget_csv("line,1004,2567,OP,ค่าใช้สอย,salary,annual,,1000000,,,,,"))
    with acting_as(label="system:test"):
        job = feed_import_path(feed="budget", path=path, actor=None)
    assert job.state == "failed" and job.rejects[0]["field"] == "budget_type" and job.error
    assert h1(year["3.2:1004"]).status == ScoreResult.Status.NO_DATA
    assert not ImportRun.objects.exists()  # the file saved nothing, not even its run: the job says why


def test_the_scorecard_names_the_import_job_its_scores_come_from(year, client_for, run_jobs, tmp_path):
    point = inside(1004)
    rows = [api_row("2024-FL0101", offset(point, 200), "2024-01-10 03:00:00+00", state="เสร็จสิ้น")]
    path = write_csv(tmp_path / "traffy-jan.csv", API_HEADER, rows)
    upload = SimpleUploadedFile("traffy-jan.csv", path.read_bytes(), content_type="text/csv")
    client_for("eval.officer").post(reverse("complaints:import"), {"file": upload})
    (job,) = run_jobs()
    assert job.state == "done", job.error
    card = "/scores/agency/1004/?fy=2567&period=H1"
    office = client_for("eval.officer").get(card).content.decode()
    said = office.split('data-testid="computed"')[1].split("</p>")[0]
    assert job.label in said and f'href="/jobs/{job.pk}/"' in said
    # the district's own staff read where the scores came from, without a link to another person's job
    staff = client_for("bangrak.staff").get(card).content.decode()
    said = staff.split('data-testid="computed"')[1].split("</p>")[0]
    assert job.label in said and "/jobs/" not in said
    # สาทร's scores were last made by the fixture's command, not by the import
    other = client_for("eval.officer").get("/scores/agency/1028/?fy=2567&period=H1").content.decode()
    assert job.label not in other.split('data-testid="computed"')[1].split("</p>")[0]
    # and another district's staff may not read บางรัก's scorecard at all
    assert client_for("sathon.staff").get(card).status_code == 403
