"""Homes that are work lists: what is due in the round and by when, what waits for me, my agency's score
at a glance with its trend, the latest notifications; and the evaluation office's view of the round."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from pramoen.appeals.models import AppealCase
from pramoen.appeals.selectors import visible_cases
from pramoen.framework.models import Assignment, FiscalYear, Indicator, Period
from pramoen.insights.selectors import Overview
from pramoen.orgs.models import Agency, Role
from pramoen.orgs.policy import Action, can, roles_of
from pramoen.progress import notify, periods, selectors
from pramoen.progress.models import Notification, ProgressReport
from pramoen.progress.services import is_feed_method
from pramoen.scoring.models import AgencyScore

S = ProgressReport.Status
# the states a report of the round is counted in, in the order the round moves through them
STATES = ("not_started", S.DRAFT, S.RETURNED, S.READY, S.SUBMITTED, S.REVIEWED, S.VERIFIED)
WAITING_SHOWN = 8
MISSING_SHOWN = 10  # supporters named per hosted indicator before "and N more"
UNSUBMITTED = ("not_started", *ProgressReport.UNSUBMITTED)


@dataclass
class RoundCounts:
    """How many of a round's reports are in each state."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[s] for s in (S.SUBMITTED, S.REVIEWED, S.VERIFIED))

    @property
    def to_do(self) -> int:
        return self.total - self.done

    @property
    def share(self) -> int:
        """The percentage submitted, rounded down (100 only when every report is in)."""
        return self.done * 100 // self.total if self.total else 0

    def cells(self) -> list[int]:
        return [self.counts[s] for s in STATES]


def _days_left(deadline: dt.date | None) -> int | None:
    return (deadline - periods.today()).days if deadline else None


@dataclass
class DueRound:
    agency: Agency
    period: Period
    deadline: dt.date | None
    counts: RoundCounts

    @property
    def days_left(self) -> int | None:
        return _days_left(self.deadline)


@dataclass
class Glance:
    """An agency's overall score in the latest scored period and its path over the year."""

    agency: Agency
    period: Period | None
    score: Decimal | None
    trend: list[tuple[Period, Decimal | None]]

    @property
    def change(self) -> Decimal | None:
        scored = [s for _p, s in self.trend if s is not None]
        return scored[-1] - scored[-2] if len(scored) >= 2 else None


@dataclass
class MyWork:
    fiscal_year: FiscalYear | None
    due: list[DueRound]
    waiting: list[ProgressReport]
    waiting_count: int
    appeals_waiting: int
    follow_ups: int
    glances: list[Glance]
    notifications: list[Notification]
    unread: int
    hosted: list[HostedIndicator] = field(default_factory=list)
    period: Period | None = None  # the round that is due


@dataclass
class HostedIndicator:
    """A joint indicator the user's agency hosts, in the round that is due: how many supporting agencies
    have submitted their report and which have not (names only: an unsubmitted report is the agency's own,
    docs/roles.md)."""

    indicator: Indicator
    total: int
    submitted: int
    missing: list[Agency]

    @property
    def missing_shown(self) -> list[Agency]:
        return self.missing[:MISSING_SHOWN]

    @property
    def missing_more(self) -> int:
        return max(0, len(self.missing) - MISSING_SHOWN)


@dataclass
class OfficeRound:
    period: Period
    deadline: dt.date | None
    by_kind: list[tuple[str, RoundCounts]]
    late: list[tuple[Agency, int]]  # agencies past the deadline with reports not submitted, and how many

    @property
    def days_left(self) -> int | None:
        return _days_left(self.deadline)

    @property
    def overall(self) -> RoundCounts:
        total = RoundCounts()
        for _kind, c in self.by_kind:
            total.counts.update(c.counts)
        return total


def _reported(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Only the assignments people report, not those computed from a feed."""
    methods = set(assignments.values_list("indicator__method", flat=True).distinct())
    return assignments.exclude(indicator__method__in=[m for m in methods if is_feed_method(m)])


def _round_counts(period: Period, agency_ids: list[int] | None) -> dict[int, RoundCounts]:
    """Per agency: its assignments of the period's year that people report (not those computed from a
    feed), each counted in the state of its report."""
    assignments = _reported(Assignment.objects.filter(indicator__fiscal_year=period.fiscal_year_id))
    reports = ProgressReport.objects.filter(period=period)
    if agency_ids is not None:
        assignments = assignments.filter(agency__in=agency_ids)
        reports = reports.filter(assignment__agency__in=agency_ids)
    status_of = dict(reports.values_list("assignment_id", "status"))
    result: dict[int, RoundCounts] = {}
    for assignment_id, agency_id in assignments.values_list("pk", "agency_id"):
        result.setdefault(agency_id, RoundCounts()).counts[status_of.get(assignment_id, "not_started")] += 1
    return result


def _glance(agency: Agency, fiscal_year: FiscalYear) -> Glance:
    rows = list(
        AgencyScore.objects.filter(
            agency=agency, component__isnull=True, period__fiscal_year=fiscal_year, period__kind="month"
        )
        .select_related("period")
        .order_by("period__end")
    )
    trend = [(r.period, r.score) for r in rows]
    latest = next((r for r in reversed(rows) if r.score is not None), None)
    return Glance(agency, latest.period if latest else None, latest.score if latest else None, trend[-6:])


def _appeals_waiting(user: Any) -> int:
    open_ = visible_cases(user).filter(
        status__in=[AppealCase.Status.SUBMITTED, AppealCase.Status.UNDER_REVIEW]
    )
    return sum(1 for case in open_ if can(user, Action.DECIDE_APPEAL, agency=case.agency_id))


def _follow_ups(agency_ids: list[int]) -> int:
    from pramoen.monitoring.models import Observation

    if not agency_ids:
        return 0
    return Observation.objects.filter(assignee__in=agency_ids).exclude(status=Observation.Status.DONE).count()


def hosted_supporters(user: Any, period: Period) -> list[HostedIndicator]:
    """The joint indicators whose host agency ``user`` reviews for, with their supporters' state in
    ``period`` (the reported ones: not those computed from a feed)."""
    hosts = [a for a, r in roles_of(user).by_agency.items() if Role.HOST_REVIEWER in r]
    if not hosts:
        return []
    supporters = Assignment.objects.filter(
        indicator__fiscal_year=period.fiscal_year_id,
        indicator__host_agency__in=hosts,
        role=Assignment.Role.SUPPORTER,
    )
    assignments = list(
        _reported(supporters)
        .select_related("indicator", "agency")
        .order_by("indicator__code", "agency__code")
    )
    status_of = dict(
        ProgressReport.objects.filter(period=period, assignment__in=assignments).values_list(
            "assignment_id", "status"
        )
    )
    by_indicator: dict[int, HostedIndicator] = {}
    for a in assignments:
        line = by_indicator.setdefault(a.indicator_id, HostedIndicator(a.indicator, 0, 0, []))
        line.total += 1
        if status_of.get(a.pk, "not_started") in UNSUBMITTED:
            line.missing.append(a.agency)
        else:
            line.submitted += 1
    return list(by_indicator.values())


def my_work(user: Any) -> MyWork:
    fy = selectors.current_year()
    own = selectors.editable_agencies(user)
    due: list[DueRound] = []
    glances: list[Glance] = []
    period: Period | None = None
    if fy is not None:
        period = periods.due_period(fy.pk)
        if period is not None and own:
            control = periods.control_of(period)
            counts = _round_counts(period, [a.pk for a in own])
            # an agency with nothing assigned in the year has nothing due
            due = [
                DueRound(a, period, control.deadline if control else None, counts[a.pk])
                for a in own
                if a.pk in counts
            ]
        glances = [_glance(a, fy) for a in own]
    queue = selectors.review_queue(user)
    member_of = [a for a, r in roles_of(user).by_agency.items() if r]
    return MyWork(
        fiscal_year=fy,
        due=due,
        waiting=list(queue[:WAITING_SHOWN]),
        waiting_count=queue.count(),
        appeals_waiting=_appeals_waiting(user),
        follow_ups=_follow_ups(member_of),
        glances=glances,
        notifications=notify.notifications_for(user, limit=5),
        unread=notify.unread_count(user),
        hosted=hosted_supporters(user, period) if period is not None else [],
        period=period,
    )


def round_view() -> OfficeRound | None:
    """The round that is due: its reports in each state by agency kind, and the agencies that are late
    (for the evaluation office's and the executives' homes)."""
    fy = selectors.current_year()
    period = periods.due_period(fy.pk) if fy else None
    if period is None:
        return None
    control = periods.control_of(period)
    counts = _round_counts(period, None)
    kinds = dict(Agency.objects.filter(pk__in=counts).values_list("pk", "kind"))
    by_kind: dict[str, RoundCounts] = {}
    for agency_id, c in counts.items():
        by_kind.setdefault(kinds[agency_id], RoundCounts()).counts.update(c.counts)
    late: list[tuple[Agency, int]] = []
    if control and control.deadline and periods.today() > control.deadline:
        behind = {a: c.to_do for a, c in counts.items() if c.to_do}
        agencies = Agency.objects.filter(pk__in=behind).order_by("kind", "code")
        late = sorted(((a, behind[a.pk]) for a in agencies), key=lambda x: -x[1])
    labels = dict(Agency.Kind.choices)
    return OfficeRound(
        period=period,
        deadline=control.deadline if control else None,
        by_kind=[(str(labels.get(k, k)), by_kind[k]) for k in Agency.Kind.values if k in by_kind],
        late=late,
    )


def office_round(user: Any) -> OfficeRound | None:
    """The evaluation office's view of the round that is due."""
    return round_view() if can(user, Action.VERIFY_RESULTS) else None


@dataclass
class ExecutiveHome:
    """An executive's work list: how far agencies are in the round that is due, and from the executive
    overview (``pramoen.insights``) who is furthest behind and why, and the overall score's trend."""

    round: OfficeRound | None
    overview: Overview | None


def executive_home(user: Any) -> ExecutiveHome | None:
    from pramoen.insights.selectors import cached_overview
    from pramoen.scoring.selectors import default_period, fiscal_years

    if Role.EXECUTIVE not in roles_of(user).global_roles:
        return None
    fy = fiscal_years().first()
    overview = None
    if fy is not None:
        try:
            overview = cached_overview(fiscal_year=fy, period=default_period(fy))[0]
        except Period.DoesNotExist:  # a year set up without its half-years has nothing to rank yet
            overview = None
    return ExecutiveHome(round=round_view(), overview=overview)


@dataclass(frozen=True)
class ImportLine:
    what: str
    at: dt.datetime | None
    detail: str
    url_name: str


def latest_imports() -> list[ImportLine]:
    """The latest import of each feed (for the evaluation office's home)."""
    from django.utils.translation import gettext as _

    from pramoen.feeds.selectors import latest_run

    feeds = (
        ("complaints", _("Complaints (Traffy Fondue)"), "complaints:home"),
        ("services", _("Online services"), "services:overview"),
        ("budget", _("Budget disbursement"), "budget:overview"),
    )
    lines = []
    for key, what, url_name in feeds:
        run = latest_run(key)
        if run is not None:
            detail = f"{run.file_name} · {run.get_status_display()}" if key == "complaints" else run.file_name
            lines.append(ImportLine(what, run.started_at, detail, url_name))
    return lines


def state_labels() -> list[str]:
    from django.utils.translation import gettext as _

    names = dict(S.choices)
    return [str(_("not started")) if s == "not_started" else str(names[s]) for s in STATES]
