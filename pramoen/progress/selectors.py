"""Reads: an agency's reports for a period, the queues of reviewers and officers, early warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from pramoen.framework.models import Assignment, FiscalYear, Period, Target
from pramoen.orgs.models import Agency, Role
from pramoen.orgs.policy import Action, can, roles_of, visible_agency_ids
from pramoen.progress.models import ProgressReport
from pramoen.progress.periods import rules_for
from pramoen.scoring.models import ScoreResult

S = ProgressReport.Status


def current_year() -> FiscalYear | None:
    return FiscalYear.objects.order_by("-year").first()


def editable_agencies(user: Any) -> list[Agency]:
    """Agencies whose reports the user keeps (reporter or head)."""
    roles = roles_of(user)
    ids = [a for a, r in roles.by_agency.items() if r & {Role.REPORTER, Role.APPROVER}]
    return list(Agency.objects.filter(pk__in=ids).order_by("pk"))


@dataclass(frozen=True)
class Row:
    assignment: Assignment
    report: ProgressReport | None


def agency_period_rows(*, agency: Agency, period: Period) -> list[Row]:
    assignments = (
        Assignment.objects.filter(agency=agency, indicator__fiscal_year=period.fiscal_year_id)
        .select_related("indicator", "indicator__component")
        .order_by("indicator__component__order", "indicator__code")
    )
    reports = {
        r.assignment_id: r for r in ProgressReport.objects.filter(assignment__agency=agency, period=period)
    }
    return [Row(a, reports.get(a.pk)) for a in assignments]


def review_queue(user: Any) -> QuerySet[ProgressReport]:
    """Reports waiting for this user: host review for a host agency's reviewer, verification for officers."""
    base = ProgressReport.objects.select_related("assignment__indicator", "assignment__agency", "period")
    if can(user, Action.VERIFY_RESULTS):
        return base.filter(status__in=[S.REVIEWED, S.SUBMITTED]).order_by("submitted_at", "pk")
    hosts = [a for a, r in roles_of(user).by_agency.items() if Role.HOST_REVIEWER in r]
    if not hosts:
        return base.none()
    return (
        base.filter(status=S.SUBMITTED, assignment__role=Assignment.Role.SUPPORTER)
        .filter(assignment__indicator__host_agency__in=hosts)
        .exclude(assignment__agency__in=hosts)
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class EarlyWarning:
    assignment: Assignment
    period: Period  # the latest period with a scored actual
    actual: Decimal
    expected: Decimal  # the straight-line path to the year's target at the end of that period
    target: Decimal
    lag: Decimal  # how far behind the path, as % of the path


def _fraction(fy: FiscalYear, day: dt.date) -> Decimal:
    total = (fy.end - fy.start).days + 1
    done = min(max((day - fy.start).days + 1, 0), total)
    return Decimal(done) / Decimal(total)


def early_warnings(*, fiscal_year: FiscalYear, on: dt.date, user: Any = None) -> list[EarlyWarning]:
    """Assignments whose latest actual (on ``on``) lags the straight line from 0 at the start of the
    year to the year's target by more than the year's tolerance.  Higher-is-better indicators only:
    for lower-is-better ones a straight line from zero says nothing."""
    tolerance = rules_for(fiscal_year.pk).warning_tolerance
    visible = visible_agency_ids(user) if user is not None else None
    targets = Target.objects.filter(
        period__fiscal_year=fiscal_year, period__code="FY", assignment__indicator__higher_is_better=True
    )
    if visible is not None:
        targets = targets.filter(assignment__agency_id__in=visible)
    year_target = dict(targets.values_list("assignment_id", "value"))
    scores = (
        ScoreResult.objects.filter(
            assignment_id__in=list(year_target),
            status=ScoreResult.Status.SCORED,
            period__fiscal_year=fiscal_year,
            period__end__lte=on,
            actual__isnull=False,
        )
        .select_related("period", "assignment__indicator", "assignment__agency")
        .order_by("assignment_id", "-period__end", "period__start")
    )
    seen: set[int] = set()
    found = []
    for score in scores:
        if score.assignment_id in seen:
            continue
        seen.add(score.assignment_id)
        target = year_target[score.assignment_id]
        expected = (target * _fraction(fiscal_year, score.period.end)).quantize(Decimal("0.01"))
        if expected <= 0 or score.actual is None:
            continue
        lag = ((expected - score.actual) / expected * 100).quantize(Decimal("0.1"))
        if lag > tolerance:
            found.append(EarlyWarning(score.assignment, score.period, score.actual, expected, target, lag))
    found.sort(key=lambda w: (-w.lag, w.assignment.agency.code, w.assignment.indicator.code))
    return found


def warnings_by_agency(warnings: list[EarlyWarning]) -> list[tuple[Agency, list[EarlyWarning]]]:
    grouped: dict[int, tuple[Agency, list[EarlyWarning]]] = {}
    for w in warnings:
        grouped.setdefault(w.assignment.agency_id, (w.assignment.agency, []))[1].append(w)
    return sorted(grouped.values(), key=lambda g: (-len(g[1]), g[0].code))
