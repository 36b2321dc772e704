"""Every create/update/delete of domain data is logged with who, when, and before → after."""

import pytest

from pramoen.core.audit import acting_as
from pramoen.core.models import AuditEntry
from pramoen.orgs.models import Agency, Committee

pytestmark = pytest.mark.django_db


def test_it_logs_create_update_and_delete_with_the_actor(personas):
    admin = personas["admin"]
    with acting_as(admin):
        agency = Agency.objects.create(
            code="digital", kind="bureau", name_th="สำนักดิจิทัลกรุงเทพมหานคร", name_en="Digital"
        )
        agency.name_en = "Digital Bangkok Department"
        agency.save()
        pk = agency.pk
        agency.delete()
    entries = list(AuditEntry.objects.filter(model="orgs.Agency", object_pk=str(pk)).order_by("pk"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == admin and e.actor_label == "admin" for e in entries)
    assert entries[0].changes["name_th"] == [None, "สำนักดิจิทัลกรุงเทพมหานคร"]
    assert entries[1].changes == {"name_en": ["Digital", "Digital Bangkok Department"]}
    assert entries[2].changes["code"] == ["digital", None]


def test_a_save_that_changes_nothing_is_not_logged(personas):
    agency = Agency.objects.get(code="1004")
    before = AuditEntry.objects.count()
    agency.save()
    assert AuditEntry.objects.count() == before


def test_many_to_many_changes_are_logged(personas):
    committee = Committee.objects.get(number=1)
    extra = Agency.objects.get(code="health")
    with acting_as(label="system:test-m2m"):
        committee.agencies.add(extra)
    entry = AuditEntry.objects.filter(model="orgs.Committee").latest("pk")
    assert entry.actor_label == "system:test-m2m"
    assert entry.changes == {"agencies": ["added", [extra.pk]]}


def test_web_requests_are_attributed_to_the_signed_in_user(client_for, personas):
    client = client_for("admin")
    response = client.post(
        "/admin/orgs/agency/add/",
        {
            "code": "new-office",
            "kind": "office",
            "name_th": "สำนักงานใหม่",
            "name_en": "New office",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="orgs.Agency", action="create", object_repr__contains="สำนักงานใหม่")
    assert entry.actor == personas["admin"]


def test_passwords_are_never_copied_into_the_log(personas):
    user = personas["bangrak.staff"]
    user.set_password("Another-pass-2567!")
    user.save()
    entry = AuditEntry.objects.filter(model="orgs.User", object_pk=str(user.pk)).latest("pk")
    before, after = entry.changes["password"]
    assert before != after
    assert "Another" not in after and after.startswith("<")
    assert "last_login" not in entry.changes


def test_the_audit_page_is_for_evaluation_officers_only(client_for):
    assert client_for("eval.officer").get("/audit/").status_code == 200
    assert client_for("admin").get("/audit/?model=orgs.Agency").status_code == 200
    for username in (
        "bangrak.staff",
        "bangrak.head",
        "executive",
        "committee1.secretary",
        "publicworks.reviewer",
    ):
        assert client_for(username).get("/audit/").status_code == 403, username


def test_the_audit_page_shows_before_and_after(client_for, personas):
    with acting_as(personas["admin"]):
        agency = Agency.objects.get(code="finance")
        agency.abbr_en = "FIN"
        agency.save()
    response = client_for("eval.officer").get("/audit/", {"model": "orgs.Agency", "actor": "admin"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "abbr_en" in text and "FIN" in text


def test_nobody_edits_the_audit_log_in_the_admin(client_for):
    entry = AuditEntry.objects.first()
    response = client_for("admin").post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
