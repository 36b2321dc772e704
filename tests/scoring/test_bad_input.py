"""A fiscal year that is not a number is a 400 on the scorecard API and ignored on the pages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["abc", "²", "99999999999999999999", "1e5"])
def test_the_scorecard_api_answers_400_to_a_year_that_is_not_one(client_for, year):
    response = client_for("bangrak.staff").get(f"/api/v1/scorecards/1004/?fiscal_year={year}")
    assert response.status_code == 400 and response.json()["extra"]["field"] == "fiscal_year"
    assert client_for("sathon.staff").get(f"/api/v1/scorecards/1004/?fiscal_year={year}").status_code == 403


@pytest.mark.parametrize("year", ["abc", "²", "99999999999999999999"])
def test_the_score_pages_ignore_a_year_that_is_not_one(client_for, year):
    from pramoen.framework.services import fiscal_year_ensure

    fiscal_year_ensure(year=2567)
    for url in (f"/scores/?fy={year}", f"/scores/agency/1004/?fy={year}", f"/scores/ranking/?fy={year}"):
        assert client_for("eval.officer").get(url).status_code in {200, 302}, url
