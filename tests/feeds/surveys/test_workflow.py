"""Build → share with the supporting agencies → approved by the evaluation office → open → closed; who may."""

import pytest
from django.core.exceptions import PermissionDenied

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import selectors, services
from pramoen.feeds.surveys.models import Survey
from tests.feeds.surveys.conftest import build, opened

pytestmark = pytest.mark.django_db


def test_only_the_host_builds_the_questionnaire(personas, indicator):
    survey = build(personas, indicator)
    assert [q.kind for q in selectors.questions(survey)] == ["scale", "scale", "choice", "text"]
    for other in ("bangrak.staff", "sathon.staff", "thonburi.staff", "executive"):
        with pytest.raises(PermissionDenied):
            services.question_add(actor=personas[other], survey=survey, data=services.QuestionInput("แก้"))
    with pytest.raises(ApplicationError) as err:
        services.question_add(
            actor=personas["publicworks.reviewer"],
            survey=survey,
            data=services.QuestionInput("เลือก", kind="choice", choices=["ก"]),
        )
    assert err.value.extra["field"] == "choices"


def test_a_supporting_agency_reads_the_questionnaire_once_shared_before_negotiation(personas, indicator):
    survey = build(personas, indicator)
    assert not selectors.can_read(personas["bangrak.staff"], survey)  # a draft stays with the host
    survey = services.survey_share(actor=personas["publicworks.reviewer"], survey=survey)
    assert selectors.can_read(personas["bangrak.staff"], survey)
    assert selectors.can_read(personas["sathon.staff"], survey)
    assert not selectors.can_read(personas["thonburi.staff"], survey)  # not concerned
    assert [s.pk for s in selectors.visible(personas["bangrak.staff"])] == [survey.pk]
    assert selectors.visible(personas["thonburi.staff"]) == []
    # reading is not editing
    with pytest.raises(PermissionDenied):
        services.survey_update(
            actor=personas["bangrak.staff"],
            survey=survey,
            data=services.SurveyInput(title="x", target_group="y", period_code="H1"),
            version=1,
        )


def test_the_evaluation_office_approves_the_method_before_launch(personas, indicator):
    host, office = personas["publicworks.reviewer"], personas["eval.officer"]
    survey = build(personas, indicator, population=None)
    with pytest.raises(ApplicationError):  # not shared yet
        services.survey_review(actor=office, survey=survey, approve=True)
    services.survey_share(actor=host, survey=survey)
    with pytest.raises(ApplicationError):  # cannot open before approval
        services.survey_open(actor=host, survey=survey)
    with pytest.raises(PermissionDenied):  # the host does not approve its own survey
        services.survey_review(actor=host, survey=survey, approve=True)
    with pytest.raises(ApplicationError) as err:  # the sample size needs the population
        services.survey_review(actor=office, survey=survey, approve=True)
    assert err.value.extra["field"] == "population"
    with pytest.raises(ApplicationError):  # sending back needs a note
        services.survey_review(actor=office, survey=survey, approve=False)
    services.survey_review(actor=office, survey=survey, approve=False, note="ระบุจำนวนประชากร")
    assert Survey.objects.get(pk=survey.pk).state == "draft"
    services.survey_update(
        actor=host,
        survey=survey,
        data=services.SurveyInput(
            title=survey.title, target_group="ผู้รับบริการ", period_code="H1", population=2000
        ),
        version=1,
    )
    services.survey_share(actor=host, survey=Survey.objects.get(pk=survey.pk))
    services.survey_review(actor=office, survey=survey, approve=True)
    survey = services.survey_open(actor=host, survey=Survey.objects.get(pk=survey.pk))
    assert survey.state == "open"
    with pytest.raises(ApplicationError):  # an approved survey's questions are fixed
        services.question_add(actor=host, survey=survey, data=services.QuestionInput("เพิ่ม"))


def test_a_survey_needs_a_five_point_question_and_a_survey_indicator(personas, indicator):
    host = personas["publicworks.reviewer"]
    bare = services.survey_create(
        actor=host,
        indicator=indicator,
        data=services.SurveyInput(title="ว่าง", target_group="ก", period_code="FY"),
    )
    with pytest.raises(ApplicationError, match=r"[5๕]"):
        services.survey_share(actor=host, survey=bare)
    indicator.method = "ratio"
    with pytest.raises(ApplicationError) as err:
        services.survey_create(
            actor=host,
            indicator=indicator,
            data=services.SurveyInput(title="x", target_group="y", period_code="FY"),
        )
    assert err.value.extra["field"] == "indicator"
    indicator.method = "survey"
    with pytest.raises(ApplicationError) as err:
        services.survey_create(
            actor=host,
            indicator=indicator,
            data=services.SurveyInput(title="x", target_group="y", period_code="Q9"),
        )
    assert err.value.extra["field"] == "period"


def test_only_the_host_opens_and_closes(personas, indicator):
    survey = opened(personas, indicator)
    with pytest.raises(PermissionDenied):
        services.survey_close(actor=personas["bangrak.staff"], survey=survey)
    services.survey_close(actor=personas["publicworks.reviewer"], survey=survey)
    assert Survey.objects.get(pk=survey.pk).state == "closed"
