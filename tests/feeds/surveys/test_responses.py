"""One response per token, the public form without sign-in, and the satisfaction figure."""

from decimal import Decimal as D

import pytest
from django.test import Client

from pramoen.core.errors import ApplicationError
from pramoen.feeds.surveys import selectors, services
from pramoen.feeds.surveys.models import Response, ResponseToken
from pramoen.orgs.models import Agency
from tests.feeds.surveys.conftest import answer, build, opened

pytestmark = pytest.mark.django_db


def test_a_token_carries_one_response_and_an_unknown_token_is_refused(personas, indicator):
    survey = opened(personas, indicator)
    token = services.token_issue(survey=survey, agency=Agency.objects.get(code="1004"))
    qs = list(survey.questions.order_by("order"))
    answers = {str(qs[0].pk): "5", str(qs[1].pk): "4", str(qs[2].pk): "บัตร"}
    first = services.response_submit(token=token.token, answers=answers)
    again = services.response_submit(token=token.token, answers={**answers, str(qs[0].pk): "1"})
    assert first.response is not None and not first.already
    assert again.response is None and again.already
    assert Response.objects.get().answers == {str(qs[0].pk): 5, str(qs[1].pk): 4, str(qs[2].pk): "บัตร"}
    for bad in ("", "not-a-token"):
        with pytest.raises(ApplicationError) as err:
            services.response_submit(token=bad, answers=answers)
        assert err.value.extra["field"] == "token"


def test_answers_are_checked_and_a_refused_form_keeps_its_token(personas, indicator):
    survey = opened(personas, indicator)
    with pytest.raises(ApplicationError) as err:
        answer(survey, "1004", "7", "4", "บัตร")
    assert err.value.extra["column"] == "Q1"
    with pytest.raises(ApplicationError):
        answer(survey, "1004", "5", "", "บัตร")  # required
    with pytest.raises(ApplicationError):
        answer(survey, "1004", "5", "4", "อื่น")  # not a choice
    assert not Response.objects.exists() and not ResponseToken.objects.exclude(used_at=None).exists()


def test_no_token_is_issued_for_a_survey_not_open_or_an_agency_it_does_not_run_for(personas, indicator):
    survey = build(personas, indicator)
    with pytest.raises(ApplicationError):
        services.token_issue(survey=survey, agency=Agency.objects.get(code="1004"))
    survey = opened(personas, indicator, title="เปิดแล้ว")
    with pytest.raises(ApplicationError):
        services.token_issue(survey=survey, agency=Agency.objects.get(code="1015"))


def test_satisfaction_by_top_two_box_and_by_mean_over_five(personas, indicator):
    survey = opened(personas, indicator)
    for a, b in ((5, 5), (4, 3), (2, 1), (5, 4)):
        answer(survey, "1004", str(a), str(b), "บัตร", "ดี")
    rows = selectors.answers_by_agency(survey)[Agency.objects.get(code="1004").pk]
    ttb = selectors.satisfaction(survey, rows)
    # 5-point answers: 5 5 4 3 2 1 5 4 → 5 of 8 are 4 or 5
    assert (ttb.responses, ttb.answers, ttb.top_two, ttb.percent) == (4, 8, 5, D("62.5000"))
    mean = selectors.satisfaction(survey, rows, rule="mean")
    assert mean.mean == D("3.6250") and mean.percent == D("72.5000")  # 29 / 8 / 5 × 100
    items = selectors.item_results(survey)
    assert items[0].counts == [("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 2)]
    assert items[2].counts == [("บัตร", 4), ("ทะเบียน", 0)]
    assert items[3].topics and items[3].answered == 4


def test_the_public_form_needs_no_sign_in_and_a_second_submit_counts_once(personas, indicator):
    survey = opened(personas, indicator)
    client = Client()
    page = client.get(f"/s/{survey.public_key}/1004/")
    body = page.content.decode()
    assert page.status_code == 200 and 'name="token"' in body
    token = ResponseToken.objects.get().token
    qs = list(survey.questions.order_by("order"))
    form = {"token": token, f"q_{qs[0].pk}": "5", f"q_{qs[1].pk}": "4", f"q_{qs[2].pk}": "ทะเบียน"}
    assert client.post("/s/answer/", form).status_code == 200
    second = client.post("/s/answer/", form)
    assert second.status_code == 200 and Response.objects.count() == 1
    assert client.post("/s/answer/", {**form, "token": "made-up"}).status_code == 400
    bad = client.post(
        "/s/answer/",
        {"token": services.token_issue(survey=survey, agency=Agency.objects.get(code="1004")).token},
    )
    assert bad.status_code == 400 and Response.objects.count() == 1
    assert (
        client.get(f"/s/{survey.public_key}/1015/").status_code == 200
    )  # a clear message, not an error page
    assert client.get("/s/nope/1004/").status_code == 404
