"""The executive overview on a phone: the headline numbers and the laggards first, every agency as one
line (searched and filtered), the full matrix behind ดูทั้งหมด, the other sections folded — a page a
390-px screen reads in half a minute, nothing wider than the screen; 1280 px keeps the full page."""

from __future__ import annotations

from typing import Any

import pytest

from pramoen.orgs.models import Agency
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page's height at 390 px with every agency of the reference data listed (76). A layout bound, not a
# speed: the matrix as cards made it about 44,800 px on the demo; the phone summary is about 3,900 there.
PHONE_HEIGHT_BOUND = 6000


def _sideways(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


FOCUSED = "(e => e.dataset.testid || e.id || e.tagName + ':' + e.textContent.trim().slice(0, 30))(document.activeElement)"


def _focused(page: Any) -> str:
    return str(page.evaluate(FOCUSED))


def test_a_phone_shows_the_summary_first_and_the_matrix_behind_see_everything(
    live_server, browser, published
):
    page = sign_in(browser, live_server, "executive", 390)
    page.goto(f"{live_server.url}/overview/?fy=2567&period=H1")
    listed = page.get_by_test_id("agency-list")
    listed.wait_for()
    rows = Agency.objects.filter(is_active=True).count()
    assert rows >= 70  # the bound below is about a full list, not a short one
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < PHONE_HEIGHT_BOUND, height
    assert _sideways(page) <= 1
    # the headline numbers and the laggards with their reasons come first
    assert page.get_by_test_id("behind-count").is_visible() and page.get_by_test_id("mean-score").is_visible()
    lowest = page.get_by_test_id("lowest").locator("li").first
    assert "สาทร" in lowest.inner_text() and "1.1" in lowest.inner_text()
    assert page.get_by_test_id("headline").bounding_box()["y"] < listed.bounding_box()["y"]
    # one line per agency, 15 before "show all", each with its level's colour and score
    assert listed.locator("li[data-band]:visible").count() == 15
    assert f"แสดง 15 จาก {rows} หน่วยงาน" in listed.inner_text()
    first = listed.locator("li[data-band]").first
    assert "สาทร" in first.inner_text() and first.get_attribute("data-band") != "pm-heat-none"
    # the folded sections are there, closed
    for fold in ("fold-projection", "fold-map", "fold-fair", "fold-obstacles"):
        assert page.get_by_test_id(fold).get_attribute("open") is None, fold
    # search and filter by level
    page.get_by_label("ค้นหาหน่วยงาน").fill("บางรัก")
    assert listed.locator("li[data-band]:visible").all_inner_texts() == [
        t for t in listed.locator("li[data-band]").all_inner_texts() if "บางรัก" in t
    ]
    assert listed.locator("li[data-band]:visible").count() == 1
    page.get_by_label("ค้นหาหน่วยงาน").fill("")
    page.get_by_label("ระดับ").select_option(label="ยังไม่มีคะแนน")
    unscored = listed.locator("li[data-band]:visible")
    assert unscored.count() == rows - 2  # the fixture scores บางรัก and สาทร only
    page.get_by_label("ระดับ").select_option(value="")
    # ดูทั้งหมด from the keyboard: from the top of the page a skip link (after the headline) passes the
    # laggards' links; Tab then reaches the search, the level, "show all" and ดูทั้งหมด before any agency's line
    matrix = page.get_by_test_id("heatmap")
    assert not matrix.is_visible()
    page.reload()
    listed.wait_for()
    page.keyboard.press("Tab")  # the page's own skip link comes first
    path = [_focused(page)]
    while path[-1] != "skip-to-list" and len(path) < 10:
        page.keyboard.press("Tab")
        path.append(_focused(page))
    assert path[-1] == "skip-to-list", path
    assert page.get_by_test_id("skip-to-list").is_visible()  # shown while it has the focus
    page.keyboard.press("Enter")
    path = []
    for _ in range(6):
        page.keyboard.press("Tab")
        path.append(_focused(page))
        if path[-1] == "matrix-open":
            break
    assert path == ["ov-find", "ov-band", "BUTTON:" + f"แสดงทั้งหมด {rows} หน่วยงาน", "matrix-open"], path
    page.keyboard.press("Enter")
    matrix.wait_for()
    assert page.get_by_test_id("matrix-open").get_attribute("aria-expanded") == "true"
    assert "ซ่อนตาราง" in page.get_by_test_id("matrix-open").inner_text()
    assert _sideways(page) <= 1  # the matrix scrolls inside its own box
    box = page.locator(".pm-heat-wrap").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 391
    # a folded section opens from the keyboard too; the map draws when it opens
    page.get_by_test_id("fold-map").locator("summary").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector('#ov-map[data-loaded="50"]')
    assert page.locator("#ov-map").bounding_box()["width"] > 300
    # one tap from a line to the agency's scorecard
    listed.locator("li[data-band] a").first.click()
    page.wait_for_url("**/scores/agency/1028/**")
    page.context.close()


def test_a_wide_screen_keeps_the_whole_page(live_server, browser, published):
    page = sign_in(browser, live_server, "executive", 1280)
    page.goto(f"{live_server.url}/overview/?fy=2567&period=H1")
    page.get_by_test_id("heatmap").wait_for()
    assert not page.get_by_test_id("agency-list").is_visible()
    for fold in ("fold-projection", "fold-map", "fold-fair", "fold-obstacles"):
        assert page.get_by_test_id(fold).get_attribute("open") is not None, fold
    assert page.get_by_label("รอบการประเมิน").is_visible()  # the filters are not folded
    assert _sideways(page) <= 1
    page.context.close()


def test_a_phone_keeps_the_sections_open_for_one_agency(live_server, browser, published):
    page = sign_in(browser, live_server, "executive", 390)
    page.goto(f"{live_server.url}/overview/?fy=2567&period=H1&agency=1004")
    page.get_by_test_id("agency-list").wait_for()
    for fold in ("fold-projection", "fold-map", "fold-fair", "fold-obstacles"):
        assert page.get_by_test_id(fold).get_attribute("open") is not None, fold
    page.context.close()
