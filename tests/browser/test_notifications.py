"""In Chromium: a district staff member chooses channels per kind of event, links LINE by the one-time code
the page shows (with its QR code) — the official account's webhook receives the code — and sees the link;
the same page works at phone size (each box named by its event and channel).  A signed-out visitor is sent
to sign in; a webhook call with a bad signature is refused (401)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from pramoen.notifications.models import LineAccount, Preference
from tests.browser.conftest import sign_in
from tests.notifications.conftest import line_api as line_api  # the fake Messaging API, as a fixture
from tests.notifications.conftest import signed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _webhook(url: str, text: str, *, user_id: str, signature: str | None = None) -> int:
    body = json.dumps({"destination": "Ubot", "events": [{
        "type": "message", "replyToken": "r1", "source": {"type": "user", "userId": user_id},
        "message": {"type": "text", "id": "1", "text": text}}]}).encode()  # fmt: skip
    request = urllib.request.Request(
        f"{url}/notifications/line/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "X-Line-Signature": signature or signed(body)},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_a_person_chooses_channels_per_event_and_links_line_by_code(
    browser, live_server, demo_world, line_api, tmp_path
):
    page = sign_in(browser, live_server, "bangrak.staff", 1280)
    # from the bell: the notifications list, then its settings button
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_label("ใกล้ถึงกำหนดส่ง — อีเมล").uncheck()
    page.get_by_label("งานติดตามที่ได้รับมอบหมายหรือเกินกำหนด — อีเมล").uncheck()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_label("ใกล้ถึงกำหนดส่ง — อีเมล").wait_for()
    staff = Preference.objects.get(user__username="bangrak.staff")
    assert staff.channels["deadline"] == ["line"] and staff.channels["followup"] == ["line"]
    assert staff.channels["returned"] == ["email", "line"]

    page.get_by_role("button", name="เชื่อมต่อ LINE").click()
    code = page.get_by_test_id("link-code").inner_text().strip()
    assert code.isdigit() and page.get_by_test_id("line-link").locator("svg").count() == 1
    # someone else's signature: refused, and nobody is linked
    assert _webhook(live_server.url, code, user_id="U-intruder", signature="AAAA") == 401
    assert not LineAccount.objects.exists()
    # the person sends the code to the official account in LINE: the webhook links that LINE user
    assert _webhook(live_server.url, f"รหัส {code}", user_id="U-bangrak") == 200
    page.reload()
    assert "เชื่อมต่อ LINE แล้ว" in page.get_by_test_id("line-link").inner_text()
    assert LineAccount.objects.get(user__username="bangrak.staff").line_user_id == "U-bangrak"

    phone = sign_in(browser, live_server, "bangrak.staff", 390)
    phone.goto(f"{live_server.url}/notifications/")
    box = phone.get_by_label("ผลการอุทธรณ์ — LINE")
    assert box.is_checked() and box.is_visible()
    assert phone.locator("td[data-label='อีเมล (ยังไม่ได้ตั้งค่า)']").count() == 6  # no e-mail address
    box.uncheck()
    phone.get_by_role("button", name="บันทึก", exact=True).click()
    phone.get_by_label("ผลการอุทธรณ์ — LINE").wait_for()
    assert Preference.objects.get(user__username="bangrak.staff").channels["appeal"] == ["email"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(tmp_path / "notifications-390.png"), full_page=True)

    # someone else's page is their own: sathon's shows no link and no code of bangrak's
    other = sign_in(browser, live_server, "sathon.staff", 390)
    other.goto(f"{live_server.url}/notifications/")
    assert "เชื่อมต่อ LINE แล้ว" not in other.get_by_test_id("line-link").inner_text()
    # signed out: sent to sign in
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/notifications/")
    assert "/login/" in visitor.url
    visitor.context.close()
