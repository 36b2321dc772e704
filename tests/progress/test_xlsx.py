"""The XLSX round trip of an agency's period: errors name row and column and save nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from pramoen.core.errors import ApplicationError
from pramoen.progress import services, xlsx
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import ProgressReport
from pramoen.progress.plans import MilestoneInput, plan_save


def _fill(
    data: bytes, edits: dict[tuple[str, str], object], milestones: dict[int, object] | None = None
) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[xlsx.SHEET]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        code = row[1].value
        for (indicator, column), value in edits.items():
            if indicator == code:
                row[header.index(column)].value = value
    for row_number, done in (milestones or {}).items():
        wb[xlsx.MILESTONE_SHEET].cell(row=row_number, column=6).value = done
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_round_trip_saves_every_row(world, personas):
    staff, agency = personas["bangrak.staff"], world.sidewalks.agency
    plan_save(
        actor=staff,
        assignment=world.plan,
        version=None,
        target_text="",
        milestones=[
            MilestoneInput("ก", None, None, Decimal(50), None),
            MilestoneInput("ข", None, None, Decimal(50), None),
        ],
    )
    services.report_open(actor=staff, assignment=world.plan, period=world.q3)
    data = xlsx.workbook_download(actor=staff, agency=agency, period=world.q3)
    codes = [r[1] for r in load_workbook(io.BytesIO(data))[xlsx.SHEET].iter_rows(min_row=2, values_only=True)]
    assert codes == ["1.3", "1.4"]  # the complaints indicator is computed, not typed
    filled = _fill(
        data,
        {("1.4", "numerator"): 45, ("1.4", "denominator"): "๖๐", ("1.4", "narrative"): "จากไฟล์"},
        {2: 100, 3: 40},
    )
    assert xlsx.workbook_upload(actor=staff, agency=agency, period=world.q3, data=filled) == 2
    report = ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3)
    assert (report.numerator, report.denominator, report.narrative) == (Decimal(45), Decimal(60), "จากไฟล์")
    plan_report = ProgressReport.objects.get(assignment=world.plan, period=world.q3)
    assert [m["done"] for m in plan_report.milestones] == [100, 40]


def test_an_upload_with_errors_saves_nothing_and_names_row_and_column(world, personas):
    staff, agency = personas["bangrak.staff"], world.sidewalks.agency
    report = services.report_open(actor=staff, assignment=world.sidewalks, period=world.q3)
    services.report_save(
        actor=staff, report=report, version=report.version, data=ReportInput(narrative="เดิม")
    )
    data = xlsx.workbook_download(actor=staff, agency=agency, period=world.q3)
    bad = _fill(data, {("1.4", "numerator"): "สิบ", ("1.4", "narrative"): "ใหม่", ("1.3", "denominator"): -5})
    with pytest.raises(ApplicationError) as err:
        xlsx.workbook_upload(actor=staff, agency=agency, period=world.q3, data=bad)
    found = {(e["row"], e["column"]) for e in err.value.extra["errors"]}
    assert found == {(3, "G"), (2, "H")}
    assert "3" in err.value.message and "G" in err.value.message
    assert ProgressReport.objects.get(pk=report.pk).narrative == "เดิม"
    assert not ProgressReport.objects.filter(assignment=world.plan).exists()


def test_a_stale_workbook_is_refused(world, personas):
    staff, agency = personas["bangrak.staff"], world.sidewalks.agency
    report = services.report_open(actor=staff, assignment=world.sidewalks, period=world.q3)
    data = xlsx.workbook_download(actor=staff, agency=agency, period=world.q3)
    services.report_save(
        actor=staff, report=report, version=report.version, data=ReportInput(narrative="ระหว่างนั้น")
    )
    with pytest.raises(ApplicationError, match="3"):
        xlsx.workbook_upload(
            actor=staff, agency=agency, period=world.q3, data=_fill(data, {("1.4", "value"): 5})
        )
    assert ProgressReport.objects.get(pk=report.pk).narrative == "ระหว่างนั้น"


def test_not_a_workbook_and_other_agencies(world, personas):
    agency = world.sidewalks.agency
    with pytest.raises(ApplicationError):
        xlsx.workbook_upload(actor=personas["bangrak.staff"], agency=agency, period=world.q3, data=b"MZ\x00")
    with pytest.raises(PermissionDenied):
        xlsx.workbook_upload(actor=personas["sathon.staff"], agency=agency, period=world.q3, data=b"")
    with pytest.raises(PermissionDenied):
        xlsx.workbook_download(actor=personas["sathon.staff"], agency=agency, period=world.q3)


def test_download_and_upload_through_the_pages(world, client_for):
    staff = client_for("bangrak.staff")
    response = staff.get("/progress/xlsx/1004/Q3/")
    assert response.status_code == 200
    filled = _fill(response.content, {("1.4", "numerator"): 7, ("1.4", "denominator"): 10})
    page = staff.post("/progress/xlsx/1004/Q3/upload/", {"file": io.BytesIO(filled)}, follow=True)
    assert page.status_code == 200
    assert ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3).numerator == 7
    assert client_for("sathon.staff").get("/progress/xlsx/1004/Q3/").status_code == 403
