"""The Content-Security-Policy runs no inline script — and the pages still work under it; text from an
imported file is shown as text in the map popup, never run."""

from __future__ import annotations

from typing import Any

import pytest

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.importer import complaints_import
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.conftest import PASSWORD
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRAFTED_STATE = '<img src=x onerror="window.pwned=1">'
WINDOW = "from=2024-01-01&to=2024-03-31"


@pytest.fixture
def demo(transactional_db: Any, tmp_path: Any) -> None:
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
        row = api_row("2024-XSS001", inside(1004), "2024-02-10 03:00:00+00", state=CRAFTED_STATE)
        complaints_import(actor=None, path=write_csv(tmp_path / "t.csv", API_HEADER, [row]))


def _signed_in(browser: Any, url: str, username: str) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15000)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")
    return page, violations


def test_pages_work_under_the_policy_and_a_crafted_state_stays_text(browser, live_server, demo):
    page, violations = _signed_in(browser, live_server.url, "executive")
    assert "script-src 'self'" in (page.request.get(f"{live_server.url}/").headers["content-security-policy"])

    page.goto(f"{live_server.url}/complaints/district/1004/?{WINDOW}")
    page.wait_for_selector('#complaint-map[data-loaded="1"]')
    page.locator("#complaint-map path.leaflet-interactive").last.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert CRAFTED_STATE in popup.inner_text()
    assert popup.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None

    for path in ("/districts/", "/complaints/executive/", "/services/", "/budget/", "/api/docs/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/districts/")
    page.wait_for_selector("#district-map[data-loaded]")
    assert violations == []


def test_the_admin_sign_in_works_under_the_policy(browser, live_server, demo):
    page, violations = _signed_in(browser, live_server.url, "admin")
    page.goto(f"{live_server.url}/admin/orgs/agency/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").count() == 1
    assert violations == []
