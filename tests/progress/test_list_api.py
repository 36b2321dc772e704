"""The report and action-plan lists of the API: each filter, each role's scope (the same rule as the report
page), anonymous callers refused, bad parameters answered 400 naming the parameter, stable pages."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from pramoen.progress.models import ActionPlan, Milestone, ProgressReport
from pramoen.progress.services import may_view
from tests.schema_check import schema_mismatches

S = ProgressReport.Status
REPORTS = "/api/v1/progress/reports/"
PLANS = "/api/v1/progress/action-plans/"


@pytest.fixture
def reports(world):
    """bangrak's share of public works' indicator (submitted, Q3), its own plan indicator (draft, M07) and
    complaints (verified, M07); sathon's share (draft, Q3); public works' own (verified, Q3)."""
    made = {
        "bangrak_sidewalks": (world.sidewalks, world.q3, S.SUBMITTED),
        "bangrak_plan": (world.plan, world.m07, S.DRAFT),
        "bangrak_complaints": (world.complaints, world.m07, S.VERIFIED),
        "sathon_sidewalks": (world.sathon_sidewalks, world.q3, S.DRAFT),
        "works_sidewalks": (world.sidewalks_host, world.q3, S.VERIFIED),
    }
    return {
        name: ProgressReport.objects.create(assignment=a, period=p, status=status)
        for name, (a, p, status) in made.items()
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _named(reports, *names):
    return {reports[n].pk for n in names}


def test_each_role_sees_what_the_report_page_lets_it_read(reports, api_for):
    assert _ids(api_for("bangrak.staff").get(REPORTS)) == _named(
        reports, "bangrak_sidewalks", "bangrak_plan", "bangrak_complaints"
    )
    assert _ids(api_for("sathon.staff").get(REPORTS)) == _named(reports, "sathon_sidewalks")
    # the host agency's reviewer: the submitted reports on its hosted indicator (sathon's is still a draft:
    # the agency's own, docs/roles.md), and its own agency's
    assert _ids(api_for("publicworks.reviewer").get(REPORTS)) == _named(
        reports, "bangrak_sidewalks", "works_sidewalks"
    )
    assert _ids(api_for("eval.officer").get(REPORTS)) == {r.pk for r in reports.values()}
    # another agency's code asked for by name: still only what the caller may read
    assert _ids(api_for("bangrak.staff").get(REPORTS, {"agency": "1028"})) == set()


def test_the_list_and_the_report_page_agree_for_every_persona(reports, personas, api_for):
    for username, user in personas.items():
        listed = _ids(api_for(username).get(REPORTS, {"page_size": 200}))
        readable = {r.pk for r in reports.values() if may_view(user, r)}
        assert listed == readable, username


def test_anonymous_callers_are_refused_with_a_json_error(reports):
    for url in (REPORTS, PLANS):
        response = APIClient().get(url)
        assert response.status_code in (401, 403)
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()) == {"message", "extra"} and response.json()["message"]


def test_each_filter(reports, api_for):
    officer = api_for("eval.officer")
    assert _ids(officer.get(REPORTS, {"agency": "1004"})) == _named(
        reports, "bangrak_sidewalks", "bangrak_plan", "bangrak_complaints"
    )
    assert _ids(officer.get(REPORTS, {"period": "Q3"})) == _named(
        reports, "bangrak_sidewalks", "sathon_sidewalks", "works_sidewalks"
    )
    assert _ids(officer.get(REPORTS, {"period": "Q3", "fy": "2567"})) == _named(
        reports, "bangrak_sidewalks", "sathon_sidewalks", "works_sidewalks"
    )
    assert _ids(officer.get(REPORTS, {"status": "verified"})) == _named(
        reports, "bangrak_complaints", "works_sidewalks"
    )
    assert _ids(officer.get(REPORTS, {"status": "draft,submitted"})) == _named(
        reports, "bangrak_sidewalks", "bangrak_plan", "sathon_sidewalks"
    )
    assert _ids(officer.get(REPORTS, {"indicator": "1.3"})) == _named(reports, "bangrak_plan")
    assert _ids(officer.get(REPORTS, {"agency": "1004", "period": "M07", "status": "draft"})) == _named(
        reports, "bangrak_plan"
    )
    row = officer.get(REPORTS, {"agency": "1028"}).json()["results"][0]
    assert (row["agency"], row["period"], row["fiscal_year"], row["indicator"]) == ("1028", "Q3", 2567, "1.4")


@pytest.mark.parametrize(
    ("params", "field", "reason"),
    [
        ({"agency": "no-such-agency"}, "agency", "unknown"),
        ({"period": "Q9"}, "period", "unknown"),
        ({"period": "Q3,x"}, "period", "unknown"),
        ({"status": "approved"}, "status", "unknown"),
        ({"fy": "abc"}, "fy", "not_integer"),
        ({"fy": "2599"}, "fy", "unknown"),
        ({"fy": "99999999999999999999"}, "fy", "not_integer"),
        ({"page": "0"}, "page", "out_of_range"),
        ({"page": "9"}, "page", "out_of_range"),
        ({"page": "๑"}, "page", "not_integer"),
        ({"page_size": "1000"}, "page_size", "out_of_range"),
        ({"page_size": "ten"}, "page_size", "not_integer"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(reports, api_for, params, field, reason):
    response = api_for("eval.officer").get(REPORTS, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["extra"]["field"] == field and body["extra"]["reason"] == reason
    assert field in body["message"]


def test_status_error_lists_the_allowed_values(reports, api_for):
    body = api_for("eval.officer").get(REPORTS, {"status": "approved"}).json()
    assert body["extra"]["allowed"] == list(S.values)


def test_pages_are_stable_and_complete(reports, api_for):
    officer = api_for("eval.officer")
    first = officer.get(REPORTS, {"page_size": 2}).json()
    assert (first["count"], first["pages"], first["page"], first["previous"]) == (5, 3, 1, None)
    seen = [r["id"] for r in first["results"]]
    following = first["next"]
    while following:
        page = officer.get(following).json()
        seen += [r["id"] for r in page["results"]]
        following = page["next"]
    whole = [r["id"] for r in officer.get(REPORTS).json()["results"]]
    assert seen == whole and len(set(seen)) == 5
    ordered = sorted(
        reports.values(),
        key=lambda r: (
            r.period.start,
            r.period.end,
            r.assignment.agency.code,
            r.assignment.indicator.code,
            r.pk,
        ),
    )
    assert whole == [r.pk for r in ordered]
    # an empty result is one empty page, not an error
    empty = officer.get(REPORTS, {"status": "reviewed"}).json()
    assert (empty["count"], empty["pages"], empty["results"]) == (0, 1, [])


@pytest.fixture
def plans(world):
    made = {}
    for name, assignment in (("bangrak", world.plan), ("sathon", world.sathon_sidewalks)):
        plan = ActionPlan.objects.create(assignment=assignment, target_text="ทำให้เสร็จ")
        Milestone.objects.create(plan=plan, order=1, name="สำรวจ", weight=100)
        made[name] = plan
    return made


def test_action_plans_scoped_filtered_and_described(plans, api_for):
    staff = api_for("bangrak.staff")
    assert _ids(staff.get(PLANS)) == {plans["bangrak"].pk}
    assert _ids(api_for("sathon.staff").get(PLANS)) == {plans["sathon"].pk}
    # the plan page's rule: a host reviewer does not read the supporters' plans
    assert _ids(api_for("publicworks.reviewer").get(PLANS)) == set()
    officer = api_for("eval.officer")
    assert _ids(officer.get(PLANS)) == {p.pk for p in plans.values()}
    assert _ids(officer.get(PLANS, {"agency": "1028"})) == {plans["sathon"].pk}
    assert _ids(officer.get(PLANS, {"indicator": "1.3", "fy": "2567"})) == {plans["bangrak"].pk}
    row = staff.get(PLANS).json()["results"][0]
    assert row["agency"] == "1004" and row["indicator"] == "1.3" and row["fiscal_year"] == 2567
    assert [m["name"] for m in row["milestones"]] == ["สำรวจ"]
    assert row["problems"]  # no planned dates: the completeness check says so
    bad = officer.get(PLANS, {"agency": "x"})
    assert bad.status_code == 400 and bad.json()["extra"]["field"] == "agency"


def test_answers_are_as_the_schema_describes_them(reports, plans, api_for):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    officer = api_for("eval.officer")
    for url in (REPORTS, PLANS):
        described = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"]
        body = officer.get(url).json()
        assert body["results"] and schema_mismatches(body, described["schema"], schema) == [], url
    bad = officer.get(REPORTS, {"period": "Q9"})
    error = schema["paths"][REPORTS]["get"]["responses"]["400"]["content"]["application/json"]
    assert schema_mismatches(bad.json(), error["schema"], schema) == []


def test_the_list_reads_each_period_once_whatever_the_number_of_reports(reports, world, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = api_for("eval.officer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert (
                len(officer.get(REPORTS, {"page_size": 200}).json()["results"])
                == ProgressReport.objects.count()
            )
        return len(ctx.captured_queries)

    queries()  # the first request of a session reads the session and the user
    before = queries()
    # five more reports in the same two periods: the answer grows, its queries do not
    for assignment, period in (
        (world.sidewalks, world.m07),
        (world.plan, world.q3),
        (world.complaints, world.q3),
        (world.sathon_sidewalks, world.m07),
        (world.sidewalks_host, world.m07),
    ):
        ProgressReport.objects.create(assignment=assignment, period=period, status=S.DRAFT)
    assert queries() == before
