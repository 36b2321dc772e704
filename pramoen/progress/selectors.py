"""Reads: an agency's reports for a period, the queues of reviewers and officers, early warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from pramoen.framework.models import Assignment, FiscalYear, Period, Target
from pramoen.orgs.models import Agency, Role
from pramoen.orgs.policy import Action, can, roles_of, visible_agency_ids
from pramoen.progress.models import ActionPlan, ProgressReport
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


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Indicator codes in the order people read them: 1.2 before 1.10, 3.1 before 3.1.2."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in code.replace("-", ".").split(".")
    )


def agency_period_rows(*, agency: Agency, period: Period) -> list[Row]:
    assignments = Assignment.objects.filter(
        agency=agency, indicator__fiscal_year=period.fiscal_year_id
    ).select_related("indicator", "indicator__component")
    reports = {
        r.assignment_id: r for r in ProgressReport.objects.filter(assignment__agency=agency, period=period)
    }
    ordered = sorted(assignments, key=lambda a: (a.indicator.component.order, natural_key(a.indicator.code)))
    return [Row(a, reports.get(a.pk)) for a in ordered]


def visible_reports(user: Any) -> QuerySet[ProgressReport]:
    """The reports ``user`` may read: the queryset form of ``services.may_view`` (the agency's own people
    and those who read its private data, plus the host agency's reviewers of the indicator once the
    supporter has submitted), decided by the same policy functions; tests/progress/test_list_api.py
    checks both agree report by report."""
    reports = ProgressReport.objects.all()
    agencies = visible_agency_ids(user)
    if agencies is None:
        return reports
    hosts = [a for a in roles_of(user).by_agency if can(user, Action.REVIEW_AS_HOST, agency=a)]
    submitted = ~Q(status__in=ProgressReport.UNSUBMITTED)  # a supporter's draft is its own
    return reports.filter(
        Q(assignment__agency__in=agencies) | (Q(assignment__indicator__host_agency__in=hosts) & submitted)
    )


def visible_plans(user: Any) -> QuerySet[ActionPlan]:
    """The action plans ``user`` may read: those of agencies whose private data the user reads (the plan
    page's rule)."""
    plans = ActionPlan.objects.all()
    agencies = visible_agency_ids(user)
    return plans if agencies is None else plans.filter(assignment__agency__in=agencies)


def review_queue(user: Any) -> QuerySet[ProgressReport]:
    """Reports waiting for this user: submission for an agency head, host review for a host agency's
    reviewer, verification for officers."""
    base = ProgressReport.objects.select_related("assignment__indicator", "assignment__agency", "period")
    if can(user, Action.VERIFY_RESULTS):
        return base.filter(status__in=[S.REVIEWED, S.SUBMITTED]).order_by("submitted_at", "pk")
    by_agency = roles_of(user).by_agency
    heads = [a for a, r in by_agency.items() if Role.APPROVER in r]
    hosts = [a for a, r in by_agency.items() if Role.HOST_REVIEWER in r]
    waiting = Q(pk__in=[])
    if heads:
        waiting |= Q(status=S.READY, assignment__agency__in=heads)
    if hosts:
        waiting |= (
            Q(status=S.SUBMITTED, assignment__role=Assignment.Role.SUPPORTER)
            & Q(assignment__indicator__host_agency__in=hosts)
            & ~Q(assignment__agency__in=hosts)
        )
    if not (heads or hosts):
        return base.none()
    return base.filter(waiting).order_by("updated_at", "pk")


@dataclass(frozen=True)
class EarlyWarning:
    assignment: Assignment
    period: Period  # the latest period with a scored actual
    actual: Decimal
    expected: Decimal  # the straight-line path to the year's target at the end of that period
    target: Decimal
    lag: Decimal  # how far behind the path, as % of the path


@dataclass(frozen=True)
class Lag:
    """An early warning as plain values: what is cached, and enough to sort, group and count."""

    assignment_id: int
    agency_id: int
    agency_code: str
    indicator_code: str
    period_id: int
    actual: Decimal
    expected: Decimal
    target: Decimal
    lag: Decimal


# Scores change only through the engine's recomputes; the stamp below notices them.  The time-out bounds
# what the stamp cannot see (two recomputes committing out of order with the same row count).
CACHE_SECONDS = 120


def _fraction(fy: FiscalYear, day: dt.date) -> Decimal:
    total = (fy.end - fy.start).days + 1
    done = min(max((day - fy.start).days + 1, 0), total)
    return Decimal(done) / Decimal(total)


def _scores_stamp(fiscal_year: FiscalYear) -> str:
    found = ScoreResult.objects.filter(period__fiscal_year=fiscal_year).aggregate(
        n=Count("pk"), at=Max("computed_at")
    )
    return f"{found['n']}:{found['at'].timestamp() if found['at'] else 0}"


def _compute_lags(fiscal_year: FiscalYear, on: dt.date, tolerance: Decimal) -> list[Lag]:
    """Two narrow queries: the year targets, and each assignment's latest scored actual up to ``on``."""
    targets = {
        row[0]: row
        for row in Target.objects.filter(
            period__fiscal_year=fiscal_year,
            period__code="FY",
            assignment__indicator__higher_is_better=True,
        ).values_list(
            "assignment_id",
            "assignment__agency_id",
            "assignment__agency__code",
            "assignment__indicator__code",
            "value",
        )
    }
    ends = dict(Period.objects.filter(fiscal_year=fiscal_year, end__lte=on).values_list("pk", "end"))
    latest = (
        ScoreResult.objects.filter(
            period_id__in=list(ends),
            status=ScoreResult.Status.SCORED,
            actual__isnull=False,
            assignment__indicator__higher_is_better=True,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("assignment_id")],
                order_by=[F("period__end").desc(), F("period__start").asc(), F("pk").asc()],
            )
        )
        .filter(rank=1)
        .values_list("assignment_id", "period_id", "actual")
    )
    found = []
    for assignment_id, period_id, actual in latest:
        if assignment_id not in targets or actual is None:
            continue
        _, agency_id, agency_code, indicator_code, target = targets[assignment_id]
        expected = (target * _fraction(fiscal_year, ends[period_id])).quantize(Decimal("0.01"))
        if expected <= 0:
            continue
        lag = ((expected - actual) / expected * 100).quantize(Decimal("0.1"))
        if lag > tolerance:
            found.append(
                Lag(
                    assignment_id,
                    agency_id,
                    agency_code,
                    indicator_code,
                    period_id,
                    actual,
                    expected,
                    target,
                    lag,
                )
            )
    found.sort(key=lambda w: (-w.lag, w.agency_code, w.indicator_code))
    return found


def early_warning_lags(*, fiscal_year: FiscalYear, on: dt.date, user: Any = None) -> list[Lag]:
    """Assignments whose latest actual (on ``on``) lags the straight line from 0 at the start of the
    year to the year's target by more than the year's tolerance, worst first; only the agencies ``user``
    may read (all when ``user`` is None).  Higher-is-better indicators only: for lower-is-better ones a
    straight line from zero says nothing.  Cached per year, day, tolerance and state of the scores."""
    tolerance = rules_for(fiscal_year.pk).warning_tolerance
    key = f"progress:warnings:{fiscal_year.pk}:{on.isoformat()}:{tolerance:.2f}:{_scores_stamp(fiscal_year)}"
    lags: list[Lag] | None = cache.get(key)
    if lags is None:
        lags = _compute_lags(fiscal_year, on, tolerance)
        cache.set(key, lags, timeout=CACHE_SECONDS)
    visible = visible_agency_ids(user) if user is not None else None
    if visible is not None:
        lags = [w for w in lags if w.agency_id in visible]
    return lags


def hydrate(lags: list[Lag]) -> list[EarlyWarning]:
    """The page's (or the notifier's) warnings with their assignments and periods: two queries."""
    assignments = Assignment.objects.select_related("indicator", "agency").in_bulk(
        {w.assignment_id for w in lags}
    )
    periods = Period.objects.in_bulk({w.period_id for w in lags})
    return [
        EarlyWarning(
            assignments[w.assignment_id], periods[w.period_id], w.actual, w.expected, w.target, w.lag
        )
        for w in lags
    ]


def early_warnings(*, fiscal_year: FiscalYear, on: dt.date, user: Any = None) -> list[EarlyWarning]:
    return hydrate(early_warning_lags(fiscal_year=fiscal_year, on=on, user=user))


def lags_by_agency(lags: list[Lag]) -> list[list[Lag]]:
    """Grouped per agency, the agency with most warnings first."""
    grouped: dict[int, list[Lag]] = {}
    for w in lags:
        grouped.setdefault(w.agency_id, []).append(w)
    return sorted(grouped.values(), key=lambda g: (-len(g), g[0].agency_code))


@dataclass(frozen=True)
class WarningSummary:
    """Counts to read before the list: per component and per group of agencies (bureaus and offices by
    kind, district offices by district group)."""

    by_component: list[tuple[str, int]]
    by_group: list[tuple[str, int]]
    agencies: int


def warnings_summary(lags: list[Lag]) -> WarningSummary:
    from django.utils.translation import gettext as _

    rows = Assignment.objects.filter(pk__in={w.assignment_id for w in lags}).values_list(
        "pk", "indicator__component__code", "agency__kind", "agency__district__group__name_th"
    )
    info = {pk: (component, kind, group) for pk, component, kind, group in rows}
    components: dict[str, int] = {}
    groups: dict[str, int] = {}
    for w in lags:
        component, kind, group = info.get(w.assignment_id, ("?", "", None))
        components[component] = components.get(component, 0) + 1
        label = group or str(Agency.Kind(kind).label if kind in Agency.Kind.values else _("other"))
        groups[label] = groups.get(label, 0) + 1
    return WarningSummary(
        by_component=sorted(
            components.items(), key=lambda kv: tuple(int(p) if p.isdigit() else p for p in kv[0].split("."))
        ),
        by_group=sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        agencies=len({w.agency_id for w in lags}),
    )


def warnings_by_agency(warnings: list[EarlyWarning]) -> list[tuple[Agency, list[EarlyWarning]]]:
    grouped: dict[int, tuple[Agency, list[EarlyWarning]]] = {}
    for w in warnings:
        grouped.setdefault(w.assignment.agency_id, (w.assignment.agency, []))[1].append(w)
    return sorted(grouped.values(), key=lambda g: (-len(g[1]), g[0].code))
