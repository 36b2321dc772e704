"""Early warning against the straight-line path, action-plan completeness, e-mail notifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core import mail

from pramoen.progress import selectors, services
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import YearRules
from pramoen.progress.plans import MilestoneInput, plan_check, plan_save


def _verified(personas, assignment, period, numerator, staff="bangrak.staff", head="bangrak.head"):
    report = services.report_open(actor=personas[staff], assignment=assignment, period=period)
    report = services.report_save(
        actor=personas[staff],
        report=report,
        version=report.version,
        data=ReportInput(numerator=Decimal(numerator), denominator=Decimal(100)),
    )
    report = services.report_submit(actor=personas[head], report=report, version=report.version)
    report = services.report_host_review(
        actor=personas["publicworks.reviewer"], report=report, version=report.version
    )
    return services.report_verify(actor=personas["eval.officer"], report=report, version=report.version)


def test_it_flags_assignments_behind_the_straight_line_path(
    world, personas, django_capture_on_commit_callbacks
):
    from pramoen.orgs.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=personas["sathon.staff"], role=Role.APPROVER, agency=world.sathon_sidewalks.agency
    )
    with django_capture_on_commit_callbacks(execute=True):
        _verified(personas, world.sidewalks, world.q3, 30)  # path at 30 June: 100 × 274/366 ≈ 74.86
        _verified(personas, world.sathon_sidewalks, world.q3, 72, staff="sathon.staff", head="sathon.staff")
    fy = world.q3.fiscal_year
    found = selectors.early_warnings(fiscal_year=fy, on=dt.date(2024, 7, 15), user=personas["executive"])
    assert [(w.assignment.agency.code, w.actual, w.expected) for w in found] == [
        ("1004", Decimal(30), Decimal("74.86"))
    ]
    assert found[0].lag == Decimal("59.9")
    # sathon is 3.8 % behind: flagged only once the tolerance is tighter than that
    YearRules.objects.filter(fiscal_year=fy).update(warning_tolerance=Decimal(3))
    assert (
        len(selectors.early_warnings(fiscal_year=fy, on=dt.date(2024, 7, 15), user=personas["executive"]))
        == 2
    )
    # before the period ended there was nothing to compare
    assert selectors.early_warnings(fiscal_year=fy, on=dt.date(2024, 6, 1), user=personas["executive"]) == []
    # each agency sees its own list only
    own = selectors.early_warnings(fiscal_year=fy, on=dt.date(2024, 7, 15), user=personas["bangrak.staff"])
    assert {w.assignment.agency.code for w in own} == {"1004"}


def test_warning_pages_for_agencies_and_executives(
    world, personas, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _verified(personas, world.sidewalks, world.q3, 30)
    resp = client_for("executive").get("/progress/warnings/?on=2024-07-15")
    page = resp.content.decode()
    assert "1.4" in page and "59.9" in page
    summary = resp.context["summary"]  # the counts come before the list
    assert summary.agencies == 1 and sum(n for _c, n in summary.by_component) == 1
    assert page.index('data-testid="warning-summary"') < page.index('data-testid="warning-agency"')
    page = client_for("sathon.staff").get("/progress/warnings/?on=2024-07-15").content.decode()
    assert "59.9" not in page


def _sathon_may_approve(personas, world):
    from pramoen.orgs.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=personas["sathon.staff"], role=Role.APPROVER, agency=world.sathon_sidewalks.agency
    )


def test_warnings_are_cached_until_the_scores_change(
    world, personas, django_capture_on_commit_callbacks, django_assert_num_queries
):
    _sathon_may_approve(personas, world)
    fy, on = world.q3.fiscal_year, dt.date(2024, 7, 15)
    with django_capture_on_commit_callbacks(execute=True):
        _verified(personas, world.sidewalks, world.q3, 30)
    first = selectors.early_warning_lags(fiscal_year=fy, on=on)
    assert [w.agency_code for w in first] == ["1004"]
    with django_assert_num_queries(2):  # the year's rules and the scores' stamp; the list from the cache
        assert selectors.early_warning_lags(fiscal_year=fy, on=on) == first
    with django_capture_on_commit_callbacks(execute=True):  # a new score: the cached list is stale
        _verified(personas, world.sathon_sidewalks, world.q3, 40, staff="sathon.staff", head="sathon.staff")
    assert [w.agency_code for w in selectors.early_warning_lags(fiscal_year=fy, on=on)] == ["1004", "1028"]
    assert [
        w.agency_code
        for w in selectors.early_warning_lags(fiscal_year=fy, on=on, user=personas["sathon.staff"])
    ] == ["1028"]


# session, user, roles, year, rules (twice), scores' stamp, the summary's counts, the page's assignments
# and periods, and the header bell's unread count
QUERIES_PER_WARNING_PAGE = 11


def test_the_executives_list_comes_a_page_of_agencies_at_a_time(
    world, personas, client_for, django_capture_on_commit_callbacks, monkeypatch, django_assert_num_queries
):
    from pramoen.progress import views

    _sathon_may_approve(personas, world)
    with django_capture_on_commit_callbacks(execute=True):
        _verified(personas, world.sidewalks, world.q3, 30)
        _verified(personas, world.sathon_sidewalks, world.q3, 40, staff="sathon.staff", head="sathon.staff")
    monkeypatch.setattr(views, "WARNING_AGENCIES_PER_PAGE", 1)
    executive = client_for("executive")
    executive.get("/progress/warnings/?on=2024-07-15")
    with django_assert_num_queries(QUERIES_PER_WARNING_PAGE):  # however many agencies are behind
        first = executive.get("/progress/warnings/?on=2024-07-15").content.decode()
    second = executive.get("/progress/warnings/?on=2024-07-15&page=2").content.decode()
    assert first.count('data-testid="warning-agency"') == second.count('data-testid="warning-agency"') == 1
    assert "59.9" in first and "46.6" in second  # the worst first: 30 and 40 against 74.86 on the path
    assert 'data-testid="warning-pages"' in first
    own = client_for("sathon.staff").get("/progress/warnings/?on=2024-07-15").content.decode()
    assert "46.6" in own and "59.9" not in own and 'data-testid="warning-pages"' not in own


def test_plan_completeness_and_the_yearly_deduction(world, personas):
    check = plan_check(world.plan)
    assert not check.complete and check.deduction == Decimal("0.50")
    plan_save(
        actor=personas["bangrak.staff"],
        assignment=world.plan,
        version=None,
        target_text="สวน 3 แห่ง",
        milestones=[
            MilestoneInput("สำรวจ", dt.date(2023, 10, 1), dt.date(2023, 12, 31), Decimal(40), None),
            MilestoneInput("ก่อสร้าง", None, None, Decimal(50), None),
        ],
    )
    check = plan_check(world.plan)
    assert any("2" in p for p in check.problems) and any("100" in p for p in check.problems)
    YearRules.objects.filter(fiscal_year=world.q3.fiscal_year).update(incomplete_plan_deduction=Decimal(1))
    assert plan_check(world.plan).deduction == Decimal(1)
    plan = world.plan.action_plan
    plan_save(
        actor=personas["bangrak.staff"],
        assignment=world.plan,
        version=plan.version,
        target_text="สวน 3 แห่ง",
        milestones=[
            MilestoneInput("สำรวจ", dt.date(2023, 10, 1), dt.date(2023, 12, 31), Decimal(40), None),
            MilestoneInput("ก่อสร้าง", dt.date(2024, 1, 1), dt.date(2024, 9, 30), Decimal(60), None),
        ],
    )
    assert plan_check(world.plan).complete and plan_check(world.plan).deduction == 0


def test_saving_a_plan_from_an_old_page_is_refused(world, personas):
    import pytest

    from pramoen.core.errors import ApplicationError

    plan = plan_save(
        actor=personas["bangrak.staff"], assignment=world.plan, version=None, target_text="", milestones=[]
    )
    plan_save(
        actor=personas["bangrak.staff"],
        assignment=world.plan,
        version=plan.version,
        target_text="a",
        milestones=[],
    )
    with pytest.raises(ApplicationError):
        plan_save(
            actor=personas["bangrak.head"],
            assignment=world.plan,
            version=plan.version,
            target_text="b",
            milestones=[],
        )


def test_a_return_is_mailed_after_commit(world, personas, django_capture_on_commit_callbacks):
    personas["bangrak.staff"].email = "somchai@example.org"
    personas["bangrak.staff"].save()
    with django_capture_on_commit_callbacks(execute=True):
        report = _verified(personas, world.sidewalks, world.q3, 80)
        services.report_send_back(
            actor=personas["eval.officer"], report=report, version=report.version, comment="ขอรูปเพิ่ม"
        )
    assert not mail.outbox  # the e-mail is a delivery the worker sends
    from tests.notifications.conftest import send_queued

    assert send_queued() == 2  # the verification, then the return
    assert any("somchai@example.org" in m.to and "ขอรูปเพิ่ม" in m.body for m in mail.outbox)


def test_the_daily_command_warns_once(world, personas, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    from pramoen.progress.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        _verified(personas, world.sidewalks, world.q3, 30)
    out = StringIO()
    call_command("progress_notify", "--on", "2024-07-15", stdout=out)
    assert "2 early warnings" in out.getvalue()  # bangrak's staff and head
    call_command("progress_notify", "--on", "2024-07-16", stdout=out)
    assert Notification.objects.filter(kind="warning").count() == 2


def test_the_demo_loader_is_idempotent(world, personas):
    from pramoen.progress.demo import load_progress_demo
    from pramoen.progress.models import PeriodControl

    assert load_progress_demo() == 3  # bang rak's three assignments, M07 drafts
    assert load_progress_demo() == 3
    assert PeriodControl.objects.get(period=world.q3).deadline == dt.date(2024, 7, 15)
    assert plan_check(world.plan).complete
