"""The report workflow: who may do each step, who may not, conflicts, and the verified result it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.progress import periods, services
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import Notification, ProgressReport
from pramoen.scoring.models import ScoreResult, VerifiedResult


def _filled(world, personas, *, numerator="85", denominator="100"):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    return services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(
            numerator=Decimal(numerator), denominator=Decimal(denominator), narrative="ซ่อมทางเท้า"
        ),
    )


def test_it_opens_a_draft_for_agency_staff_only(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    assert report.status == ProgressReport.Status.DRAFT
    for username in ("sathon.staff", "executive", "publicworks.reviewer"):
        with pytest.raises(PermissionDenied):
            services.report_open(actor=personas[username], assignment=world.plan, period=world.q3)
    with pytest.raises(PermissionDenied):  # an existing report of another agency stays private
        services.report_open(actor=personas["sathon.staff"], assignment=world.sidewalks, period=world.q3)
    assert (
        services.report_open(actor=personas["executive"], assignment=world.sidewalks, period=world.q3)
        == report
    )


def test_it_refuses_a_stale_save_and_keeps_the_first_text(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    first, second = report.version, report.version
    services.report_save(
        actor=personas["bangrak.staff"], report=report, version=first, data=ReportInput(narrative="ของสมชาย")
    )
    stale = ProgressReport.objects.get(pk=report.pk)
    with pytest.raises(services.ConflictError) as err:
        services.report_save(
            actor=personas["bangrak.head"], report=stale, version=second, data=ReportInput(narrative="ของสุดา")
        )
    assert "Someone else saved" in err.value.message or "บันทึก" in err.value.message
    assert ProgressReport.objects.get(pk=report.pk).narrative == "ของสมชาย"
    entries = AuditEntry.objects.filter(model="progress.ProgressReport", object_pk=str(report.pk))
    assert [(e.action, e.actor_label) for e in entries.order_by("pk")] == [
        ("create", "bangrak.staff"),
        ("update", "bangrak.staff"),
    ]


def test_it_lets_only_the_head_submit_and_only_when_figures_are_there(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    with pytest.raises(ApplicationError, match=r"numerator|ตัวตั้ง"):
        services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    report = _filled(world, personas)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=personas["bangrak.staff"], report=report, version=report.version)
    report = services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    assert report.status == ProgressReport.Status.SUBMITTED
    assert not report.is_late
    # the host agency's reviewer is told, in the app and by e-mail
    note = Notification.objects.get(user=personas["publicworks.reviewer"], kind="submitted")
    assert "1.4" in note.message
    with pytest.raises(ApplicationError):
        services.report_save(
            actor=personas["bangrak.staff"], report=report, version=report.version, data=ReportInput()
        )


def test_host_review_then_verification_feeds_the_score(world, personas, django_capture_on_commit_callbacks):
    report = _filled(world, personas)
    report = services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    with pytest.raises(ApplicationError, match=r"host|เจ้าภาพ"):
        services.report_verify(actor=personas["eval.officer"], report=report, version=report.version)
    for username in ("socialdev.reviewer", "bangrak.head", "executive"):
        with pytest.raises(PermissionDenied):
            services.report_host_review(actor=personas[username], report=report, version=report.version)
    report = services.report_host_review(
        actor=personas["publicworks.reviewer"], report=report, version=report.version
    )
    assert report.status == ProgressReport.Status.REVIEWED
    for username in ("publicworks.reviewer", "bangrak.head", "executive", "admin"):
        if username == "admin":
            continue  # a superuser may do anything
        with pytest.raises(PermissionDenied):
            services.report_verify(actor=personas[username], report=report, version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_verify(actor=personas["eval.officer"], report=report, version=report.version)
    result = VerifiedResult.objects.get(assignment=world.sidewalks, period=world.q3)
    assert (result.numerator, result.denominator) == (Decimal(85), Decimal(100))
    assert result.source == f"progress report #{report.pk}"
    assert result.verified_by == personas["eval.officer"]
    score = ScoreResult.objects.get(assignment=world.sidewalks, period=world.q3)
    assert score.status == ScoreResult.Status.SCORED
    assert score.actual == Decimal(85) and score.score == Decimal("3.5")

    # reopening withdraws the verified result and the score follows
    with pytest.raises(ApplicationError, match=r"comment|ความเห็น"):
        services.report_send_back(
            actor=personas["eval.officer"], report=report, version=report.version, comment=" "
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_send_back(
            actor=personas["eval.officer"], report=report, version=report.version, comment="แนบหลักฐานเพิ่ม"
        )
    assert report.status == ProgressReport.Status.RETURNED
    assert not VerifiedResult.objects.filter(assignment=world.sidewalks, period=world.q3).exists()
    assert (
        ScoreResult.objects.get(assignment=world.sidewalks, period=world.q3).status
        == ScoreResult.Status.NO_DATA
    )
    assert Notification.objects.filter(user=personas["bangrak.staff"], kind="returned").exists()
    assert list(report.events.values_list("action", flat=True)) == ["submit", "review", "verify", "send_back"]


def test_who_may_send_back_at_each_step(world, personas):
    report = services.report_submit(
        actor=personas["bangrak.head"], report=_filled(world, personas), version=2
    )
    for username in ("bangrak.staff", "bangrak.head", "socialdev.reviewer", "executive"):
        with pytest.raises(PermissionDenied):
            services.report_send_back(
                actor=personas[username], report=report, version=report.version, comment="x"
            )
    report = services.report_send_back(
        actor=personas["publicworks.reviewer"], report=report, version=report.version, comment="ตัวเลขไม่ตรง"
    )
    assert report.last_comment == "ตัวเลขไม่ตรง"
    with pytest.raises(ApplicationError):
        services.report_send_back(
            actor=personas["eval.officer"], report=report, version=report.version, comment="x"
        )


def test_a_report_of_the_agency_itself_goes_straight_to_the_evaluation_office(world, personas):
    from pramoen.progress.plans import MilestoneInput, plan_save

    plan_save(
        actor=personas["bangrak.staff"],
        assignment=world.plan,
        version=None,
        target_text="",
        milestones=[
            MilestoneInput("สำรวจ", None, None, Decimal(40), None),
            MilestoneInput("ก่อสร้าง", None, None, Decimal(60), None),
        ],
    )
    report = services.report_open(actor=personas["bangrak.staff"], assignment=world.plan, period=world.q3)
    assert [m["name"] for m in report.milestones] == ["สำรวจ", "ก่อสร้าง"]
    report = services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(milestones_done={0: Decimal(100), 1: Decimal(50)}),
    )
    assert services.report_value_preview(report) == Decimal(70)
    report = services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    assert Notification.objects.filter(user=personas["eval.officer"], kind="submitted").exists()
    report = services.report_verify(actor=personas["eval.officer"], report=report, version=report.version)
    result = VerifiedResult.objects.get(assignment=world.plan, period=world.q3)
    assert [m["done"] for m in result.milestones] == [100, 50]


def test_a_feed_computed_indicator_keeps_no_typed_value(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.complaints, period=world.q3
    )
    report = services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(value=Decimal(99), narrative="แก้ไขเรื่องร้องเรียน"),
    )
    assert report.value is None and report.narrative == "แก้ไขเรื่องร้องเรียน"
    report = services.report_submit(actor=personas["bangrak.head"], report=report, version=report.version)
    services.report_verify(actor=personas["eval.officer"], report=report, version=report.version)
    assert not VerifiedResult.objects.filter(assignment=world.complaints).exists()


def test_locked_period_refuses_edits_unless_the_agency_has_an_exception(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    with pytest.raises(PermissionDenied):
        periods.period_lock(actor=personas["bangrak.head"], period=world.q3, locked=True)
    periods.period_lock(actor=personas["eval.officer"], period=world.q3, locked=True)
    with pytest.raises(ApplicationError, match=r"locked|ปิด"):
        services.report_save(
            actor=personas["bangrak.staff"], report=report, version=report.version, data=ReportInput()
        )
    assert "save" not in services.allowed_actions(personas["bangrak.staff"], report)
    with pytest.raises(PermissionDenied):
        periods.lock_exception_grant(
            actor=personas["bangrak.head"],
            period=world.q3,
            agency=world.sidewalks.agency,
            until=None,
            reason="x",
        )
    yesterday = periods.today() - dt.timedelta(days=1)
    periods.lock_exception_grant(
        actor=personas["eval.officer"],
        period=world.q3,
        agency=world.sidewalks.agency,
        until=yesterday,
        reason="น้ำท่วม",
    )
    assert not periods.is_open_for(world.q3, world.sidewalks.agency_id)  # the exception has run out
    periods.lock_exception_grant(
        actor=personas["eval.officer"],
        period=world.q3,
        agency=world.sidewalks.agency,
        until=None,
        reason="น้ำท่วม",
    )
    services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(narrative="ok"),
    )
    # another agency of the same period stays locked
    assert not periods.is_open_for(world.q3, world.sathon_sidewalks.agency_id)


def test_a_submission_after_the_deadline_is_flagged_late(world, personas):
    with pytest.raises(ApplicationError, match=r"deadline|กำหนด"):
        periods.period_set_deadline(actor=personas["eval.officer"], period=world.q3, deadline=world.q3.start)
    periods.period_set_deadline(actor=personas["eval.officer"], period=world.q3, deadline=world.q3.end)
    report = services.report_submit(
        actor=personas["bangrak.head"], report=_filled(world, personas), version=2
    )
    assert report.is_late  # the test runs after 30 June 2024
    assert periods.is_late(world.q3, on=world.q3.end) is False


def test_reminders_go_to_agencies_with_open_reports_once_a_day(world, personas):
    periods.period_set_deadline(
        actor=personas["eval.officer"], period=world.q3, deadline=dt.date(2024, 7, 10)
    )
    assert periods.reminders_send(on=dt.date(2024, 7, 1)) == 0  # more than 3 days before
    sent = periods.reminders_send(on=dt.date(2024, 7, 8))
    assert sent > 0
    assert Notification.objects.filter(user=personas["bangrak.head"], kind="deadline").count() == 1
    assert periods.reminders_send(on=dt.date(2024, 7, 8)) == 0
    assert periods.reminders_send(on=dt.date(2024, 7, 11)) > 0  # late
