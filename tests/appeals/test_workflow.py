"""Who may do what, filing windows, evidence checks, item validation, conflicts and notifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pramoen.appeals import services
from pramoen.appeals.models import AppealCase, Decider
from pramoen.core.errors import ApplicationError
from pramoen.orgs.models import Role, RoleAssignment, User
from pramoen.progress.models import Notification

from .helpers import PDF, decide, file

pytestmark = pytest.mark.django_db


def _draft(year, personas, code="budget-line", assignment="3.2", **kwargs):
    return services.appeal_create(
        actor=personas["bangrak.staff"],
        category=year["categories"][code],
        assignment=year["a"][assignment],
        reason="เหตุผล",
        **kwargs,
    )


def test_only_the_agencys_own_staff_file_and_only_its_head_submits(year, personas):
    with pytest.raises(PermissionDenied):
        _draft(year, personas | {"bangrak.staff": personas["sathon.staff"]})
    case = _draft(year, personas)
    services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["INV"])
    services.appeal_evidence_add(
        actor=personas["bangrak.staff"], case=case, document_code="letter", name="l.pdf", data=PDF
    )
    with pytest.raises(PermissionDenied):
        services.appeal_submit(actor=personas["bangrak.staff"], case=case)
    with pytest.raises(PermissionDenied):
        services.appeal_items_add(actor=personas["sathon.staff"], case=case, refs=["OP"])
    services.appeal_submit(actor=personas["bangrak.head"], case=case)
    assert case.status == AppealCase.Status.SUBMITTED
    with pytest.raises(ApplicationError):  # no more changes once submitted
        services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["OP"])


def test_nobody_decides_their_own_agencys_appeal(year, personas):
    case = file(personas, year["categories"]["budget-line"], year["a"]["3.2"], items=["INV"])
    for who in ("bangrak.head", "bangrak.staff", "executive", "committee1.member"):
        with pytest.raises(PermissionDenied):
            services.appeal_decide(actor=personas[who], case=case, outcome="approved", reason="x")
    insider = User.objects.create_user("eval.bangrak", password="x-Long-pass-2567")
    RoleAssignment.objects.create(user=insider, role=Role.EVALUATOR)
    RoleAssignment.objects.create(user=insider, role=Role.REPORTER, agency=year["agency"])
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=insider, case=case, outcome="approved", reason="x")
    assert not services.can_decide(insider, case)
    services.appeal_start_review(actor=personas["eval.officer"], case=case)
    decide(personas, case)
    assert case.status == AppealCase.Status.APPROVED and case.decided_by == personas["eval.officer"]


def test_where_the_rules_say_so_the_reviewing_committees_secretary_decides(year, personas):
    category = year["categories"]["budget-line"]
    category.decider = Decider.COMMITTEE
    category.save()
    case = file(personas, category, year["a"]["3.2"], items=["INV"])
    reviewing = services.committees_reviewing(case)
    assert reviewing, "บางรัก is reviewed by a committee"
    secretary = User.objects.create_user("sec.bangrak", password="x-Long-pass-2567")
    RoleAssignment.objects.create(user=secretary, role=Role.COMMITTEE_SECRETARY, committee=reviewing[0])
    other = next(
        u for name, u in personas.items() if name.endswith(".secretary") and not services.can_decide(u, case)
    )
    assert services.can_decide(secretary, case) and not services.can_decide(personas["eval.officer"], case)
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=other, case=case, outcome="rejected", reason="x")
    services.appeal_decide(actor=secretary, case=case, outcome="rejected", reason="ไม่เข้าเกณฑ์")
    assert case.status == AppealCase.Status.REJECTED


def test_late_and_early_filings_are_refused_with_the_dates(year, personas):
    category = year["categories"]["budget-line"]
    case = _draft(year, personas)
    category.closes_on = timezone.localdate() - dt.timedelta(days=1)
    category.save()
    with pytest.raises(ApplicationError, match=r"Too late|พ้นกำหนด") as late:
        _draft(year, personas)
    assert late.value.extra == {"field": "category", "reason": "late"}
    services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["INV"])
    services.appeal_evidence_add(
        actor=personas["bangrak.staff"], case=case, document_code="letter", name="l.pdf", data=PDF
    )
    with pytest.raises(
        ApplicationError, match=r"Too late|พ้นกำหนด"
    ):  # a draft cannot be submitted late either
        services.appeal_submit(actor=personas["bangrak.head"], case=case)
    category.opens_on = category.closes_on = timezone.localdate() + dt.timedelta(days=3)
    category.save()
    with pytest.raises(ApplicationError) as early:
        _draft(year, personas)
    assert early.value.extra["reason"] == "not_open"


def test_required_evidence_blocks_submission_and_files_are_checked_by_content(year, personas):
    case = _draft(year, personas)
    services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["INV"])
    with pytest.raises(ApplicationError) as missing:
        services.appeal_submit(actor=personas["bangrak.head"], case=case)
    assert missing.value.extra["missing"] == ["หนังสือขออุทธรณ์"]
    with pytest.raises(ApplicationError) as renamed:
        services.appeal_evidence_add(
            actor=personas["bangrak.staff"],
            case=case,
            document_code="letter",
            name="letter.pdf",
            data=b"MZ\x90\x00",
        )
    assert renamed.value.extra == {"field": "file", "reason": "type"}
    with pytest.raises(ApplicationError):
        services.appeal_evidence_add(
            actor=personas["bangrak.staff"], case=case, document_code="nope", name="l.pdf", data=PDF
        )
    services.appeal_evidence_add(
        actor=personas["bangrak.staff"], case=case, document_code="letter", name="หนังสือ.pdf", data=PDF
    )
    services.appeal_submit(actor=personas["bangrak.head"], case=case)


def test_bad_ids_are_reported_by_line_and_nothing_is_added(year, personas):
    case = _draft(year, personas, code="tickets-prank", assignment="4")
    text = "2024-AP0003\n2024-XX0005, NOPE-1\n2022-OLD006"
    with pytest.raises(ApplicationError) as bad:
        services.appeal_items_add(actor=personas["bangrak.staff"], case=case, text=text)
    rows = bad.value.extra["rows"]
    assert len(rows) == 3
    assert "2024-XX0005" in rows[0] and "2" in rows[0]
    assert "NOPE-1" in rows[1] and "2022-OLD006" in rows[2]
    assert case.items.count() == 0
    assert (
        services.appeal_items_add(actor=personas["bangrak.staff"], case=case, text="2024-AP0003, 2024-AP0004")
        == 2
    )
    with pytest.raises(ApplicationError):
        services.appeal_items_add(actor=personas["bangrak.staff"], case=case, text="INV")  # a budget line id


def test_an_assignment_outside_the_category_is_refused(year, personas):
    with pytest.raises(ApplicationError):
        _draft(year, personas, code="budget-line", assignment="4")  # 3.2 only
    with pytest.raises(ApplicationError):
        _draft(year, personas, code="correct-value", assignment="1.1")  # needs a period
    assert _draft(
        year, personas, code="correct-value", assignment="1.1", period=year["h1"], requested_value=D(3)
    )


def test_a_stale_edit_gets_the_conflict_message_and_keeps_nothing_half_saved(year, personas):
    case = _draft(year, personas)
    services.appeal_update(actor=personas["bangrak.staff"], case=case, version=case.version, reason="ฉบับที่ ๒")
    with pytest.raises(ApplicationError) as conflict:
        services.appeal_update(actor=personas["bangrak.staff"], case=case, version=1, reason="ฉบับเก่า")
    assert conflict.value.extra["reason"] == "conflict"
    case.refresh_from_db()
    assert case.reason == "ฉบับที่ ๒"


def test_every_status_change_notifies_the_agency_and_a_submission_the_deciders(year, personas):
    case = file(personas, year["categories"]["budget-line"], year["a"]["3.2"], items=["INV"])
    assert Notification.objects.filter(user=personas["eval.officer"], kind="appeal").count() == 1
    staff_before = Notification.objects.filter(user=personas["bangrak.staff"], kind="appeal").count()
    services.appeal_start_review(actor=personas["eval.officer"], case=case)
    decide(personas, case)
    notes = Notification.objects.filter(user=personas["bangrak.staff"], kind="appeal")
    assert notes.count() == staff_before + 2
    assert case.number in notes.first().message and "อนุมัติ" in notes.first().message
    assert not Notification.objects.filter(user=personas["sathon.staff"], kind="appeal").exists()


def test_drafts_are_reminded_before_the_window_closes_once_a_day(year, personas):
    import io

    from django.core.management import call_command

    case = _draft(year, personas)
    closes = year["categories"]["budget-line"].closes_on
    out = io.StringIO()
    call_command("appeal_reminders", "--on", (closes - dt.timedelta(days=10)).isoformat(), stdout=out)
    assert "0 appeal reminders" in out.getvalue()
    day = (closes - dt.timedelta(days=2)).isoformat()
    call_command("appeal_reminders", "--on", day, stdout=out)
    call_command("appeal_reminders", "--on", day, stdout=out)  # once a day
    notes = Notification.objects.filter(user=personas["bangrak.head"], key__startswith="appeal-due")
    assert notes.count() == 1 and case.number in notes.get().message
    services.appeal_items_add(actor=personas["bangrak.staff"], case=case, refs=["INV"])
    assert not Notification.objects.filter(user=personas["sathon.staff"]).exists()
