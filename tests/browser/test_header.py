"""The page header at 1280 px is one line holding every group, the bell and the user menu inside the window,
no Thai word broken, for the roles with the most menus; on a 390-px phone it is a short bar with the menu
button."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# every menu entry and group button: its box, and how many line boxes its text takes (the bell is an icon
# with its count set above it)
BOXES = """() => Array.from(document.querySelectorAll(
  'header .navbar-brand, header .nav-link, header .pm-bell, header .pm-menu-button')).filter(
  e => e.offsetParent !== null).map(e => {
    const r = e.getBoundingClientRect(), range = document.createRange();
    range.selectNodeContents(e);
    const tops = Array.from(range.getClientRects()).filter(q => q.width > 0).map(q => q.top).sort((a, b) => a - b);
    const lines = tops.filter((t, i) => i === 0 || t - tops[i - 1] > 8).length;  // glyph runs of one line differ by a pixel or two
    return {text: e.innerText.trim(), top: r.top, right: r.right, lines: e.matches('.pm-bell') ? 1 : lines};
  })"""


def test_the_header_is_one_line_at_1280_px_for_the_busiest_menus(browser, live_server, demo_world):
    for username in ("eval.officer", "admin"):
        page = sign_in(browser, live_server, username, 1280)
        height = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
        assert height < 70, (username, height)
        boxes = page.evaluate(BOXES)
        assert len(boxes) >= 6  # brand, the groups, the bell and the user menu are all shown
        assert not any(b["text"] == "เมนู" for b in boxes)  # no menu button at this width
        assert all(b["lines"] <= 1 for b in boxes), [b for b in boxes if b["lines"] > 1]
        tops = {round(b["top"] / 10) for b in boxes}
        assert len(tops) <= 2, boxes  # one row (the bell's icon may sit a few pixels off the text)
        assert max(b["right"] for b in boxes) <= 1280
        assert page.get_by_test_id("user-menu").is_visible() and page.get_by_test_id("nav-bell").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.context.close()


def test_a_phone_header_is_a_short_bar_with_the_menu_button(browser, live_server, demo_world):
    page = sign_in(browser, live_server, "eval.officer", 390)
    assert page.evaluate("document.querySelector('header').getBoundingClientRect().height") < 80
    assert page.get_by_role("button", name="เมนู").is_visible()
    assert not page.get_by_test_id("nav-groups").is_visible()
    page.get_by_role("button", name="เมนู").click()
    page.locator("#pm-nav.show").wait_for()
    boxes = page.evaluate(BOXES)
    assert all(b["lines"] <= 1 for b in boxes), [b for b in boxes if b["lines"] > 1]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()
