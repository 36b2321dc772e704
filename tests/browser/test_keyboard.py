"""The menus work from the keyboard alone, at 1280 px and behind the phone's menu button: Tab reaches a
group, Enter opens it, the arrow keys move through its pages, Enter opens one, Escape closes a menu."""

from __future__ import annotations

from typing import Any

import pytest

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: Any) -> None:
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)


def _tab_to(page: Any, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text is ``name`` (as a person who cannot use a mouse)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.innerText.trim()") == name:
            return
    raise AssertionError(f"{name!r} was not reached with Tab")


def _focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.innerText.trim()"))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_menu_is_used_with_the_keyboard_alone(browser, live_server, demo, width):
    page = sign_in(browser, live_server, "eval.officer", width)
    page.goto(f"{live_server.url}/")
    if width < 576:  # the phone's menu button first
        _tab_to(page, "เมนู")
        page.keyboard.press("Enter")
        page.locator("#pm-nav.show").wait_for()
    _tab_to(page, "คะแนน")
    page.keyboard.press("Enter")
    group = page.locator(".dropdown-menu.show")
    group.wait_for()
    page.keyboard.press("ArrowDown")
    first = _focused(page)
    assert first == group.locator(".dropdown-item").first.inner_text().strip()
    page.keyboard.press("ArrowDown")
    second = _focused(page)
    assert second != first and second == group.locator(".dropdown-item").nth(1).inner_text().strip()
    page.keyboard.press("Escape")  # closes the group and gives the focus back to its button
    page.locator(".dropdown-menu.show").wait_for(state="hidden")
    assert _focused(page) == "คะแนน"
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url != f"{live_server.url}/" and target.rstrip("/") in page.url  # (a page may redirect on)
    assert page.locator("h1").count() == 1
