"""The join between the evaluation rounds (framework) and reporting (progress): closing a round for reporting
closes every period of it, publishing keeps it closed, closing the year closes everything, and the
evaluation office's exception still lets one agency report in a closed round (never in a closed year)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pramoen.core.errors import ApplicationError
from pramoen.framework.services import round_advance, round_set
from pramoen.progress import periods, services
from pramoen.progress.inputs import ReportInput


def _save(report, personas, text="ซ่อมทางเท้า"):
    report.refresh_from_db()
    return services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(numerator=Decimal(85), denominator=Decimal(100), narrative=text),
    )


@pytest.fixture
def report(world, personas):
    # Q3 (April–June) belongs to the H2 round
    return services.report_open(actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3)


def test_a_closed_round_refuses_its_periods_reports_and_names_the_round(world, personas, report):
    officer = personas["eval.officer"]
    round_set(actor=officer, fiscal_year=2567, period_code="H2", state="open")
    _save(report, personas)  # open: saved
    round_set(actor=officer, fiscal_year=2567, period_code="H2", state="closed")
    with pytest.raises(ApplicationError) as err:
        _save(report, personas, "ส่งช้า")
    assert err.value.extra["reason"] == "round_closed"
    assert world.q3.fiscal_year.periods.get(code="H2").name in err.value.message
    assert "save" not in services.allowed_actions(personas["bangrak.staff"], report)
    report.refresh_from_db()
    assert report.narrative == "ซ่อมทางเท้า"  # nothing half-written
    # H1's periods are not touched by H2 closing … and closing H1 does not close Q3
    assert periods.is_open_for(world.q3.fiscal_year.periods.get(code="M03"), report.assignment.agency_id)
    round_set(actor=officer, fiscal_year=2567, period_code="H1", state="closed")
    round_set(actor=officer, fiscal_year=2567, period_code="H2", state="open")
    _save(report, personas, "ส่งทัน")
    assert not periods.is_open_for(world.q3.fiscal_year.periods.get(code="M03"), report.assignment.agency_id)


def test_the_exception_opens_a_closed_round_for_one_agency_but_not_a_closed_year(world, personas, report):
    officer = personas["eval.officer"]
    round_set(actor=officer, fiscal_year=2567, period_code="H2", state="published")
    with pytest.raises(ApplicationError):
        _save(report, personas)
    periods.lock_exception_grant(
        actor=officer, period=world.q3, agency=world.sidewalks.agency, until=None, reason="น้ำท่วม"
    )
    _save(report, personas, "ส่งตามข้อยกเว้น")
    assert not periods.is_open_for(
        world.q3, world.sathon_sidewalks.agency_id
    )  # the exception is บางรัก's alone
    round_advance(actor=officer, fiscal_year=2567)  # H2 published → the year closed
    with pytest.raises(ApplicationError) as err:
        _save(report, personas, "หลังปิดปี")
    assert err.value.extra["reason"] == "year_closed"
    report.refresh_from_db()
    assert report.narrative == "ส่งตามข้อยกเว้น"


def test_the_report_page_says_why_in_thai_and_offers_no_save(world, personas, report, client_for):
    round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H2", state="closed")
    staff = client_for("bangrak.staff")
    page = staff.get(f"/progress/reports/{report.pk}/")
    assert page.status_code == 200
    assert 'data-testid="reporting-closed"' in page.content.decode()
    assert "ปิดรับรายงานผลแล้ว" in page.content.decode()
    answer = staff.post(
        f"/progress/reports/{report.pk}/save/",
        {"version": report.version, "narrative": "ส่งช้า", "numerator": "1", "denominator": "2"},
    )
    assert answer.status_code < 500
    report.refresh_from_db()
    assert report.narrative == ""


def test_no_report_is_started_in_a_closed_round_and_the_list_says_why(world, personas, client_for):
    round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H2", state="closed")
    with pytest.raises(ApplicationError):
        services.report_open(actor=personas["bangrak.staff"], assignment=world.plan, period=world.q3)
    staff = client_for("bangrak.staff")
    listing = staff.get("/progress/?period=Q3").content.decode()
    assert 'data-testid="reporting-closed"' in listing and 'data-testid="start-1.3"' not in listing
    answer = staff.post(f"/progress/open/{world.plan.pk}/Q3/", follow=True)
    assert answer.status_code == 200 and "ปิดรับรายงานผลแล้ว" in answer.content.decode()
    assert not world.plan.progress_reports.exists()
    # another agency's staff may not open บางรัก's report, closed round or not
    assert client_for("sathon.staff").post(f"/progress/open/{world.plan.pk}/Q3/").status_code == 403
