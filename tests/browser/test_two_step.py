"""Two-step sign-in in the browser, on a desk screen and a phone: switch it on from the account page
(scan or type the key, type a code back, see the recovery codes once), then sign in with the password
and the code from the app."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: Any) -> None:
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)


def _page(browser: Any, width: int) -> Any:
    if width < 576:
        context = browser.new_context(
            viewport={"width": width, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _password_step(page: Any, url: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("eval.officer")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("width", [1280, 390])
def test_switch_on_then_sign_in_with_the_code(browser, live_server, demo, width):
    url = live_server.url
    page = _page(browser, width)
    _password_step(page, url)
    page.wait_for_url(f"{url}/")  # no second step yet
    page.goto(f"{url}/account/two-step/")
    page.get_by_role("heading", name="การยืนยันตัวตนสองขั้นตอน").wait_for()
    assert page.get_by_test_id("two-step-qr").locator("svg").is_visible()
    secret = re.sub(r"\s", "", page.get_by_test_id("two-step-secret").inner_text())
    assert _fits(page)
    enrol = page.get_by_test_id("two-step-enrol")
    enrol.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
    enrol.get_by_role("button", name="เปิดการยืนยันตัวตนสองขั้นตอน").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    codes.first.wait_for()
    assert codes.count() == 10 and _fits(page)
    page.get_by_test_id("codes-done").click()
    page.get_by_test_id("two-step-on").wait_for()
    assert "เปิดใช้อยู่" in page.get_by_test_id("two-step-on").inner_text()
    page.context.close()

    fresh = _page(browser, width)
    _password_step(fresh, url)
    fresh.wait_for_url(f"{url}/login/code/")
    form = fresh.get_by_test_id("two-step-verify")
    form.locator("input[name=code]").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "999999")
    form.get_by_role("button", name="ยืนยัน").click()
    fresh.get_by_test_id("code-error").wait_for()
    assert "รหัสไม่ถูกต้อง" in fresh.get_by_test_id("code-error").inner_text() and _fits(fresh)
    fresh.get_by_test_id("two-step-verify").locator("input[name=code]").fill(
        pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment used the current step
    )
    fresh.get_by_test_id("two-step-verify").get_by_role("button", name="ยืนยัน").click()
    fresh.wait_for_url(f"{url}/")
    fresh.context.close()
