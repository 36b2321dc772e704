"""A version, row count, weight or date that is not one is a 400 with a message on the API and the
pages — never a 500 — and the report or plan is left as it was."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pramoen.progress.models import ActionPlan, ProgressReport

BAD_VERSIONS = ["abc", "1.5", "²", "99999999999999999999", "-1"]


def _open(world, client) -> ProgressReport:
    assert client.post(f"/progress/open/{world.sidewalks.pk}/Q3/").status_code == 302
    return ProgressReport.objects.get(assignment=world.sidewalks, period=world.q3)


def _api(personas, name) -> APIClient:
    client = APIClient()
    client.force_authenticate(personas[name])
    return client


@pytest.mark.parametrize("version", [*BAD_VERSIONS, ["1"], {"a": 1}])
def test_the_api_answers_400_to_a_version_that_is_not_a_number(world, personas, client_for, version):
    report = _open(world, client_for("bangrak.staff"))
    staff = _api(personas, "bangrak.staff")
    url = f"/api/v1/progress/reports/{report.pk}/"
    saved = staff.patch(url, {"version": version, "narrative": "x"}, format="json")
    assert saved.status_code == 400 and saved.json()["extra"]["field"] == "version"
    for step, who in (("submit", "bangrak.head"), ("verify", "eval.officer")):
        answer = _api(personas, who).post(url + f"{step}/", {"version": version}, format="json")
        assert answer.status_code == 400, step
    assert ProgressReport.objects.get(pk=report.pk).status == "draft"
    assert _api(personas, "sathon.staff").patch(url, {"version": "abc"}, format="json").status_code == 403


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_the_pages_refuse_a_version_that_is_not_a_number(world, client_for, version):
    report = _open(world, client_for("bangrak.staff"))
    url = f"/progress/reports/{report.pk}/"
    htmx = {"HTTP_HX_REQUEST": "true"}
    saved = client_for("bangrak.staff").post(url + "save/", {"version": version, "narrative": "x"}, **htmx)
    assert saved.status_code == 400
    plain = client_for("bangrak.staff").post(url + "save/", {"version": version, "narrative": "x"})
    assert plain.status_code == 302
    action = client_for("bangrak.head").post(url + "action/", {"action": "submit", "version": version})
    assert action.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).status == "draft"
    assert ProgressReport.objects.get(pk=report.pk).narrative == ""


@pytest.mark.parametrize(
    "change",
    [
        {"version": "abc"},
        {"rows": "abc"},
        {"rows": "1000000000"},
        {"weight_0": "1e99999"},
        {"weight_0": "abc"},
        {"start_0": "0001-01-01"},
    ],
)
def test_the_plan_form_refuses_malformed_numbers_and_dates(world, client_for, change):
    form = {"rows": 1, "version": "", "target_text": "t", "name_0": "สำรวจ", "start_0": "2023-10-01"}
    form |= {"end_0": "2023-12-31", "weight_0": "100"}
    staff = client_for("bangrak.staff")
    response = staff.post(f"/progress/plans/{world.plan.pk}/", form | change)
    assert response.status_code == 200  # the form again, with the message
    assert not ActionPlan.objects.filter(assignment=world.plan).exists()
    refused = client_for("sathon.staff").post(f"/progress/plans/{world.plan.pk}/", form | change)
    assert refused.status_code == 403
