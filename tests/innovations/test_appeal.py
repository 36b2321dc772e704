"""Component 2 is appealable like any score: บางรัก appeals its innovation score (a corrected value for
Q2), the evaluation office approves, the score and component 2's roll-up follow and the trail names the
appeal; reversing the decision restores every stored figure."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from pramoen.appeals import services as appeals
from pramoen.appeals.models import AppealCategory, Decider, Effect
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import AgencyScore, ScoreResult
from tests.appeals.helpers import decide, file, scores_of
from tests.innovations.conftest import scored

pytestmark = pytest.mark.django_db


def test_an_agency_appeals_its_component_2_score_and_reversal_restores_it(
    personas, host_reviewer, component2
):
    scored(personas, host_reviewer, "1004", "ระบบแจ้งการมาเรียน", (4, 4, 4, 4))
    assignment = component2["1004"]
    fy = assignment.indicator.fiscal_year
    recompute(fiscal_year=2567, period_code="Q2", resume=False)
    q2 = ScoreResult.objects.get(assignment=assignment, period__code="Q2")
    assert (q2.actual, q2.score) == (D("4.0000"), D("4.0000"))  # the level of a new innovation marked 4s
    before = scores_of(assignment.agency_id)
    today = timezone.localdate()
    category = AppealCategory.objects.create(
        fiscal_year=fy,
        code="correct-value",
        effect=Effect.CORRECT_VALUE,
        name_th="แก้ไขผลการดำเนินงาน",
        name_en="Correct the value",
        eligibility_th="ตามหลักเกณฑ์",
        required_documents=[{"code": "letter", "name_th": "หนังสือขออุทธรณ์", "name_en": "Appeal letter"}],
        component=assignment.indicator.component,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
        decider=Decider.EVALUATION_OFFICE,
        published_at=timezone.now(),
    )
    q2_period = q2.period
    case = file(personas, category, assignment, period=q2_period, requested=D("4.6"))
    decide(personas, case)
    q2.refresh_from_db()
    assert (q2.actual, q2.score) == (D("4.6000"), D("4.6000"))
    assert q2.inputs["computed_actual"] == "4.0000" and q2.appeals[0]["reference"] == case.number
    roll_up = AgencyScore.objects.get(agency_id=assignment.agency_id, period=q2_period, component__code="2")
    assert roll_up.score == D("4.6000")
    appeals.appeal_reverse(actor=personas["eval.officer"], case=case, reason="หลักฐานไม่ครบ")
    assert scores_of(assignment.agency_id) == before
