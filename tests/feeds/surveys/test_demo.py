"""The demo runs one survey per survey indicator of FY2567 with generated responses: 1.11 closed for H1 (the
districts' scores come from its responses), 1.7 open; loaded once."""

import pytest

from pramoen.core.audit import acting_as
from pramoen.feeds.surveys.demo import load_surveys_demo
from pramoen.feeds.surveys.models import Response, Survey
from pramoen.framework.demo import load_framework_demo
from pramoen.framework.models import Indicator
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult

pytestmark = pytest.mark.django_db


def test_one_survey_per_survey_indicator_with_responses_and_the_closed_one_scores(personas):
    with acting_as(label="system:test"):
        fy = load_framework_demo()
        responses = load_surveys_demo(year=fy.year)
        assert load_surveys_demo(year=fy.year) == responses  # a second run adds nothing
        recompute(fiscal_year=fy.year, period_code="H1", actor_label="system:test", resume=False)
    assert responses == Response.objects.count() > 1000
    indicators = set(Indicator.objects.filter(fiscal_year=fy, method="survey").values_list("code", flat=True))
    surveys = {s.indicator.code: s for s in Survey.objects.select_related("indicator")}
    assert set(surveys) == indicators == {"1.7", "1.11"}
    assert (surveys["1.11"].state, surveys["1.7"].state) == ("closed", "open")
    for survey in surveys.values():
        assert survey.responses.exists() and survey.questions.filter(kind="scale").exists()
    scores = ScoreResult.objects.filter(
        assignment__indicator__code="1.11", period__code="H1", status="scored"
    )
    assert scores.count() == 50
    assert {s.inputs["survey"] for s in scores} == {surveys["1.11"].pk}
