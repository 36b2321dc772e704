"""Browser-test helpers; the session's Chromium itself is the ``browser`` fixture in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


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
    """A new page of ``width`` px, signed in as ``username`` through the form."""
    from tests.conftest import PASSWORD

    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    return page
