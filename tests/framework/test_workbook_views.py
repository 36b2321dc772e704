"""The framework workbook page: evaluation officers may; agency staff, executives and secretaries may not."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from pramoen.core.audit import acting_as
from pramoen.framework.demo import load_framework_demo
from pramoen.framework.models import FiscalYear, Indicator, Target

FORBIDDEN = ["bangrak.staff", "executive", "committee1.secretary"]


@pytest.fixture
def demo(personas):
    with acting_as(label="system:test"):
        load_framework_demo()


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("framework.xlsx", data, content_type="application/octet-stream")


def test_it_shows_the_page_and_the_menu_entry_to_an_evaluation_officer(demo, client_for):
    response = client_for("eval.officer").get("/framework/workbook/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/framework/workbook/2567.xlsx"' in html and 'data-testid="copy-year"' in html
    assert 'href="/framework/workbook/"' in html  # the menu entry
    assert 'href="/framework/workbook/"' not in client_for("bangrak.staff").get("/").content.decode()


def test_it_downloads_and_uploads_a_workbook(demo, client_for, run_jobs):
    client = client_for("eval.officer")
    response = client.get("/framework/workbook/2567.xlsx")
    assert response.status_code == 200 and "2567.xlsx" in response["Content-Disposition"]
    data = response.content
    assert load_workbook(io.BytesIO(data))["ตัวชี้วัด (indicators)"]["A3"].value == "1.1"
    response = client.post("/framework/workbook/import/", {"fiscal_year": 2569, "file": _upload(data)})
    assert response.status_code == 302  # to the import job, which the worker runs
    (job,) = run_jobs()
    assert job.state == "done" and job.summary["changed"] > 0
    assert 'data-testid="job-summary"' in client.get(response["Location"]).content.decode()
    assert (
        Target.objects.filter(assignment__indicator__fiscal_year__year=2569).count()
        == Target.objects.filter(assignment__indicator__fiscal_year__year=2567).count()
    )


def test_an_upload_with_errors_shows_the_table_and_saves_nothing(demo, client_for):
    client = client_for("eval.officer")
    wb = load_workbook(io.BytesIO(client.get("/framework/workbook/2567.xlsx").content))
    wb["ตัวชี้วัด (indicators)"]["G3"] = "magic"
    wb["ค่าเป้าหมาย (targets)"]["D5"] = "M13"
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        "/framework/workbook/import/", {"fiscal_year": 2569, "file": _upload(out.getvalue())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="workbook-errors"' in html
    assert "<td>ตัวชี้วัด (indicators)</td><td>3</td><td>G (method)</td>" in html
    assert "<td>ค่าเป้าหมาย (targets)</td><td>5</td><td>D (period)</td>" in html
    assert not FiscalYear.objects.filter(year=2569).exists()


def test_copy_last_year_is_one_click(demo, client_for):
    response = client_for("eval.officer").post(
        "/framework/workbook/copy/", {"from_year": 2567, "to_year": 2568}
    )
    assert response.status_code == 302
    assert Indicator.objects.filter(fiscal_year__year=2568).count() == 19
    again = client_for("eval.officer").post(
        "/framework/workbook/copy/", {"from_year": 2567, "to_year": 2568}, follow=True
    )
    assert "already has indicators" in again.content.decode() or "มีตัวชี้วัดอยู่แล้ว" in again.content.decode()


@pytest.mark.parametrize("username", FORBIDDEN)
def test_others_may_not_use_it(demo, client_for, username):
    client = client_for(username)
    assert client.get("/framework/workbook/").status_code == 403
    assert client.get("/framework/workbook/2567.xlsx").status_code == 403
    assert client.post("/framework/workbook/copy/", {"from_year": 2567, "to_year": 2568}).status_code == 403
    assert client.post("/framework/workbook/import/", {"fiscal_year": 2568}).status_code == 403
    assert not FiscalYear.objects.filter(year=2568).exists()


def test_the_command_exports_checks_and_imports(demo, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "fw.xlsx"
    call_command("framework_workbook", "export", "--fiscal-year", "2567", "-o", str(path))
    out = io.StringIO()
    call_command("framework_workbook", "import", "--fiscal-year", "2568", str(path), "--dry-run", stdout=out)
    assert (
        "dry run" in out.getvalue()
        and not FiscalYear.objects.filter(year=2568, indicators__isnull=False).exists()
    )
    call_command("framework_workbook", "import", "--fiscal-year", "2568", str(path), stdout=out)
    assert Indicator.objects.filter(fiscal_year__year=2568).count() == 19
    wb = load_workbook(path)
    wb["องค์ประกอบ (components)"]["D3"] = -1
    wb.save(path)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "framework_workbook", "import", "--fiscal-year", "2568", str(path), "--english", stderr=err
        )
    assert "องค์ประกอบ (components)\t3\tD (weight)\t-1 is below the minimum 0." in err.getvalue()
    with pytest.raises(CommandError):
        call_command(
            "framework_workbook",
            "export",
            "--fiscal-year",
            "2567",
            "-o",
            str(path),
            "--user",
            "bangrak.staff",
        )


@pytest.mark.parametrize("username", FORBIDDEN)
def test_who_may_not_edit_criteria_is_refused_the_import_and_nothing_changes(demo, client_for, username):
    from pramoen.framework.models import PlanPoint
    from pramoen.framework.workbook import framework_workbook_export
    from pramoen.orgs.models import User

    data = framework_workbook_export(actor=User.objects.get(username="eval.officer"), fiscal_year=2567)
    wb = load_workbook(io.BytesIO(data))
    wb["แผนสะสม (plan_curve)"].delete_rows(3, 100)  # every plan point removed
    out = io.BytesIO()
    wb.save(out)
    before = list(PlanPoint.objects.values_list("pk", "share"))
    response = client_for(username).post(
        "/framework/workbook/import/", {"fiscal_year": 2567, "file": _upload(out.getvalue())}
    )
    assert response.status_code == 403
    assert list(PlanPoint.objects.values_list("pk", "share")) == before and before
