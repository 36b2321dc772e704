"""In Chromium: the evaluation officer saves new budget rules and lands on the job recomputing KPI 3.2;
once the year's last round is closed the page says, as an alert, that its rules can no longer change.
At 1280 px and at phone size (390 px)."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from pramoen.core.audit import acting_as
from pramoen.feeds.budget.services import budget_import
from pramoen.framework.models import Assignment, FiscalYear
from pramoen.framework.services import apply_round_state
from pramoen.jobs.models import Job
from pramoen.jobs.worker import run_worker
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from tests.browser.conftest import sign_in
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.criteria import feed_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_saving_budget_rules_opens_the_recompute_job_and_a_closed_year_says_so(
    browser, live_server, demo_world, tmp_path, width
):
    shots = Path(os.environ.get("PRAMOEN_SHOTS", tmp_path))
    indicator = feed_indicator(
        year=2567, code="3.2", method="budget_disbursement", thresholds=[20, 35, 50, 65, 80]
    )
    Assignment.objects.create(indicator=indicator, agency=Agency.objects.get(code="1004"), weight=D(10))
    with acting_as(label="system:test"):
        budget_import(
            actor=None,
            filename="b.csv",
            upload=budget_csv(
                "line,1004,2567,OP,ค่าใช้สอย,operating,annual,,1000000,,,,,",
                "line,1004,2567,PER,เงินเดือน,personnel,annual,,1000000,,,,,",
                "disbursement,1004,2567,OP,,,,,,2024-01-15,400000,DV-1,,",
                "disbursement,1004,2567,PER,,,,,,2024-01-15,900000,DV-2,,",
            ),
        )
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    page = sign_in(browser, live_server, "eval.officer", width)
    page.goto(f"{live_server.url}/budget/rules/?fy=2567")
    page.get_by_label("ไม่นำงบบุคลากรมาคำนวณ").uncheck()
    page.screenshot(path=str(shots / f"rules-{width}.png"), full_page=True)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url("**/jobs/*/")
    job = Job.objects.get(kind="feed_rules_scores")
    run_worker(burst=True, interval=0)
    summary = page.get_by_test_id("job-summary")
    summary.wait_for()
    assert "คะแนนที่บันทึกไว้เปลี่ยน 1 รายการ" in summary.inner_text(), summary.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"rules-job-{width}.png"), full_page=True)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.summary["scores_changed"] == 1
    apply_round_state(FiscalYear.objects.get(year=2567), "H2", "closed")
    page.goto(f"{live_server.url}/budget/rules/?fy=2567")
    page.get_by_label("ไม่นำงบบุคลากรมาคำนวณ").check()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    alert = page.get_by_test_id("rules-locked")
    assert "ปิดการประเมินแล้ว" in alert.inner_text() and alert.is_visible()
    alert.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"rules-locked-{width}.png"), full_page=True)
    assert Job.objects.filter(kind="feed_rules_scores").count() == 1
