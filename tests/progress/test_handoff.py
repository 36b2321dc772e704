"""Staff send a report to the head, the head sees it waiting and submits; the form says what it needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pramoen.core.errors import ApplicationError
from pramoen.framework.models import Period
from pramoen.progress import periods, selectors, services
from pramoen.progress.facts import report_facts
from pramoen.progress.inputs import ReportInput
from pramoen.progress.models import Notification, PeriodControl, ProgressReport
from pramoen.scoring.models import ScoreResult

S = ProgressReport.Status


def _filled(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    return services.report_save(
        actor=personas["bangrak.staff"],
        report=report,
        version=report.version,
        data=ReportInput(numerator=Decimal(85), denominator=Decimal(100), narrative="ซ่อมทางเท้า"),
    )


def test_staff_send_to_the_head_who_sees_it_waiting_and_submits(world, personas):
    staff, head = personas["bangrak.staff"], personas["bangrak.head"]
    report = _filled(world, personas)
    assert "send_to_head" in services.allowed_actions(staff, report)
    assert "submit" not in services.allowed_actions(staff, report)
    assert "send_to_head" not in services.allowed_actions(head, report)  # the head submits directly
    assert list(selectors.review_queue(head)) == []

    report = services.report_send_to_head(actor=staff, report=report, version=report.version)
    assert report.status == S.READY
    assert list(selectors.review_queue(head)) == [report]
    assert list(selectors.review_queue(personas["sathon.staff"])) == []
    assert Notification.objects.filter(user=head, kind="ready").count() == 1
    assert report.events.get().label == "ส่งให้หัวหน้าหน่วยงานแล้ว"
    # staff may still correct it; sending twice is refused with a reason
    assert "save" in services.allowed_actions(staff, report)
    assert "send_to_head" not in services.allowed_actions(staff, report)
    with pytest.raises(ApplicationError):
        services.report_send_to_head(actor=staff, report=report, version=report.version)

    report = services.report_submit(actor=head, report=report, version=report.version)
    assert report.status == S.SUBMITTED
    assert list(selectors.review_queue(head)) == []


def test_only_the_agencys_own_people_send_to_its_head_and_only_a_complete_report(world, personas):
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.q3
    )
    with pytest.raises(ApplicationError) as err:  # nothing filled in yet
        services.report_send_to_head(actor=personas["bangrak.staff"], report=report, version=report.version)
    assert err.value.extra["reason"] == "incomplete"
    report = _filled(world, personas)
    for username in ("sathon.staff", "publicworks.reviewer", "eval.officer"):
        with pytest.raises(PermissionDenied):
            services.report_send_to_head(actor=personas[username], report=report, version=report.version)
    assert ProgressReport.objects.get(pk=report.pk).status == S.DRAFT


def test_the_page_sends_to_the_head_and_asks_first(world, personas, client_for):
    report = _filled(world, personas)
    staff = client_for("bangrak.staff")
    page = staff.get(f"/progress/reports/{report.pk}/").content.decode()
    assert 'data-testid="send-to-head"' in page and "data-confirm=" in page
    assert 'value="submit"' not in page
    staff.post(
        f"/progress/reports/{report.pk}/action/", {"action": "send_to_head", "version": report.version}
    )
    assert ProgressReport.objects.get(pk=report.pk).status == S.READY
    head_page = client_for("bangrak.head").get(f"/progress/reports/{report.pk}/").content.decode()
    assert 'data-testid="waiting-for-head"' in head_page and 'data-testid="submit"' in head_page
    progress_home = client_for("bangrak.head").get("/progress/").content.decode()
    assert 'data-testid="review-queue"' in progress_home
    # another agency's staff cannot push it on
    refused = client_for("sathon.staff").post(
        f"/progress/reports/{report.pk}/action/", {"action": "submit", "version": report.version + 1}
    )
    assert refused.status_code == 403


def test_the_api_has_the_send_to_head_step(world, personas, client_for):
    report = _filled(world, personas)
    response = client_for("bangrak.staff").post(
        f"/api/v1/progress/reports/{report.pk}/send-to-head/",
        {"version": report.version},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "ready"
    refused = client_for("sathon.staff").post(
        f"/api/v1/progress/reports/{report.pk}/send-to-head/", {"version": 1}, content_type="application/json"
    )
    assert refused.status_code == 403 and set(refused.json()) == {"message", "extra"}


def test_the_form_shows_target_criteria_and_last_periods_value(world, personas):
    m06 = Period.objects.get(fiscal_year=world.m07.fiscal_year_id, code="M06")
    ScoreResult.objects.create(
        assignment=world.sidewalks,
        period=m06,
        status="scored",
        actual=Decimal("72.5"),
        method="ratio",
        computed_at=timezone.now(),
    )
    report = services.report_open(
        actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.m07
    )
    facts = report_facts(report)
    assert facts.target == Decimal(100) and facts.unit == "%"
    assert facts.criteria == [(1, 60), (2, 70), (3, 80), (4, 90), (5, 100)]
    assert facts.last_period == m06 and facts.last_value == Decimal("72.5")


def test_indicators_are_listed_in_natural_order():
    codes = ["1.10", "1.2", "1.1", "3.1.2", "3.1", "1.11", "2"]
    assert sorted(codes, key=selectors.natural_key) == ["1.1", "1.2", "1.10", "1.11", "2", "3.1", "3.1.2"]


def test_the_progress_page_opens_on_the_round_that_is_due(world, personas):
    fy = world.q3.fiscal_year_id
    for code, deadline in (
        ("M06", dt.date(2024, 4, 15)),
        ("M07", dt.date(2024, 5, 15)),
        ("Q3", dt.date(2024, 7, 15)),
    ):
        PeriodControl.objects.create(period=Period.objects.get(fiscal_year=fy, code=code), deadline=deadline)
    assert periods.due_period(fy, on=dt.date(2024, 4, 20)).code == "M07"
    assert periods.due_period(fy, on=dt.date(2024, 4, 10)).code == "M06"
    # every deadline passed: the latest round with reports still open
    services.report_open(actor=personas["bangrak.staff"], assignment=world.sidewalks, period=world.m07)
    assert periods.due_period(fy, on=dt.date(2026, 1, 1)).code == "M07"


def test_the_map_picker_gets_one_districts_outline(db, client):
    response = client.get("/api/v1/districts/1004/?format=geojson")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature" and feature["properties"]["code"] == 1004
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon") and feature["geometry"]["coordinates"]
    assert client.get("/api/v1/districts/9999/?format=geojson").status_code == 404
    assert client.get("/api/v1/districts/abc/?format=geojson").status_code == 404
