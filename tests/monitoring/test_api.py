from __future__ import annotations

from rest_framework.test import APIClient

from pramoen.monitoring.models import Obstacle, Sheet

BASE = "/api/v1/monitoring/"


def api_for(personas, name):
    client = APIClient()
    client.force_authenticate(personas[name])
    return client


def test_reading_follows_the_same_rules_as_the_pages(personas, demo_round):
    r = api_for(personas, "executive").get(BASE + "rounds/2567/H1/committees/1/")
    assert r.status_code == 200 and r.json()["access"] == "full" and len(r.json()["obstacles"]) == 14
    mine = api_for(personas, "bangrak.staff").get(BASE + "rounds/2567/H1/committees/1/").json()
    assert mine["access"] == "concerning" and mine["obstacles"] == [] and len(mine["observations"]) == 1
    assert api_for(personas, "bangrak.staff").get(BASE + "rounds/2568/H1/committees/1/").status_code == 403
    assert APIClient().get(BASE + "rounds/").status_code in (401, 403)
    assert [r["fiscal_year"] for r in api_for(personas, "executive").get(BASE + "rounds/").json()] == [
        2568,
        2567,
    ]


def test_writes_use_the_version(personas, demo_round):
    sec = api_for(personas, "committee1.secretary")
    r = sec.post(BASE + "rounds/2568/H1/committees/1/", {"kind": "obstacle", "text": "๑. ก\n๒. ระบบ BMA OSS ล่ม", "component": "3.1",
                                                          "aspect": "technology", "version": 1}, format="json")  # fmt: skip
    assert (
        r.status_code == 201 and r.json()["version"] == 3 and r.json()["items"][1]["systems"] == ["bma_oss"]
    )
    pk = r.json()["items"][0]["id"]
    stale = sec.patch(BASE + f"items/obstacle/{pk}/", {"text": "ข", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["extra"]["current_version"] == 3
    ok = sec.patch(
        BASE + f"items/obstacle/{pk}/", {"text": "ข", "agencies": ["1004"], "version": 3}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["item"]["agencies"] == ["1004"]
    bad = sec.post(
        BASE + "rounds/2568/H1/committees/1/",
        {"kind": "obstacle", "text": "x", "component": "1"},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["extra"]["field"] == "aspect"
    assert (
        api_for(personas, "committee4.secretary")
        .patch(BASE + f"items/obstacle/{pk}/", {"text": "y"}, format="json")
        .status_code
        == 403
    )
    assert sec.delete(BASE + f"items/obstacle/{pk}/?version=4").status_code == 204
    assert not Obstacle.objects.filter(pk=pk).exists()
    assert Sheet.objects.get(round__fiscal_year=2568, committee__number=1).version == 5


def test_follow_up_open_items_and_matrix(personas, demo_round):
    staff = api_for(personas, "bangrak.staff")
    items = staff.get(BASE + "open/").json()
    assert len(items) == 1
    r = staff.post(BASE + f"observations/{items[0]['id']}/follow-up/", {"status": "done"}, format="json")
    assert r.status_code == 400 and r.json()["extra"]["field"] == "evidence"
    r = staff.post(
        BASE + f"observations/{items[0]['id']}/follow-up/",
        {"status": "done", "evidence": "หนังสือ"},
        format="json",
    )
    assert r.status_code == 200 and staff.get(BASE + "open/").json() == []
    matrix = api_for(personas, "executive").get(BASE + "recurring/?by=system").json()
    assert all(row["cells"]["bma_oss"] for row in matrix["rows"])
