"""A district files a complaint appeal with a PDF, the evaluation officer approves it, the district's
component-4 score changes and its trail names the appeal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pramoen.appeals.models import AppealCase
from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from pramoen.scoring.models import ScoreResult
from tests.appeals.conftest import build_year
from tests.appeals.helpers import PDF
from tests.browser.conftest import approve_appeal, file_appeal, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year(transactional_db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    return build_year(tmp_path)


def test_a_district_appeal_with_a_pdf_is_approved_and_changes_component_4(
    browser, live_server, year, tmp_path
):
    kpi = year["a"]["4"]
    before = ScoreResult.objects.get(assignment=kpi, period__code="H1")
    assert before.actual == Decimal("50.0000")
    letter = tmp_path / "หนังสือขออุทธรณ์.pdf"
    letter.write_bytes(PDF)

    head = sign_in(browser, live_server, "bangrak.head", 390)
    file_appeal(
        head,
        live_server.url,
        category="tickets-prank",
        reason="ตรวจพื้นที่แล้วไม่พบเหตุตามที่แจ้ง",
        refs=["2024-AP0003"],
        letter=letter,
    )
    officer = sign_in(browser, live_server, "eval.officer", 390)
    assert "50 → 66.67" in approve_appeal(officer, live_server.url, "ภาพถ่ายยืนยันว่าไม่พบเหตุ")

    after = ScoreResult.objects.get(assignment=kpi, period__code="H1")
    assert after.actual == Decimal("66.6700") and after.score > before.score
    assert AppealCase.objects.get().status == "approved"
    head.goto(f"{live_server.url}/scores/{after.pk}/")
    assert "APL-2567-0001" in head.get_by_test_id("appeals").inner_text()
    assert "APL-2567-0001" in head.get_by_test_id("steps").inner_text()
