"""The keyboard-first entry screen in Debian's Chromium: paste lines, move with Alt+arrows, edit with
Enter, autosave, and the refusal when someone else saved first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pramoen.core.audit import acting_as
from pramoen.monitoring.demo import load_demo_monitoring
from pramoen.monitoring.models import Obstacle, Sheet
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
        load_demo_monitoring()


def texts(page, list_id):
    return page.eval_on_selector_all(
        f"#{list_id} > li .pm-item-text", "els => els.map(e => e.textContent.trim())"
    )


def test_a_secretary_records_a_meeting_from_the_keyboard(live_server, desk, demo):
    page = desk
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("committee1.secretary")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector('[data-testid="home-monitoring"]')
    page.goto(f"{live_server.url}/monitoring/2568/H1/committee/1/")

    box = page.locator("#id_o1-text")
    # no aspect chosen: refused beside the form, the pasted text kept
    box.fill("๑. หน่วยงานขาดอัตรากำลัง\n๒. บุคลากรขาดทักษะ\nเฉพาะด้าน\n")
    box.press("Control+Enter")
    page.wait_for_selector("#paste-msg-o1 [data-testid=sheet-error]")
    assert "ด้าน" in page.inner_text("#paste-msg-o1") and "เฉพาะด้าน" in box.input_value()
    page.select_option("#id_o1-aspect", "personnel")
    page.locator("form.pm-paste[data-prefix=o1] [data-pm-preview]").click()
    preview = page.locator("#paste-preview-o1 [data-testid=paste-preview] li")
    preview.first.wait_for()
    assert preview.count() == 2 and preview.nth(1).inner_text().startswith("๒.")  # the wrapped line joined
    assert not Obstacle.objects.filter(sheet__round__fiscal_year=2568).exists()  # a preview saves nothing
    box.press("Control+Enter")
    # expect(), not wait_for_function(): the page's Content-Security-Policy forbids evaluating strings
    expect(page.locator("#list-obstacle-1 > li")).to_have_count(2)
    assert texts(page, "list-obstacle-1") == ["หน่วยงานขาดอัตรากำลัง", "บุคลากรขาดทักษะเฉพาะด้าน"]
    numbers = page.eval_on_selector_all("#list-obstacle-1 .pm-num", "els => els.map(e => e.textContent)")
    assert numbers == ["๑.", "๒."]  # as the report will number them
    assert box.input_value() == "" and page.input_value("#id_o1-aspect") == "personnel"

    second = page.locator("#list-obstacle-1 > li").nth(1)
    second.focus()
    second.press("Alt+ArrowUp")
    expect(page.locator("#list-obstacle-1 > li .pm-item-text").first).to_contain_text("บุคลากร")
    assert page.evaluate("document.activeElement.id").startswith("item-obstacle-")

    first = page.locator("#list-obstacle-1 > li").first
    first.focus()
    first.press("Enter")
    text = page.locator("#list-obstacle-1 form.pm-edit textarea").first
    text.wait_for()
    text.fill("บุคลากรขาดทักษะเฉพาะด้าน เช่น ทักษะทางเทคโนโลยี")
    expect(page.locator("form.pm-edit [role=status]").first).to_contain_text(":")
    sheet = Sheet.objects.get(round__fiscal_year=2568, committee__number=1)
    assert Obstacle.objects.filter(sheet=sheet, text__endswith="ทักษะทางเทคโนโลยี").count() == 1

    # someone else saves in between: the next autosave is refused and nothing is overwritten
    Sheet.objects.filter(pk=sheet.pk).update(version=sheet.version + 5)
    text.fill("ข้อความที่ไม่ควรทับของผู้อื่น")
    page.wait_for_selector('[data-testid="sheet-error"]')
    assert not Obstacle.objects.filter(text="ข้อความที่ไม่ควรทับของผู้อื่น").exists()
    text.press("Escape")
    page.wait_for_selector("#list-obstacle-1 form.pm-edit", state="detached")
