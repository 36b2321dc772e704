"""Browser-test helpers; the session's Chromium itself is the ``browser`` fixture in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def demo_world(transactional_db: Any, settings: Any, tmp_path: Any) -> None:
    """The reference districts and the demo (its personas sign in with ``PASSWORD``); media in tmp_path."""
    from pramoen.core.audit import acting_as
    from pramoen.orgs.demo import load_demo
    from pramoen.orgs.models import Agency, District, DistrictGroup
    from pramoen.orgs.reference import load_reference
    from tests.conftest import PASSWORD

    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-US",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(browser: Any, live_server: Any, username: str, width: int = 1280) -> Any:
    """A new page of ``width`` px (a touch phone below 576 px), signed in as ``username`` through the form."""
    from tests.conftest import PASSWORD

    if width < 576:
        context = browser.new_context(
            viewport={"width": width, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def confirm(page: Any, testid: str) -> str:
    """Press a workflow button, read what the confirmation says will happen, and confirm."""
    page.get_by_test_id(testid).click()
    dialog = page.locator("#pm-confirm")
    dialog.wait_for(state="visible")
    said = dialog.locator("[data-confirm-text]").inner_text()
    dialog.locator("[data-confirm-ok]").click()
    return said


def file_appeal(page: Any, url: str, *, category: str, reason: str, refs: list[str], letter: Path) -> None:
    """An agency head files APL-2567-0001 from the appeal form: reason, pasted ids, a letter, submit."""
    page.goto(f"{url}/appeals/new/?fy=2567&category={category}")
    page.get_by_label("3. เหตุผลที่ขอให้เปลี่ยนผล").fill(reason)
    page.get_by_role("button", name="บันทึกร่าง").click()
    page.wait_for_url("**/appeals/APL-2567-0001/")
    page.get_by_label("วางรหัส (บรรทัดละหนึ่งรหัส หรือคั่นด้วยจุลภาค)").fill("\n".join(refs))
    page.get_by_role("button", name="เพิ่มรายการ").click()
    page.get_by_test_id("items").get_by_text(refs[-1]).wait_for()
    page.get_by_label("ไฟล์ (PDF, JPEG, PNG, DOCX, XLSX ไม่เกิน 20 MB)").set_input_files(str(letter))
    page.get_by_role("button", name="แนบ", exact=True).click()
    page.get_by_test_id("evidence").get_by_text(letter.name).wait_for()
    page.get_by_role("button", name="ยื่นคำขออุทธรณ์").click()
    page.get_by_test_id("status").get_by_text("ส่งแล้ว").wait_for()


def approve_appeal(page: Any, url: str, reason: str) -> str:
    """The evaluation office approves APL-2567-0001; returns the effect it shows ("50 → …")."""
    page.goto(f"{url}/appeals/APL-2567-0001/")
    page.get_by_label("อนุมัติ", exact=True).check()
    page.get_by_label("เหตุผล", exact=True).fill(reason)
    page.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    page.get_by_test_id("effect").wait_for()
    return str(page.get_by_test_id("effect").inner_text())


@pytest.fixture
def published(transactional_db: Any, tmp_path: Path) -> dict[str, Any]:
    """The reference agencies, the demo logins and a published FY2567 H1 (tests/public/conftest.py):
    what the overview and portal walks read."""
    from pramoen.core.audit import acting_as
    from pramoen.orgs.demo import load_demo
    from pramoen.orgs.models import Agency, District, DistrictGroup
    from pramoen.orgs.reference import load_reference
    from tests.conftest import PASSWORD
    from tests.public.conftest import build_published

    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    return build_published(tmp_path)
