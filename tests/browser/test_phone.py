"""On a 390-px phone: sign in, switch to English, open a district from the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    # A transactional test starts from a flushed database, so it loads what migrate and demo would.
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)


def open_menu(page, name: str) -> None:
    """Press the phone's menu button and wait until the menu has finished opening (Bootstrap's collapse
    animates; a press inside it while it is still moving can be lost)."""
    page.get_by_role("button", name=name).click()
    page.locator("#pm-nav.collapse.show").wait_for()


def test_sign_in_switch_language_and_open_a_district_from_the_map(live_server, phone, demo):
    page = phone
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "th"  # Thai although the browser asks for English
    page.get_by_label("ชื่อผู้ใช้").fill("thonburi.staff")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector('[data-testid="home-agency"]')
    assert "สำนักงานเขตธนบุรี" in page.content()

    # the menu collapses behind one button on a phone; the language switch is in the user menu
    assert page.evaluate("document.querySelector('header').getBoundingClientRect().height") < 80
    open_menu(page, "เมนู")
    user = page.get_by_role("button", name="อรุณี ธนบุรี")
    switch = page.locator('[data-testid="lang-switch"]')
    for _ in range(3):  # a toggle pressed while the page still settles may not open its list: press again
        if user.get_attribute("aria-expanded") != "true":
            user.click()
        try:
            switch.wait_for(state="visible", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    switch.click()
    page.wait_for_selector('html[lang="en"]')
    assert page.get_by_role("heading", name="Welcome, อรุณี ธนบุรี").is_visible()

    open_menu(page, "Menu")
    page.get_by_role("button", name="Scores").click()
    page.get_by_role("link", name="District map").click()
    page.wait_for_selector('#district-map[data-loaded="50"]')
    assert page.locator("path[data-district]").count() == 50
    fills = set(
        page.eval_on_selector_all("path[data-district]", "els => els.map(e => e.getAttribute('fill'))")
    )
    assert len(fills) == 6  # one colour per district group

    target = page.locator('path[data-district="1015"]')
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None and box["width"] > 4
    page.eval_on_selector(
        'path[data-district="1015"]', "el => el.dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    page.wait_for_url("**/districts/1015/")
    assert page.get_by_test_id("district-name").inner_text() == "District Thon Buri"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows the phone's width
