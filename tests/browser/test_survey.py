"""On a 390-px phone: a respondent answers a satisfaction survey through the link its QR code carries (no
sign-in), sends the form twice (counted once); the evaluation office closes the survey and the indicator's
score changes from the reported figure to the one computed from the responses."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pramoen.core.audit import acting_as
from pramoen.feeds.surveys.models import Response
from pramoen.framework.models import Assignment, Period
from pramoen.jobs.worker import run_worker
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, District, DistrictGroup, User
from pramoen.orgs.reference import load_reference
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult, VerifiedResult
from tests.conftest import PASSWORD
from tests.feeds.surveys.conftest import make_indicator, opened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    personas = {u.username: u for u in User.objects.all()}
    indicator = make_indicator()
    bang_rak = Assignment.objects.get(indicator=indicator, agency__code="1004")
    VerifiedResult.objects.create(
        assignment=bang_rak,
        period=Period.objects.get(fiscal_year=indicator.fiscal_year, code="H1"),
        survey_responses=100,
        survey_satisfied=60,
    )
    recompute(fiscal_year=2567, period_code="H1")
    survey = opened(personas, indicator)
    return survey, ScoreResult.objects.get(assignment=bang_rak, period__code="H1")


def _sign_in(page, url, username):
    page.goto(f"{url}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector("main")


def test_answer_by_the_qr_link_then_closing_changes_the_score(live_server, browser, phone, world):
    survey, score = world
    # the evaluation office's phone: the score before, and the link the QR code of บางรัก carries
    office = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    staff = office.new_page()
    _sign_in(staff, live_server.url, "eval.officer")
    staff.goto(f"{live_server.url}/scores/{score.pk}/")
    assert staff.get_by_test_id("actual").inner_text().startswith("60")
    staff.goto(f"{live_server.url}/surveys/{survey.pk}/")
    staff.get_by_text("สนข.บางรัก").first.click()
    link = staff.locator('[data-testid="public-link"]').first.get_attribute("href")
    assert link.endswith(f"/s/{survey.public_key}/1004/")
    assert staff.locator('img[src$="/qr/1004.svg"]').count() == 1

    # the respondent: no sign-in, Thai, one tap per question
    respondent = phone
    respondent.goto(link)
    assert "/login/" not in respondent.url and respondent.locator("html").get_attribute("lang") == "th"
    for q in (1, 2):
        respondent.locator(f'[data-testid="q{q}-5"]').locator("..").click()
    respondent.get_by_label("บัตร").check()
    width = respondent.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    sent = respondent.evaluate(
        "new URLSearchParams(new FormData(document.querySelector('form[data-testid=survey-form]'))).toString()"
    )
    respondent.get_by_test_id("send").click()
    respondent.wait_for_selector('[data-testid="thanks"]')
    # the same form sent again (a second tap on a slow line) is counted once
    again = respondent.evaluate(
        "body => fetch('/s/answer/', {method: 'POST', body: new URLSearchParams(body)}).then(r => r.text())",
        sent,
    )
    assert "นับครั้งเดียว" in again or "ครั้งเดียว" in again
    assert Response.objects.count() == 1

    # the survey closes: the score is recomputed from its response
    staff.goto(f"{live_server.url}/surveys/{survey.pk}/")
    staff.get_by_test_id("close-survey").click()
    staff.wait_for_url("**/jobs/*/")  # the recompute runs as a job: its page follows it
    run_worker(burst=True, interval=0)
    staff.goto(f"{live_server.url}/scores/{score.pk}/")
    assert staff.get_by_test_id("actual").inner_text().startswith("100")
    assert survey.title in staff.get_by_test_id("steps").inner_text()
    score.refresh_from_db()
    assert score.actual == D(100)
    office.close()
