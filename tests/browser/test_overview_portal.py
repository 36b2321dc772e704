"""The executive overview as an executive, and the public portal as an anonymous visitor, at 1280 and
390 px; axe finds no serious or critical violation on the portal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.insights.conftest import add_past_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def _page(browser: Any, width: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="th-TH", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _executive_opens(browser: Any, width: int, url: str) -> Any:
    """A page of ``width`` px that asked for ``url`` and signed in as the executive on the way."""
    page = _page(browser, width)
    page.goto(url)
    page.get_by_label("ชื่อผู้ใช้").fill("executive")
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    return page


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_executive_reads_the_overview_and_drills_down_to_how_a_score_was_made(
    live_server, browser, published
):
    for width in WIDTHS:
        page = _executive_opens(browser, width, f"{live_server.url}/overview/?fy=2567&period=H1")
        page.wait_for_selector('[data-testid="heatmap"]', state="attached")  # behind ดูทั้งหมด on a phone
        assert page.locator('[data-testid="scored-count"]').inner_text().strip().startswith("มีคะแนนแล้ว 2 จาก")
        if width < 576:  # the map's fold starts closed on a phone (tests/browser/test_overview_phone.py)
            page.locator('[data-testid="fold-map"] summary').click()
        page.wait_for_selector('#ov-map[data-loaded="50"]')
        assert page.locator("#ov-map path.leaflet-interactive").count() == 50
        assert page.locator("#ov-trend").get_attribute("data-drawn") == "1"
        _no_sideways_scroll(page)
        # lowest first: สาทร, with its weakest indicator as the reason; the reason opens how it was made
        lowest = page.locator('[data-testid="lowest"] li').first
        assert "สาทร" in lowest.inner_text() and "1.1" in lowest.inner_text()
        lowest.locator("a").nth(1).click()
        page.wait_for_url("**/scores/*/")
        assert "สาทร" in page.content()
        page.context.close()


def test_an_executive_reads_the_year_end_projection_and_the_fair_comparison(
    live_server, browser, published, tmp_path
):
    add_past_year(tmp_path)
    for width in WIDTHS:
        page = _executive_opens(browser, width, f"{live_server.url}/overview/?fy=2567&period=H1&agency=1004")
        page.wait_for_selector('[data-testid="projection"]')
        projection = page.locator('[data-testid="projection"]')
        assert "จะไม่ถึงเป้า" in projection.inner_text()
        assert "ตามฤดูกาลการเบิกจ่ายของหน่วยงานนี้ในปีงบประมาณ 2566" in projection.inner_text()
        values = page.locator('[data-testid="projection-value"]').all_inner_texts()
        assert "41.67" in values and "55" in values  # budget and complaints, as in tests/insights
        fair = page.locator('[data-testid^="fair-"]')
        assert fair.count() == 1 and "ข้อมูลน้อยเกินจัดอันดับ" in fair.inner_text()
        assert float(page.locator('[data-testid="per-10k"]').inner_text()) > 0
        _no_sideways_scroll(page)
        # one tap from a projected figure to how its score was made
        page.locator('[data-testid="projection-value"]').first.click()
        page.wait_for_url("**/scores/*/")
        assert "บางรัก" in page.content()
        page.context.close()
    refused = sign_in(browser, live_server, "bangrak.staff", 390)
    response = refused.goto(f"{live_server.url}/overview/?fy=2567&period=H1&agency=1004")
    assert response is not None and response.status == 403
    assert 'data-testid="projection"' not in refused.content()
    refused.context.close()


def test_an_anonymous_visitor_uses_the_portal(live_server, browser, published):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for width in WIDTHS:
        page = _page(browser, width)
        page.goto(f"{live_server.url}/public/")
        page.wait_for_selector('[data-testid="public-scores"]')
        assert "/login/" not in page.url
        page.wait_for_selector('canvas[data-testid="bars-top"][data-drawn="1"]')
        pages = [page.url]
        page.get_by_role("link", name="สำนักงานเขตบางรัก").first.click()
        page.wait_for_selector('[data-testid="agency-lines"]')
        page.locator("details summary").first.click()
        assert page.locator('[data-testid="how-made"]').first.is_visible()
        pages.append(page.url)
        page.get_by_role("link", name="เรื่องร้องเรียนรายเขต").click()
        page.get_by_role("link", name="บัญชีเรื่องของบางรัก").click()
        page.wait_for_selector('[data-testid="ledger"]')
        assert page.locator('[data-testid="ledger"] tbody tr').count() >= 4
        with page.expect_download() as download:
            page.locator('[data-testid="ledger-csv"]').click()
        ledger = download.value.path().read_text(encoding="utf-8-sig")
        assert "2024-PD0002" in ledger and "duplicate" in ledger
        pages.append(page.url)
        page.get_by_role("link", name="รายงานการติดตาม").click()
        with page.expect_download() as download:
            page.locator('[data-testid="report-docx"]').first.click()
        assert download.value.path().read_bytes()[:2] == b"PK"
        pages.append(page.url)
        page.get_by_role("link", name="ข้อมูลเปิด").click()
        page.wait_for_selector("#dictionary")
        pages.append(page.url)
        resp = page.request.get(f"{live_server.url}/public/data/2567/H1/scores.json")
        assert resp.ok and resp.json()["rows"]
        _no_sideways_scroll(page)
        for url in [*pages, f"{live_server.url}/public/2567/H1/methods/", f"{live_server.url}/public/appeal-rules/",
                    f"{live_server.url}/public/2567/H1/complaints/"]:  # fmt: skip
            page.goto(url)
            page.wait_for_load_state("networkidle")
            _no_sideways_scroll(page)
            results = axe.run(page)
            bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
            assert not bad, (url, width, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in bad])
        page.context.close()
