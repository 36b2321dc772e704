"""The organisation API is public; everything else needs a session or a token."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_districts_are_public_json(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = Client().get("/api/v1/districts/")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 50
    bang_rak = next(r for r in rows if r["code"] == 1004)
    assert bang_rak["name_th"] == "บางรัก" and bang_rak["name_en"] == "Bang Rak"
    assert bang_rak["group"] == 2 and bang_rak["office"] == "1004"


def test_districts_as_geojson():
    response = Client().get("/api/v1/districts/", {"format": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 50
    feature = data["features"][0]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert {"code", "name_th", "group_code", "group_color"} <= set(feature["properties"])
    simplified = Client().get("/api/v1/districts/", {"format": "geojson", "simplify": "1"})
    assert len(simplified.content) < len(response.content) / 5


def test_one_district_and_committee_membership(personas):
    district = Client().get("/api/v1/districts/1015/").json()
    assert district["committee"] == 4
    committee = Client().get("/api/v1/committees/1/").json()
    assert committee["theme_th"] == "ด้านการคลังและงบประมาณ"
    assert set(committee["agencies"]) == {"finance", "budget"} and committee["district_group"] == 2


def test_groups_and_agencies(personas):
    groups = Client().get("/api/v1/district-groups/").json()
    assert [g["code"] for g in groups] == [1, 2, 3, 4, 5, 6]
    assert len(groups[1]["district_codes"]) == 10 and groups[1]["committee"] == 1
    agencies = Client().get("/api/v1/agencies/", {"kind": "bureau"}).json()
    traffic = next(a for a in agencies if a["code"] == "traffic-transport")
    assert traffic["abbr_th"] == "สจส." and traffic["committees"] == [3]
    bang_rak = Client().get("/api/v1/agencies/1004/").json()
    assert bang_rak["district"] == 1004 and bang_rak["committees"] == [1]


def test_the_public_api_is_read_only(personas):
    client = Client()
    assert client.post("/api/v1/agencies/", {"code": "x"}).status_code == 405
    assert client.delete("/api/v1/districts/1004/").status_code == 405


def test_me_needs_a_session_or_a_token(personas):
    response = Client().get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert "message" in response.json()
    token = Token.objects.create(user=personas["bangrak.head"])
    me = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/me/").json()
    assert me["username"] == "bangrak.head" and me["agency_roles"] == {"1004": ["approver"]}
    session = Client()
    session.force_login(personas["committee1.secretary"])
    assert session.get("/api/v1/me/").json()["committee_roles"] == {"1": ["committee_secretary"]}


def test_schema_and_docs_are_served_locally():
    schema = Client().get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/districts/" in schema.content
    docs = Client().get("/api/docs/").content.decode()
    assert "swagger" in docs.lower()
    assert "cdn" not in docs.lower() and "https://" not in docs.split("<body")[0]
