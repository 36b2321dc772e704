"""A survey indicator hosted by สำนักการโยธา (publicworks.reviewer designs the survey), carried out by บางรัก
and สาทร (bangrak.staff and sathon.staff read it once shared); ธนบุรี is not concerned."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from pramoen.feeds.surveys import services
from pramoen.feeds.surveys.models import Survey
from pramoen.framework.models import Assignment, Component, Indicator
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency


@pytest.fixture
def indicator(personas) -> Indicator:
    return make_indicator()


def make_indicator(
    *,
    code: str = "1.11",
    name_th: str = "ร้อยละความพึงพอใจของผู้รับบริการ",
    targets: tuple[int, ...] = (70, 75, 80, 85, 90),
    joint: bool = False,
) -> Indicator:
    """A survey indicator hosted by สำนักการโยธา and assigned to บางรัก and สาทร; ``joint``: a joint KPI whose
    host (H) is assigned too and the two districts support it (R)."""
    fy = fiscal_year_ensure(year=2567)
    comp, _ = Component.objects.get_or_create(
        fiscal_year=fy,
        code="1",
        defaults={"name_th": "ผลสัมฤทธิ์", "name_en": "Perf", "weight": D(60), "order": 1},
    )
    ind = Indicator.objects.create(
        fiscal_year=fy,
        component=comp,
        code=code,
        name_th=name_th,
        method="survey",
        unit="%",
        host_agency=Agency.objects.get(code="public-works"),
        is_joint=joint,
        **{f"t{n}": D(t) for n, t in enumerate(targets, start=1)},
    )
    codes = ("public-works", "1004", "1028") if joint else ("1004", "1028")
    for agency_code in codes:
        Assignment.objects.create(
            indicator=ind,
            agency=Agency.objects.get(code=agency_code),
            weight=D(10),
            role=Assignment.Role.HOST if agency_code == "public-works" else Assignment.Role.SUPPORTER,
        )
    return ind


def build(personas: dict[str, Any], indicator: Indicator, **values: Any) -> Survey:
    host = personas["publicworks.reviewer"]
    survey = services.survey_create(
        actor=host,
        indicator=indicator,
        data=services.SurveyInput(
            title=values.pop("title", "ความพึงพอใจต่อบริการ"),
            target_group="ผู้รับบริการที่สำนักงานเขต",
            period_code=values.pop("period_code", "H1"),
            population=values.pop("population", 1000),
            **values,
        ),
    )
    services.question_add(actor=host, survey=survey, data=services.QuestionInput("ความสะดวก"))
    services.question_add(actor=host, survey=survey, data=services.QuestionInput("ความรวดเร็ว"))
    services.question_add(
        actor=host,
        survey=survey,
        data=services.QuestionInput("มาเรื่องใด", kind="choice", choices=["บัตร", "ทะเบียน"]),
    )
    services.question_add(
        actor=host, survey=survey, data=services.QuestionInput("ข้อเสนอแนะ", kind="text", required=False)
    )
    return survey


def opened(personas: dict[str, Any], indicator: Indicator, **values: Any) -> Survey:
    survey = build(personas, indicator, **values)
    services.survey_share(actor=personas["publicworks.reviewer"], survey=survey)
    services.survey_review(actor=personas["eval.officer"], survey=survey, approve=True)
    return services.survey_open(actor=personas["publicworks.reviewer"], survey=survey)


def answer(survey: Survey, agency_code: str, *values: Any) -> Any:
    """Answer as a respondent would: open the link (a token), then send the form."""
    token = services.token_issue(survey=survey, agency=Agency.objects.get(code=agency_code))
    qs = list(survey.questions.order_by("order"))
    return services.response_submit(
        token=token.token, answers={str(q.pk): v for q, v in zip(qs, values, strict=False)}
    )


@pytest.fixture
def run_queued(db):
    """Run every queued job here as the worker's task runs it (``job_execute``) and return them; the worker
    loop itself is tested in tests/jobs (its connection check drops a test's transaction on PostgreSQL)."""
    from pramoen.jobs.models import Job
    from pramoen.jobs.services import job_execute

    def run():
        ids = list(Job.objects.filter(state=Job.State.QUEUED).order_by("pk").values_list("pk", flat=True))
        for pk in ids:
            job_execute(pk)
        return list(Job.objects.filter(pk__in=ids).order_by("pk"))

    return run
