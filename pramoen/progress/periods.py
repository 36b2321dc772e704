"""Period deadlines, the late flag, locking by the evaluation office with per-agency exceptions,
and deadline reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.framework.models import Assignment, Period
from pramoen.framework.selectors import Closed, reporting_closed
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, require
from pramoen.progress.models import LockException, PeriodControl, ProgressReport, YearRules
from pramoen.progress.notify import agency_staff, notify


def today() -> dt.date:
    return timezone.localdate()


def rules_for(fiscal_year_id: int) -> YearRules:
    rules, _ = YearRules.objects.get_or_create(fiscal_year_id=fiscal_year_id)
    return rules


def control_of(period: Period) -> PeriodControl | None:
    return PeriodControl.objects.filter(period=period).first()


@dataclass(frozen=True)
class ReportingState:
    """Whether agencies may report results of one period, read once: the round or year that closed it
    (framework.selectors.reporting_closed), the evaluation office's lock, and the agencies holding an
    exception valid on the day.  A closed fiscal year admits no exception."""

    period: Period
    closed: Closed | None
    locked: bool
    excepted: frozenset[int]

    def open_for(self, agency_id: int) -> bool:
        if self.closed is not None and self.closed.year_closed:
            return False
        if self.closed is None and not self.locked:
            return True
        return agency_id in self.excepted

    def note_for(self, agency_id: int) -> str | None:
        """What the report page says when the agency may no longer report (None while it may)."""
        if self.open_for(agency_id):
            return None
        if self.closed is not None:
            return str(self.closed.message)
        return _("Period %(period)s is locked by the evaluation office.") % {"period": self.period.name}

    def refusal_for(self, agency: Agency) -> ApplicationError | None:
        """The error a write into the period raises for ``agency`` (None while it may report)."""
        if self.open_for(agency.pk):
            return None
        if self.closed is not None:
            return ApplicationError(
                str(self.closed.message)
                + " "
                + (
                    _("Results can no longer be reported or changed.")
                    if self.closed.year_closed
                    else _("Ask the evaluation office for an exception for %(agency)s.")
                    % {"agency": agency.name}
                ),
                {"field": "period", "reason": "year_closed" if self.closed.year_closed else "round_closed"},
            )
        return ApplicationError(
            _("Period %(period)s is locked by the evaluation office; ask it for an exception for %(agency)s.")
            % {"period": self.period.name, "agency": agency.name},
            {"field": "period", "reason": "locked"},
        )


def reporting_state(period: Period, *, on: dt.date | None = None) -> ReportingState:
    """The period's ReportingState: two or three queries, whatever the number of agencies asked about."""
    closed = reporting_closed(period)
    control = control_of(period)
    locked = bool(control and control.locked)
    excepted: frozenset[int] = frozenset()
    if (closed is not None and not closed.year_closed) or (closed is None and locked):
        excepted = frozenset(
            LockException.objects.filter(period=period)
            .filter(Q(until__isnull=True) | Q(until__gte=on or today()))
            .values_list("agency_id", flat=True)
        )
    return ReportingState(period=period, closed=closed, locked=locked, excepted=excepted)


class ReportingStates:
    """reporting_state per period, each read once: a list page or API answer asks for every report."""

    def __init__(self) -> None:
        self._by_period: dict[int, ReportingState] = {}

    def __call__(self, period: Period) -> ReportingState:
        if period.pk not in self._by_period:
            self._by_period[period.pk] = reporting_state(period)
        return self._by_period[period.pk]


def is_open_for(period: Period, agency_id: int, *, on: dt.date | None = None) -> bool:
    """Whether the agency may still report results of ``period`` (see ReportingState)."""
    return reporting_state(period, on=on).open_for(agency_id)


def closed_note(period: Period, agency_id: int) -> str | None:
    """What the report page says when the agency may no longer report ``period`` (None while it may)."""
    return reporting_state(period).note_for(agency_id)


def require_open(period: Period, agency: Agency) -> None:
    refusal = reporting_state(period).refusal_for(agency)
    if refusal is not None:
        raise refusal


def due_period(fiscal_year_id: int, *, on: dt.date | None = None) -> Period | None:
    """The round to report now: the period whose deadline comes next (the shortest period when several
    share it); once every deadline of the year has passed, the latest period with reports not yet
    submitted; else the year's last period with a deadline."""
    day = on or today()
    controls = PeriodControl.objects.filter(period__fiscal_year=fiscal_year_id, deadline__isnull=False)
    upcoming = (
        controls.filter(deadline__gte=day).order_by("deadline", "period__end", "-period__start").first()
    )
    if upcoming is not None:
        return upcoming.period
    S = ProgressReport.Status
    open_ = (
        ProgressReport.objects.filter(
            period__fiscal_year=fiscal_year_id, status__in=[S.DRAFT, S.RETURNED, S.READY]
        )
        .select_related("period")
        .order_by("-period__end", "-period__start")
        .first()
    )
    if open_ is not None:
        return open_.period
    last = controls.order_by("-deadline", "-period__end", "-period__start").first()
    return last.period if last else None


def is_late(period: Period, *, on: dt.date | None = None) -> bool:
    control = control_of(period)
    return bool(control and control.deadline and (on or today()) > control.deadline)


@transaction.atomic
def period_set_deadline(*, actor: Any, period: Period, deadline: dt.date | None) -> PeriodControl:
    require(actor, Action.VERIFY_RESULTS)
    if deadline is not None and deadline < period.end:
        raise ApplicationError(
            _("deadline: %(date)s is before the end of the period.") % {"date": deadline.isoformat()},
            {"field": "deadline", "reason": "before_period_end"},
        )
    control, _created = PeriodControl.objects.get_or_create(period=period)
    control.deadline = deadline
    control.save(update_fields=["deadline"])
    return control


@transaction.atomic
def period_lock(*, actor: Any, period: Period, locked: bool) -> PeriodControl:
    require(actor, Action.VERIFY_RESULTS)
    control, _created = PeriodControl.objects.get_or_create(period=period)
    control.locked = locked
    control.locked_at = timezone.now() if locked else None
    control.save(update_fields=["locked", "locked_at"])
    return control


@transaction.atomic
def lock_exception_grant(
    *, actor: Any, period: Period, agency: Agency, until: dt.date | None, reason: str
) -> LockException:
    require(actor, Action.VERIFY_RESULTS)
    if not reason.strip():
        raise ApplicationError(_("reason: say why the agency may still report."), {"field": "reason"})
    exc, _created = LockException.objects.update_or_create(
        period=period, agency=agency, defaults={"until": until, "reason": reason.strip()}
    )
    return exc


@transaction.atomic
def lock_exception_revoke(*, actor: Any, period: Period, agency: Agency) -> None:
    require(actor, Action.VERIFY_RESULTS)
    for exc in LockException.objects.filter(period=period, agency=agency):
        exc.delete()


def reminders_send(*, on: dt.date | None = None) -> int:
    """Remind agency staff of reports not yet submitted, N days before a deadline and once it has
    passed.  Idempotent per day: running it twice the same day sends nothing new."""
    day = on or today()
    sent = 0
    controls = PeriodControl.objects.filter(deadline__isnull=False, locked=False).select_related(
        "period__fiscal_year"
    )
    for control in controls:
        assert control.deadline is not None
        rules = rules_for(control.period.fiscal_year_id)
        days_left = (control.deadline - day).days
        if days_left > rules.reminder_days or days_left < -rules.reminder_days:
            continue
        done = ProgressReport.objects.filter(period=control.period).exclude(
            status__in=[
                ProgressReport.Status.DRAFT,
                ProgressReport.Status.RETURNED,
                ProgressReport.Status.READY,
            ]
        )
        open_agencies = (
            Assignment.objects.filter(indicator__fiscal_year=control.period.fiscal_year_id)
            .exclude(pk__in=done.values("assignment_id"))
            .values_list("agency_id", flat=True)
            .distinct()
        )
        if days_left >= 0:
            message = _("%(period)s: reports are due on %(date)s (%(days)s days left).")
        else:
            message = _("%(period)s: the deadline %(date)s has passed; reports not submitted are late.")
        text = message % {
            "period": control.period.name,
            "date": control.deadline.isoformat(),
            "days": days_left,
        }
        for agency_id in open_agencies:
            sent += notify(
                users=agency_staff(agency_id),
                kind="deadline",
                message=text,
                url=f"/progress/?period={control.period.code}",
                key=f"deadline:{control.period_id}:{day.isoformat()}",
            )
    return sent
