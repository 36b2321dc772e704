"""The progress API: open, save with a version (409 when stale), workflow steps with the policy."""

from __future__ import annotations

from rest_framework.test import APIClient


def test_api_round_trip_with_conflict_and_permissions(world, api_for):
    staff = api_for("bangrak.staff")
    opened = staff.post(f"/api/v1/progress/open/{world.sidewalks.pk}/Q3/")
    assert opened.status_code == 200 and opened.json()["status"] == "draft"
    pk, version = opened.json()["id"], opened.json()["version"]
    saved = staff.patch(
        f"/api/v1/progress/reports/{pk}/",
        {"version": version, "numerator": "8", "denominator": "10"},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == version + 1
    stale = staff.patch(
        f"/api/v1/progress/reports/{pk}/", {"version": version, "narrative": "x"}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["extra"]["reason"] == "conflict"
    bad = staff.patch(
        f"/api/v1/progress/reports/{pk}/", {"version": version + 1, "numerator": "-1"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["extra"]["field"] == "numerator"
    assert staff.post(f"/api/v1/progress/reports/{pk}/submit/", {"version": version + 1}).status_code == 403
    assert api_for("sathon.staff").get(f"/api/v1/progress/reports/{pk}/").status_code == 403
    submitted = api_for("bangrak.head").post(
        f"/api/v1/progress/reports/{pk}/submit/", {"version": version + 1}
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    reviewer = api_for("publicworks.reviewer")
    assert reviewer.get(f"/api/v1/progress/reports/{pk}/").json()["actions"] == ["review", "send_back"]
    reviewed = reviewer.post(f"/api/v1/progress/reports/{pk}/review/", {"version": version + 2})
    assert reviewed.json()["status"] == "reviewed"
    verified = api_for("eval.officer").post(
        f"/api/v1/progress/reports/{pk}/verify/", {"version": version + 3}
    )
    assert verified.json()["status"] == "verified"
    assert APIClient().get(f"/api/v1/progress/reports/{pk}/").status_code in (401, 403)
