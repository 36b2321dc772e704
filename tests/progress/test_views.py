"""The pages: each tried by a persona who may and one who may not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.progress import services
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import Notification, ProgressReport
from tests.progress.photos import jpeg


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def _open(world, client):
    response = client.post(f"/progress/open/{world.sidewalks.pk}/Q3/")
    assert response.status_code == 302
    return ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3)


def test_staff_start_a_report_from_their_list_and_others_may_not_read_it(world, client_for):
    staff = client_for("bangrak.staff")
    page = staff.get("/progress/?period=Q3")
    assert page.status_code == 200 and "1.4" in page.content.decode()
    report = _open(world, staff)
    page = staff.get(f"/progress/reports/{report.pk}/")
    assert page.status_code == 200
    assert 'name="numerator"' in page.content.decode()
    assert client_for("sathon.staff").get(f"/progress/reports/{report.pk}/").status_code == 403
    assert client_for("sathon.staff").post(f"/progress/open/{world.plan.pk}/Q3/").status_code == 403
    assert client_for("executive").get(f"/progress/reports/{report.pk}/").status_code == 200


def test_autosave_answers_a_stale_version_with_a_conflict_and_keeps_the_saved_text(world, client_for):
    report = _open(world, client_for("bangrak.staff"))
    htmx = {"HTTP_HX_REQUEST": "true"}
    first = client_for("bangrak.staff").post(
        f"/progress/reports/{report.pk}/save/", {"version": report.version, "narrative": "ฉบับแรก"}, **htmx
    )
    assert first.status_code == 200 and 'data-testid="saved"' in first.content.decode()
    second = client_for("bangrak.head").post(
        f"/progress/reports/{report.pk}/save/", {"version": report.version, "narrative": "ฉบับสอง"}, **htmx
    )
    assert second.status_code == 409
    assert 'data-testid="conflict"' in second.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).narrative == "ฉบับแรก"
    bad = client_for("bangrak.staff").post(
        f"/progress/reports/{report.pk}/save/", {"version": report.version + 1, "numerator": "abc"}, **htmx
    )
    assert bad.status_code == 400 and "abc" in bad.content.decode()
    refused = client_for("sathon.staff").post(
        f"/progress/reports/{report.pk}/save/", {"version": report.version + 1, "narrative": "x"}, **htmx
    )
    assert refused.status_code == 403


def test_the_workflow_buttons_follow_the_policy(world, client_for, personas):
    report = _open(world, client_for("bangrak.staff"))
    report = services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(numerator=Decimal(9), denominator=Decimal(10)),
    )
    page = client_for("bangrak.staff").get(f"/progress/reports/{report.pk}/").content.decode()
    assert 'value="submit"' not in page
    assert (
        client_for("bangrak.staff")
        .post(f"/progress/reports/{report.pk}/action/", {"action": "submit", "version": report.version})
        .status_code
        == 403
    )
    head = client_for("bangrak.head")
    assert 'value="submit"' in head.get(f"/progress/reports/{report.pk}/").content.decode()
    head.post(f"/progress/reports/{report.pk}/action/", {"action": "submit", "version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"
    reviewer = client_for("publicworks.reviewer")
    assert report.pk in [r.pk for r in reviewer.get("/progress/").context["queue"]]
    assert client_for("socialdev.reviewer").get("/progress/").context["queue"].count() == 0
    reviewer.post(f"/progress/reports/{report.pk}/action/", {"action": "review", "version": report.version})
    report.refresh_from_db()
    assert report.status == "reviewed"
    page = client_for("publicworks.reviewer").get("/progress/notifications/")
    assert "1.4" in page.content.decode()
    assert Notification.objects.filter(user__username="eval.officer", kind="reviewed").exists()


def test_evidence_upload_reads_the_location_and_the_file_stays_private(world, client_for):
    staff = client_for("bangrak.staff")
    report = _open(world, staff)
    photo = SimpleUploadedFile("site.jpg", jpeg(lat=13.7262, lon=100.5235), content_type="image/jpeg")
    staff.post(f"/progress/reports/{report.pk}/evidence/", {"file": photo, "caption": "หน้างาน"})
    item = report.evidence.get()
    assert item.location_source == "exif"
    assert staff.get(f"/progress/evidence/{item.pk}/thumb/").status_code == 200
    assert client_for("sathon.staff").get(f"/progress/evidence/{item.pk}/file/").status_code == 403
    renamed = SimpleUploadedFile("setup.jpg", b"MZ" + b"\x00" * 100, content_type="image/jpeg")
    response = staff.post(f"/progress/reports/{report.pk}/evidence/", {"file": renamed}, follow=True)
    assert "setup.jpg" in response.content.decode()
    assert report.evidence.count() == 1


def test_only_the_evaluation_office_manages_deadlines_and_locks(world, client_for):
    assert client_for("bangrak.head").get("/progress/periods/?period=Q3").status_code == 403
    officer = client_for("eval.officer")
    assert officer.get("/progress/periods/?period=Q3").status_code == 200
    officer.post("/progress/periods/?period=Q3", {"what": "deadline", "deadline": "2024-07-15"})
    officer.post("/progress/periods/?period=Q3", {"what": "lock"})
    world.q3.refresh_from_db()
    assert world.q3.control.locked and str(world.q3.control.deadline) == "2024-07-15"
    officer.post("/progress/periods/?period=Q3", {"what": "exception", "agency": "1004", "reason": "น้ำท่วม"})
    assert world.q3.lock_exceptions.filter(agency__code="1004").exists()


def test_the_plan_page_saves_steps_and_shows_what_is_missing(world, client_for):
    staff = client_for("bangrak.staff")
    page = staff.get(f"/progress/plans/{world.plan.pk}/")
    assert page.status_code == 200 and 'data-testid="plan-incomplete"' in page.content.decode()
    form = {"rows": 3, "version": "", "target_text": "สวน 15 นาที 3 แห่ง"}
    form |= {"name_0": "สำรวจ", "start_0": "2023-10-01", "end_0": "2023-12-31", "weight_0": "40"}
    form |= {"name_1": "ก่อสร้าง", "start_1": "2024-01-01", "end_1": "2024-09-30", "weight_1": "60"}
    staff.post(f"/progress/plans/{world.plan.pk}/", form)
    page = staff.get(f"/progress/plans/{world.plan.pk}/").content.decode()
    assert 'data-testid="plan-complete"' in page
    bad = dict(form, version="1", end_1="2023-01-01")
    page = staff.post(f"/progress/plans/{world.plan.pk}/", bad, follow=True).content.decode()
    assert world.plan.action_plan.milestones.get(order=1).planned_end.isoformat() == "2024-09-30"
    assert client_for("sathon.staff").get(f"/progress/plans/{world.plan.pk}/").status_code == 403
    assert client_for("executive").post(f"/progress/plans/{world.plan.pk}/", form).status_code == 403


def test_a_feed_computed_indicator_shows_its_value_read_only_with_the_trail(world, client_for):
    from django.utils import timezone

    from pramoen.scoring.models import ScoreResult

    ScoreResult.objects.create(
        assignment=world.complaints,
        period=world.q3,
        status="scored",
        actual=Decimal("91.5"),
        score=Decimal("4.15"),
        method="complaints",
        explanation="ปิดเรื่อง 183 จาก 200 เรื่อง",
        computed_at=timezone.now(),
        fingerprint="x",
    )
    staff = client_for("bangrak.staff")
    staff.post(f"/progress/open/{world.complaints.pk}/Q3/")
    report = ProgressReport.objects.get(assignment=world.complaints, period=world.q3)
    page = staff.get(f"/progress/reports/{report.pk}/").content.decode()
    assert 'data-testid="computed"' in page and "91.50" in page
    assert 'name="value"' not in page
    trail = staff.get(f"/progress/trail/{world.complaints.pk}/Q3/", follow=True).content.decode()
    assert "ปิดเรื่อง 183 จาก 200 เรื่อง" in trail
    assert client_for("sathon.staff").get(f"/progress/trail/{world.complaints.pk}/Q3/").status_code == 403
