"""A district files a complaint appeal with a PDF, the evaluation officer approves it, the district's
component-4 score changes and its trail names the appeal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pramoen.appeals.models import AppealCase
from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from pramoen.scoring.models import ScoreResult
from tests.appeals.conftest import build_year
from tests.appeals.helpers import PDF
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year(transactional_db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    return build_year(tmp_path)


def _signed_in(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_a_district_appeal_with_a_pdf_is_approved_and_changes_component_4(
    browser, live_server, year, tmp_path
):
    kpi = year["a"]["4"]
    before = ScoreResult.objects.get(assignment=kpi, period__code="H1")
    assert before.actual == Decimal("50.0000")
    letter = tmp_path / "หนังสือขออุทธรณ์.pdf"
    letter.write_bytes(PDF)

    head = _signed_in(browser, live_server, "bangrak.head")
    head.goto(f"{live_server.url}/appeals/new/?fy=2567&category=tickets-prank")
    head.get_by_label("๓. เหตุผลที่ขอให้เปลี่ยนผล").fill("ตรวจพื้นที่แล้วไม่พบเหตุตามที่แจ้ง")
    head.get_by_role("button", name="บันทึกร่าง").click()
    head.wait_for_url("**/appeals/APL-2567-0001/")
    head.get_by_label("วางรหัส (บรรทัดละหนึ่งรหัส หรือคั่นด้วยจุลภาค)").fill("2024-AP0003")
    head.get_by_role("button", name="เพิ่มรายการ").click()
    head.get_by_test_id("items").get_by_text("2024-AP0003").wait_for()
    head.get_by_label("ไฟล์ (PDF, JPEG, PNG, DOCX, XLSX ไม่เกิน 20 MB)").set_input_files(str(letter))
    head.get_by_role("button", name="แนบ", exact=True).click()
    head.get_by_test_id("evidence").get_by_text("หนังสือขออุทธรณ์.pdf").wait_for()
    head.get_by_role("button", name="ยื่นคำขออุทธรณ์").click()
    head.get_by_test_id("status").get_by_text("ส่งแล้ว").wait_for()

    officer = _signed_in(browser, live_server, "eval.officer")
    officer.goto(f"{live_server.url}/appeals/APL-2567-0001/")
    officer.get_by_label("อนุมัติ", exact=True).check()
    officer.get_by_label("เหตุผล", exact=True).fill("ภาพถ่ายยืนยันว่าไม่พบเหตุ")
    officer.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    officer.get_by_test_id("effect").wait_for()
    assert "50.0000 → 66.6700" in officer.get_by_test_id("effect").inner_text()

    after = ScoreResult.objects.get(assignment=kpi, period__code="H1")
    assert after.actual == Decimal("66.6700") and after.score > before.score
    assert AppealCase.objects.get().status == "approved"
    head.goto(f"{live_server.url}/scores/{after.pk}/")
    assert "APL-2567-0001" in head.get_by_test_id("appeals").inner_text()
    assert "APL-2567-0001" in head.get_by_test_id("steps").inner_text()
