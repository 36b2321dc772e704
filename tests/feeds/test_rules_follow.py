"""Scores follow their inputs, always: when the evaluation office changes a feed KPI's rules of a year
(budget rules, complaint settings) the stored scores follow through the ``feed_rules_scores`` job; the same
rules saved again queue nothing; the rules of a closed year cannot change; ``complaint_dedup`` recomputes
the complaint scores of its window."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.budget.models import BudgetRules
from pramoen.feeds.complaints.models import ComplaintSettings
from pramoen.feeds.complaints.services import complaint_settings_set
from pramoen.feeds.jobs import feed_import_path
from pramoen.framework.models import FiscalYear
from pramoen.framework.selectors import year_rules_closed
from pramoen.framework.services import apply_round_state
from pramoen.jobs.models import Job
from pramoen.scoring.models import ScoreResult
from tests.feeds import test_flow
from tests.feeds.budget.conftest import budget_csv
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

pytestmark = pytest.mark.django_db

year = test_flow.year  # FY2567: 3.1, 3.2 and 4 for บางรัก (1004) and สาทร (1028), H1 scored
h1 = test_flow.h1

# บางรัก: 400,000 of an operating 1,000,000 and 900,000 of a personnel 1,000,000 disbursed
BUDGET = budget_csv(
    "line,1004,2567,OP,ค่าใช้สอย,operating,annual,,1000000,,,,,",
    "line,1004,2567,PER,เงินเดือน,personnel,annual,,1000000,,,,,",
    "disbursement,1004,2567,OP,,,,,,2024-01-15,400000,DV-1,,",
    "disbursement,1004,2567,PER,,,,,,2024-01-15,900000,DV-2,,",
)
# the year's defaults, with personnel budgets counted
WITH_PERSONNEL = {
    "fiscal_year": 2567, "exclude_welfare": "on", "exclude_supplementary": "on",
    "exclude_government_subsidy": "on", "exclude_carried_over": "on", "note": "มติ อ.ก.ก. ครั้งที่ 1/2567",
}  # fmt: skip
LOCKED_TH = "ปิดการประเมินแล้ว"  # in the Thai message of feeds.base.rules_locked


@pytest.fixture
def budget(year: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "budget.csv"
    path.write_bytes(BUDGET)
    with acting_as(label="system:test"):
        job = feed_import_path(feed="budget", path=path, actor=None)
    assert job.state == "done" and h1(year["3.2:1004"]).actual == D("40.0000")  # personnel left out
    return year


def _rules_jobs() -> int:
    return Job.objects.filter(kind="feed_rules_scores").count()


def test_new_budget_rules_saved_on_the_web_change_the_stored_scores_through_a_job(
    budget, client_for, run_jobs
):
    response = client_for("eval.officer").post("/budget/rules/", WITH_PERSONNEL)
    job = Job.objects.get(kind="feed_rules_scores")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params == {"feed": "budget", "fiscal_year": 2567, "options": {}}
    assert h1(budget["3.2:1004"]).actual == D("40.0000")  # not yet: the job recomputes
    (ran,) = run_jobs()
    assert ran.state == "done", ran.error
    # 1,300,000 of 2,000,000 once personnel budgets count
    assert h1(budget["3.2:1004"]).actual == D("65.0000")
    assert ran.summary["scores_changed"] > 0 and ran.summary["agencies"] == 2
    # the periods where a 3.2 score is stored (the import scored every period of the year)
    scored = ScoreResult.objects.filter(assignment__indicator__method="budget_disbursement")
    assert ran.summary["periods"] == sorted(set(scored.values_list("period__code", flat=True)))
    assert any("2567" in line for line in ran.outcome)
    page = client_for("eval.officer").get(f"/jobs/{job.pk}/").content.decode()
    assert "feed_rules_scores" not in page and "2567" in page  # the Thai label, never the kind's key


def test_the_same_rules_saved_again_queue_no_job(budget, client_for, run_jobs):
    officer = client_for("eval.officer")
    officer.post("/budget/rules/", WITH_PERSONNEL)
    run_jobs()
    again = officer.post("/budget/rules/", WITH_PERSONNEL)
    assert again.status_code == 302 and again["Location"] == "/budget/rules/?fy=2567"
    assert _rules_jobs() == 1
    # the defaults saved with a note of their source: saved, but no score moves
    defaults = {**WITH_PERSONNEL, "fiscal_year": 2568, "exclude_personnel": "on"}
    assert officer.post("/budget/rules/", defaults).status_code == 302
    assert _rules_jobs() == 1 and BudgetRules.objects.filter(fiscal_year=2568).exists()


def test_the_rules_of_a_closed_year_cannot_change(budget, client_for, personas):
    fy = FiscalYear.objects.get(year=2567)
    assert not year_rules_closed(2567)
    apply_round_state(fy, "H2", "closed")  # the last round closed for reporting
    assert year_rules_closed(2567) and not year_rules_closed(2568)
    response = client_for("eval.officer").post("/budget/rules/?fy=2567", WITH_PERSONNEL)
    text = response.content.decode()
    assert response.status_code == 400 and 'data-testid="rules-locked"' in text and LOCKED_TH in text
    assert _rules_jobs() == 0 and not BudgetRules.objects.filter(fiscal_year=2567).exists()
    assert h1(budget["3.2:1004"]).actual == D("40.0000")
    # the page says so before anyone tries
    shown = client_for("eval.officer").get("/budget/rules/?fy=2567").content.decode()
    assert 'data-testid="rules-locked"' in shown
    # a year closed after its last round was published: the same
    apply_round_state(fy, "H2", "published")
    fy.closed_at = timezone.now()
    fy.save(update_fields=["closed_at"])
    with pytest.raises(ApplicationError) as refused:
        complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2567, dedup_days=3)
    assert refused.value.extra["reason"] == "locked" and not ComplaintSettings.objects.exists()
    # set back to open on the rounds page: the rules may change again
    apply_round_state(fy, "H2", "open")
    assert not year_rules_closed(2567)


def test_a_user_who_may_not_set_rules_gets_403_and_nothing_changes(budget, client_for):
    assert client_for("bangrak.staff").post("/budget/rules/", WITH_PERSONNEL).status_code == 403
    assert _rules_jobs() == 0 and not BudgetRules.objects.exists()
    assert h1(budget["3.2:1004"]).actual == D("40.0000")


@pytest.fixture
def tickets(year: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """บางรัก: A resolved, B waiting for budget 20 m from A a day later (same type: B duplicates A) and C
    waiting for budget 900 m away a month later.  Counted: A and C, one resolved → 50 %."""
    point = inside(1004)
    rows = [
        api_row("2024-RF0001", offset(point, 0), "2024-01-10 03:00:00+00", state="เสร็จสิ้น"),
        api_row("2024-RF0002", offset(point, 20), "2024-01-11 03:00:00+00", state="ของบประมาณ"),
        api_row("2024-RF0003", offset(point, 900), "2024-02-10 03:00:00+00", state="ของบประมาณ", type="{ไฟฟ้า}"),
    ]  # fmt: skip
    path = write_csv(tmp_path / "traffy.csv", API_HEADER, rows)
    with acting_as(label="system:test"):
        job = feed_import_path(feed="complaints", path=path, actor=None, options={"dedup": False})
    assert job.state == "done", job.error
    return year


def test_complaint_dedup_recomputes_the_complaint_scores_of_its_window(tickets, capsys):
    assert h1(tickets["4:1004"]).actual == D("33.3300")  # imported without dedup: 1 of 3
    with acting_as(label="system:test"):
        call_command("complaint_dedup", fiscal_year=2567, period="Q2")
    said = capsys.readouterr().out
    assert h1(tickets["4:1004"]).actual == D("50.0000")  # B is A's duplicate: 1 of 2
    assert "1 duplicates" in said and "stored complaint scores changed" in said


def test_new_complaint_settings_recompute_component_4(tickets, personas, run_jobs):
    officer = personas["eval.officer"]
    with acting_as(label="system:test"):
        call_command("complaint_dedup", fiscal_year=2567, period="FY")
    assert h1(tickets["4:1004"]).actual == D("50.0000")
    saved = complaint_settings_set(actor=officer, fiscal_year=2567, resolved_states=["เสร็จสิ้น", "ของบประมาณ"])
    assert saved.changed and saved.job is not None
    (ran,) = run_jobs()
    assert ran.state == "done", ran.error and ran.summary["scores_changed"] > 0
    assert h1(tickets["4:1004"]).actual == D("100.0000")
    # the same settings again: nothing written, no job
    again = complaint_settings_set(actor=officer, fiscal_year=2567, resolved_states=["เสร็จสิ้น", "ของบประมาณ"])
    assert not again.changed and again.job is None and _rules_jobs() == 1
    # a duplicate distance of 5 m: B is no longer A's duplicate once the job finds the duplicates again
    moved = complaint_settings_set(
        actor=officer, fiscal_year=2567, resolved_states=["เสร็จสิ้น"], dedup_meters=5.0
    )
    assert moved.job.params["options"] == {"dedup": True}
    (ran,) = run_jobs()
    assert ran.state == "done", ran.error
    assert h1(tickets["4:1004"]).actual == D("33.3300")
    # the minimum for ranking feeds no score: saved, no job
    ranking = complaint_settings_set(
        actor=officer, fiscal_year=2567, resolved_states=["เสร็จสิ้น"], dedup_meters=5.0,
        min_tickets_for_ranking=10,
    )  # fmt: skip
    assert ranking.changed and ranking.job is None


def test_the_admin_saves_complaint_settings_through_the_service(tickets, client_for, run_jobs):
    admin = client_for("admin")
    data = {
        "fiscal_year": 2567, "resolved_states": '["เสร็จสิ้น", "ของบประมาณ"]',
        "alternative_resolved_states": '["เสร็จสิ้น", "ของบประมาณ", "จัดซื้อจัดจ้าง", "ขั้นตอนทางกฎหมาย"]',
        "dedup_days": 7, "dedup_meters": 30, "dedup_similarity": 0.8, "min_tickets_for_ranking": 30,
        "stars_place": "counted", "stars_weight": 20,  # FY2567's defaults (the seed: the stars count)
    }  # fmt: skip
    response = admin.post("/admin/complaints/complaintsettings/add/", data, follow=True)
    assert response.status_code == 200
    job = Job.objects.get(kind="feed_rules_scores")
    assert f'href="/jobs/{job.pk}/"' in response.content.decode()
    run_jobs()
    assert h1(tickets["4:1004"]).actual == D("100.0000")  # A, B (no dedup yet) and C all count as resolved
    # a closed year: the admin's form says why, nothing is saved
    fy = FiscalYear.objects.get(year=2567)
    apply_round_state(fy, "H2", "published")
    row = ComplaintSettings.objects.get(fiscal_year=2567)
    refused = admin.post(f"/admin/complaints/complaintsettings/{row.pk}/change/", {**data, "dedup_days": 3})
    assert refused.status_code == 200 and LOCKED_TH in refused.content.decode()
    assert ComplaintSettings.objects.get(fiscal_year=2567).dedup_days == 7 and _rules_jobs() == 1
    assert client_for("eval.officer").get("/admin/complaints/complaintsettings/add/").status_code == 302


def test_the_admin_saves_budget_rules_through_the_service(budget, client_for, run_jobs):
    admin = client_for("admin")
    assert admin.get("/admin/budget/budgetrules/add/").status_code == 200
    data = {**WITH_PERSONNEL, "exclude_welfare": "on"}
    response = admin.post("/admin/budget/budgetrules/add/", data, follow=True)
    job = Job.objects.get(kind="feed_rules_scores")
    assert response.status_code == 200 and f'href="/jobs/{job.pk}/"' in response.content.decode()
    run_jobs()
    assert h1(budget["3.2:1004"]).actual == D("65.0000")
    row = BudgetRules.objects.get(fiscal_year=2567)
    page = admin.get(f"/admin/budget/budgetrules/{row.pk}/change/").content.decode()
    assert 'name="fiscal_year"' not in page and "/delete/" not in page  # fixed year, never deleted
    apply_round_state(FiscalYear.objects.get(year=2567), "H2", "published")
    refused = admin.post(f"/admin/budget/budgetrules/{row.pk}/change/", {**data, "exclude_personnel": "on"})
    assert refused.status_code == 200 and LOCKED_TH in refused.content.decode()
    assert not BudgetRules.objects.get(fiscal_year=2567).exclude_personnel and _rules_jobs() == 1
