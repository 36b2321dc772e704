"""At phone size: a district officer reports with a GPS-tagged photo and a photo placed on the district map,
sends it to the head, the head submits, the host agency reviews, the evaluation officer verifies (each step
confirmed first) and the agency's score changes; the GPS photo is one สาทร already sent, and the host's
reviewer sees it flagged (the upload was not refused); two editors of one report."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from pramoen.progress import services
from pramoen.progress.evidence import evidence_add
from pramoen.progress.models import ProgressReport
from pramoen.scoring.models import AgencyScore
from tests.browser.conftest import confirm, sign_in
from tests.conftest import PASSWORD
from tests.progress.conftest import World, build_world
from tests.progress.photos import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    return build_world()


def _overall(agency_code: str, code: str) -> Any:
    row = AgencyScore.objects.filter(
        agency__code=agency_code, period__code=code, component__isnull=True
    ).first()
    return row.score if row else None


def test_report_with_a_gps_photo_goes_from_officer_to_verified_score(browser, live_server, world):
    # สาทร sent this picture (without its position) in its own report of the quarter
    sathon = get_user_model().objects.get(username="sathon.staff")
    theirs = services.report_open(actor=sathon, assignment=world.sathon_sidewalks, period=world.q3)
    upload = SimpleUploadedFile("sathon.jpg", jpeg(seed=21), content_type="image/jpeg")
    evidence_add(actor=sathon, report=theirs, upload=upload)

    staff = sign_in(browser, live_server, "bangrak.staff", 390)
    staff.goto(f"{live_server.url}/progress/?period=Q3")
    staff.get_by_test_id("start-1.4").click()
    staff.wait_for_url("**/progress/reports/*/")
    assert "เกณฑ์การให้คะแนน" in staff.get_by_test_id("indicator-facts").inner_text()
    staff.get_by_label("ตัวตั้ง").fill("85")
    staff.get_by_label("ตัวหาร").fill("100")
    staff.get_by_label("ผลการดำเนินงานที่ทำ").fill("ปรับปรุงทางเท้าถนนสีลม 1.2 กม.")
    staff.wait_for_selector('[data-testid="saved"]')
    assert staff.get_by_test_id("preview").inner_text() == "85.00"
    # leaving the field saves once more; let it finish (the test database is one in-memory SQLite)
    staff.get_by_label("ผลการดำเนินงานที่ทำ").blur()
    staff.wait_for_timeout(700)
    staff.wait_for_load_state("networkidle")

    staff.locator("#evidence-file").set_input_files(
        {"name": "silom.jpg", "mimeType": "image/jpeg", "buffer": jpeg(lat=13.7262, lon=100.5235, seed=21)}
    )
    staff.get_by_test_id("upload").click()
    staff.wait_for_selector('[data-testid="evidence-item"]')
    assert "13.726200, 100.523500" in staff.get_by_test_id("evidence-location").inner_text()

    # a photo without a position: placed by tapping inside the district's outline on the map
    staff.locator("#evidence-file").set_input_files(
        {"name": "no-gps.jpg", "mimeType": "image/jpeg", "buffer": jpeg(size=(320, 240))}
    )
    staff.get_by_test_id("upload").click()
    staff.wait_for_selector('[data-testid="evidence-item"] >> nth=1')
    staff.wait_for_selector('#pick-map[data-loaded="1"]')
    outline = staff.locator("#pick-map path.leaflet-interactive").first
    outline.scroll_into_view_if_needed()
    box = outline.bounding_box()
    assert box is not None and box["width"] > 20  # the district is drawn, not an empty grey box
    staff.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    staff.get_by_role("button", name="ใช้จุดที่เลือกบนแผนที่").click()
    staff.wait_for_selector('[data-testid="evidence-item"] >> nth=1')
    placed = [
        e
        for e in ProgressReport.objects.get(assignment=world.sidewalks).evidence.all()
        if e.location_source == "map"
    ]
    assert len(placed) == 1 and not placed[0].location_outside

    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    assert staff.get_by_test_id("submit").count() == 0  # staff cannot submit: they send to the head
    said = confirm(staff, "send-to-head")
    assert "หัวหน้า" in said
    staff.wait_for_selector('[data-testid="waiting-for-head"]')
    report = ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3)
    assert report.narrative.startswith("ปรับปรุงทางเท้า") and report.status == "ready"

    head = sign_in(browser, live_server, "bangrak.head", 390)
    head.get_by_test_id("home-waiting").get_by_role("link").first.click()
    head.wait_for_url(f"**/progress/reports/{report.pk}/")
    # cancelling the confirmation sends nothing
    head.get_by_test_id("submit").click()
    head.locator("#pm-confirm").get_by_role("button", name="ยกเลิก").click()
    assert ProgressReport.objects.get(pk=report.pk).status == "ready"
    assert "หน่วยงานเจ้าภาพ" in confirm(head, "submit")
    head.wait_for_selector('[data-testid="status"]:has-text("ส่งแล้ว")')

    host = sign_in(browser, live_server, "publicworks.reviewer", 390)
    host.goto(f"{live_server.url}/progress/")
    host.get_by_test_id("review-queue").get_by_role("link").first.click()
    host.wait_for_url(f"**/progress/reports/{report.pk}/")
    flagged = host.get_by_test_id("reused")
    assert flagged.count() == 1 and flagged.is_visible() and "สำนักงานเขตสาทร" in flagged.inner_text()
    confirm(host, "review")
    host.wait_for_selector('[data-testid="status"]:has-text("หน่วยงานเจ้าภาพตรวจแล้ว")')

    before = _overall("1004", "Q3")
    officer = sign_in(browser, live_server, "eval.officer", 390)
    officer.goto(f"{live_server.url}/progress/reports/{report.pk}/")
    assert "คะแนน" in confirm(officer, "verify")
    officer.wait_for_selector('[data-testid="status"]:has-text("รับรองผลแล้ว")')
    after = _overall("1004", "Q3")
    assert before is None and after is not None and after > 0


def test_the_second_of_two_editors_gets_the_conflict_message_and_keeps_the_text(browser, live_server, world):
    first = sign_in(browser, live_server, "bangrak.staff", 390)
    first.goto(f"{live_server.url}/progress/?period=Q3")
    first.get_by_test_id("start-1.4").click()
    first.wait_for_url("**/progress/reports/*/")
    second = sign_in(browser, live_server, "bangrak.head", 390)
    second.goto(first.url)

    first.get_by_label("ผลการดำเนินงานที่ทำ").fill("ข้อความของสมชาย")
    first.wait_for_selector('[data-testid="saved"]')
    second.get_by_label("ผลการดำเนินงานที่ทำ").fill("ข้อความของสุดาที่ยาวและสำคัญ")
    second.wait_for_selector('[data-testid="conflict"]')
    assert "มีผู้อื่นบันทึกรายงานนี้" in second.get_by_test_id("conflict").inner_text()
    assert second.get_by_label("ผลการดำเนินงานที่ทำ").input_value() == "ข้อความของสุดาที่ยาวและสำคัญ"
    assert ProgressReport.objects.get(assignment=world.sidewalks).narrative == "ข้อความของสมชาย"
