"""The personas fixture copies the rows of the run's first ``load_demo`` (tests/demo_rows.py): the copy
must be what the load itself writes, and a database the first load did not start from gets the real load."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from pramoen.core.audit import acting_as
from pramoen.core.models import AuditEntry
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, Committee, CommitteeMember, RoleAssignment, User
from tests.conftest import PASSWORD
from tests.demo_rows import load_demo_rows

pytestmark = pytest.mark.django_db


def _state(since: int) -> dict[str, Any]:
    """What the load wrote, by natural keys (the ids differ between two loads on PostgreSQL)."""
    return {
        "users": sorted(
            (u.username, u.full_name_th, u.is_staff, u.is_superuser, u.is_active, u.check_password(PASSWORD))
            for u in User.objects.all()
        ),
        "roles": sorted(
            (
                r.user.username,
                r.role,
                r.agency.code if r.agency else "",
                r.committee.number if r.committee else 0,
            )
            for r in RoleAssignment.objects.select_related("user", "agency", "committee")
        ),
        "agencies": sorted(Agency.objects.values_list("code", "kind", "name_th", "name_en", "abbr_th")),
        "committees": sorted(
            (
                c.number,
                c.theme_th,
                c.theme_en,
                c.district_group.code,
                sorted(a.code for a in c.agencies.all()),
            )
            for c in Committee.objects.select_related("district_group")
        ),
        "members": sorted(
            (m.committee.number, m.name, m.role, m.order, m.user.username if m.user else "")
            for m in CommitteeMember.objects.select_related("committee", "user")
        ),
        "audit": sorted(
            (e.actor_label, e.action, e.model, e.object_repr, sorted(e.changes))
            for e in AuditEntry.objects.filter(pk__gt=since)
        ),
    }


def _last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_copy_is_what_load_demo_writes() -> None:
    since = _last_audit()
    start = transaction.savepoint()
    load_demo_rows(password=PASSWORD)  # loads (and records) unless an earlier test recorded this state
    transaction.savepoint_rollback(start)

    before = timezone.now()
    assert load_demo_rows(password=PASSWORD) is True  # this time, a copy
    after = timezone.now()
    copied = _state(since)
    new_entries = AuditEntry.objects.filter(pk__gt=since)
    assert new_entries.exists()
    assert all(before <= e.at <= after for e in new_entries)  # moved to the copy's time
    assert all(before <= u.date_joined <= after for u in User.objects.all())
    transaction.savepoint_rollback(start)

    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    assert copied == _state(since)
    assert len(copied["users"]) >= 10 and copied["roles"] and copied["members"]


def test_a_database_it_did_not_start_from_gets_the_real_load() -> None:
    start = transaction.savepoint()
    load_demo_rows(password=PASSWORD)
    transaction.savepoint_rollback(start)

    # a fixture wrote first: the persona's name differs from the demo's (load_demo keeps an existing user's)
    User.objects.create_user(username="bangrak.staff", full_name_th="ชื่อเดิม", password="x-Test-2567!")
    since = _last_audit()
    assert load_demo_rows(password=PASSWORD) is False
    loaded = _state(since)
    transaction.savepoint_rollback(start)

    User.objects.create_user(username="bangrak.staff", full_name_th="ชื่อเดิม", password="x-Test-2567!")
    since = _last_audit()
    with acting_as(label="system:test"):
        load_demo(password=PASSWORD)
    assert loaded == _state(since)
    assert ("bangrak.staff", "ชื่อเดิม") in [(u[0], u[1]) for u in loaded["users"]]


def test_another_language_gets_its_own_load() -> None:
    """An audit entry names the agency in the active language: rows recorded in Thai are not English's."""
    from django.utils import translation

    start = transaction.savepoint()
    with translation.override("th"):
        load_demo_rows(password=PASSWORD)
    transaction.savepoint_rollback(start)

    since = _last_audit()
    with translation.override("en"):
        load_demo_rows(password=PASSWORD)
        copied = _state(since)
    transaction.savepoint_rollback(start)
    with translation.override("en"), acting_as(label="system:test"):
        load_demo(password=PASSWORD)
        assert copied == _state(since)
    assert any(entry[3] == "Bureau of the Budget" for entry in copied["audit"])
