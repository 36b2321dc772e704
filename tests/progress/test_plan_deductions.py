"""The evaluation office's deduction for incomplete action plans: points off the score with the reasons
in the trail, replaced when applied again, lifted exactly; nobody else may apply it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from pramoen.framework.models import Assignment, Component, Indicator, Period
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency
from pramoen.progress.deductions import plan_deductions_apply
from pramoen.progress.plans import MilestoneInput, plan_save
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import AgencyScore, ScoreResult, VerifiedResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(personas):
    fy = fiscal_year_ensure(year=2567)
    comp = Component.objects.create(fiscal_year=fy, code="1", name_th="ผลสัมฤทธิ์", weight=D(100), order=1)
    ind = Indicator.objects.create(
        fiscal_year=fy, component=comp, code="1.1", name_th="ปลูกต้นไม้", method="action_plan",
        t1=D(20), t2=D(40), t3=D(60), t4=D(80), t5=D(100),
    )  # fmt: skip
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    a = {}
    for code in ("1004", "1028"):
        a[code] = Assignment.objects.create(indicator=ind, agency=Agency.objects.get(code=code), weight=D(10))
        VerifiedResult.objects.create(
            assignment=a[code], period=h1, milestones=[{"name": "ปลูก", "weight": 100, "done": 70}]
        )
    plan_save(
        actor=personas["bangrak.staff"], assignment=a["1004"], version=None, target_text="๑ แสนต้น",
        milestones=[MilestoneInput("ปลูก", dt.date(2023, 10, 1), dt.date(2024, 9, 30), D(100), None)],
    )  # fmt: skip
    recompute(fiscal_year=2567, period_code="H1", resume=False)
    return {"fy": fy, "a": a, "h1": h1}


def _score(assignment):
    return ScoreResult.objects.get(assignment=assignment, period__code="H1")


def test_incomplete_plans_lose_the_years_points_with_the_reasons_in_the_trail(plans, personas):
    before = {code: _score(a).score for code, a in plans["a"].items()}
    assert before == {"1004": D("3.5000"), "1028": D("3.5000")}
    done = plan_deductions_apply(actor=personas["eval.officer"], fiscal_year=plans["fy"])
    assert (done.checked, done.deducted) == (2, 1)
    sathon = _score(plans["a"]["1028"])
    assert sathon.score == D("3.0000")  # the default deduction: 0.5 points
    assert "หัก 0.5 คะแนน" in sathon.explanation and "แผนปฏิบัติการไม่ครบถ้วน" in sathon.explanation
    assert sathon.appeals[0]["kind"] == "deduct" and sathon.appeals[0]["reference"] == "PLAN-2567"
    assert _score(plans["a"]["1004"]).score == D("3.5000")
    roll = AgencyScore.objects.get(agency__code="1028", period=plans["h1"], component__isnull=True)
    assert roll.score == D("3.0000")


def test_applying_again_replaces_the_round_and_clearing_restores_exactly(plans, personas):
    fingerprints = {code: _score(a).fingerprint for code, a in plans["a"].items()}
    plan_deductions_apply(actor=personas["eval.officer"], fiscal_year=plans["fy"])
    plan_save(
        actor=personas["sathon.staff"], assignment=plans["a"]["1028"], version=None, target_text="๕ หมื่นต้น",
        milestones=[MilestoneInput("ปลูก", dt.date(2023, 10, 1), dt.date(2024, 9, 30), D(100), None)],
    )  # fmt: skip
    again = plan_deductions_apply(actor=personas["eval.officer"], fiscal_year=plans["fy"])
    assert again.deducted == 0 and _score(plans["a"]["1028"]).score == D("3.5000")
    assert {code: _score(a).fingerprint for code, a in plans["a"].items()} == fingerprints
    out = io.StringIO()
    call_command("plan_deductions", "--fiscal-year", "2567", "--user", "eval.officer", "--clear", stdout=out)
    assert "0 plans checked" in out.getvalue()


def test_only_the_evaluation_office_applies_deductions(plans, personas, client_for, run_jobs):
    for who in ("bangrak.head", "executive", "committee1.secretary"):
        with pytest.raises(PermissionDenied):
            plan_deductions_apply(actor=personas[who], fiscal_year=plans["fy"])
    assert client_for("bangrak.head").post("/progress/plans/deductions/", {"fy": 2567}).status_code == 403
    assert client_for("eval.officer").get("/progress/plans/deductions/").status_code == 405
    response = client_for("eval.officer").post("/progress/plans/deductions/", {"fy": 2567, "period": "H1"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")  # a job, run by a worker
    (job,) = run_jobs()
    assert job.state == "done" and _score(plans["a"]["1028"]).score == D("3.0000")
