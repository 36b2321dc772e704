"""Pages and API of the Innovation Base: each write tried by one who may and one who may not."""

import pytest

from pramoen.innovations.models import Innovation
from tests.innovations.conftest import make, submitted

pytestmark = pytest.mark.django_db

FORM = {
    "agency": "1004",
    "fiscal_year": "2567",
    "title": "ระบบแจ้งการมาเรียน",
    "problem": "นักเรียนขาดเรียน",
    "solution": "แจ้งผู้ปกครอง",
    "results": "",
    "category": "education",
    "status": "in_use",
    "kind": "new",
    "adoptable_by": "any",
}


def test_agency_staff_register_an_innovation_through_the_page(client_for):
    client = client_for("bangrak.staff")
    assert client.get("/innovations/new/").status_code == 200
    response = client.post("/innovations/new/", FORM)
    innovation = Innovation.objects.get(title="ระบบแจ้งการมาเรียน")
    assert response.status_code == 302 and response["Location"] == f"/innovations/{innovation.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "ระบบแจ้งการมาเรียน" in page.content.decode()


def test_someone_of_no_agency_cannot_register_and_another_agency_cannot_post_for_bang_rak(client_for):
    assert client_for("executive").get("/innovations/new/").status_code == 403
    response = client_for("sathon.staff").post("/innovations/new/", FORM)  # 1004 is not among its choices
    assert response.status_code == 200 and not Innovation.objects.exists()


def test_a_bad_form_gets_a_message_not_a_500(client_for):
    response = client_for("bangrak.staff").post(
        "/innovations/new/", {**FORM, "fiscal_year": "abc", "title": ""}
    )
    assert response.status_code == 200 and not Innovation.objects.exists()
    response = client_for("bangrak.staff").post("/innovations/new/", {**FORM, "kind": "adopted"})
    assert response.status_code == 200 and not Innovation.objects.exists()


def test_editing_is_for_the_agency_and_only_while_a_draft(personas, client_for):
    innovation = make(personas["bangrak.staff"], "1004", "ร่าง")
    url = f"/innovations/{innovation.pk}/edit/"
    assert client_for("sathon.staff").get(url).status_code == 404  # a draft of another agency is not shown
    assert (
        client_for("bangrak.staff")
        .post(url, {**FORM, "title": "ร่างใหม่", "results": "ได้ผล", "version": "1"})
        .status_code
        == 302
    )
    assert Innovation.objects.get(pk=innovation.pk).title == "ร่างใหม่"
    client_for("bangrak.head").post(f"/innovations/{innovation.pk}/submit/")
    assert Innovation.objects.get(pk=innovation.pk).state == "submitted"
    assert client_for("bangrak.staff").get(url).status_code == 403


def test_the_host_assesses_and_scores_through_the_page_and_others_are_refused(
    personas, client_for, host_reviewer
):
    from django.test import Client

    innovation = submitted(personas, "1004", "ประเมินผ่านหน้าเว็บ")
    marks = {"mark_novelty": "4", "mark_usefulness": "4", "mark_results": "4", "mark_spread": "4"}
    client_for("bangrak.head").post(f"/innovations/{innovation.pk}/assess/", marks)
    assert Innovation.objects.get(pk=innovation.pk).state == "submitted"  # refused
    host = Client()
    host.force_login(host_reviewer)
    assert "mark_novelty" in host.get(f"/innovations/{innovation.pk}/").content.decode()
    assert host.get("/innovations/review/").status_code == 200
    assert client_for("bangrak.staff").get("/innovations/review/").status_code == 403
    host.post(f"/innovations/{innovation.pk}/assess/", {**marks, "mark_spread": "9"})  # a mark out of 1–5
    assert Innovation.objects.get(pk=innovation.pk).state == "submitted"
    host.post(f"/innovations/{innovation.pk}/assess/", marks)
    host.post(f"/innovations/{innovation.pk}/score/")
    assert Innovation.objects.get(pk=innovation.pk).state == "scored"


def test_the_list_searches_filters_and_exports(personas, client_for):
    submitted(personas, "1004", "ระบบแจ้งการมาเรียน")
    submitted(personas, "1028", "แผนที่จุดทิ้งขยะ", problem="ขยะตกค้าง", solution="ปักหมุดจุดทิ้งขยะ")
    client = client_for("thonburi.staff")
    body = client.get("/innovations/", {"q": "ขยะ"}).content.decode()
    assert "แผนที่จุดทิ้งขยะ" in body and "ระบบแจ้งการมาเรียน" not in body
    assert (
        "ระบบแจ้งการมาเรียน" in client.get("/innovations/", {"fy": "2567", "status": "in_use"}).content.decode()
    )
    xlsx = client.get("/innovations/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/innovations/", {"fy": "x", "page": "zz"}).status_code == 200


def test_the_api_lists_filters_creates_and_refuses(personas, client_for):
    submitted(personas, "1004", "ระบบแจ้งการมาเรียน")
    api = client_for("sathon.staff")
    rows = api.get("/api/v1/innovations/", {"q": "นักเรียน"}).json()["results"]
    assert [r["title"] for r in rows] == ["ระบบแจ้งการมาเรียน"]
    body = {**FORM, "fiscal_year": 2567, "agency": "1028", "title": "จาก API"}
    created = api.post("/api/v1/innovations/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["agency"] == "1028"
    refused = api.post("/api/v1/innovations/", {**body, "agency": "1004"}, content_type="application/json")
    assert refused.status_code == 403 and "message" in refused.json()
    bad = api.post("/api/v1/innovations/", {**body, "title": " "}, content_type="application/json")
    assert bad.status_code == 400 and "message" in bad.json()
    assert api.get(f"/api/v1/innovations/{created.json()['id']}/").status_code == 200
    assert client_for("bangrak.staff").get(f"/api/v1/innovations/{created.json()['id']}/").status_code == 404
