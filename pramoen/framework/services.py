"""Writes on the framework: fiscal years with their periods, and copying a year's framework forward."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import fiscal_year_bounds
from pramoen.framework.models import (
    Assignment,
    Component,
    EvaluationRound,
    FiscalYear,
    Indicator,
    Period,
    Target,
)
from pramoen.framework.periods import fiscal_periods
from pramoen.framework.selectors import ROUND_PERIOD_CODES, next_step
from pramoen.orgs.policy import Action, require


def fiscal_year_ensure(*, year: int) -> FiscalYear:
    """The fiscal year with its 19 periods (12 months, 4 quarters, 2 halves, the year); idempotent."""
    start, end = fiscal_year_bounds(year)
    fy, _created = FiscalYear.objects.get_or_create(year=year, defaults={"start": start, "end": end})
    existing = set(fy.periods.values_list("code", flat=True))
    Period.objects.bulk_create(
        Period(
            fiscal_year=fy,
            code=p.code,
            kind=p.kind,
            start=p.start,
            end=p.end,
            name_th=p.name_th,
            name_en=p.name_en,
        )
        for p in fiscal_periods(year)
        if p.code not in existing
    )
    return fy


@transaction.atomic
def framework_copy(*, actor: Any, from_year: int, to_year: int) -> FiscalYear:
    """Copy components, indicators, assignments and targets (period by period code) into a new year."""
    require(actor, Action.MANAGE_FRAMEWORK)
    try:
        source = FiscalYear.objects.get(year=from_year)
    except FiscalYear.DoesNotExist:
        raise ApplicationError(_("Fiscal year %(year)s does not exist.") % {"year": from_year}) from None
    if Indicator.objects.filter(fiscal_year__year=to_year).exists():
        raise ApplicationError(
            _("Fiscal year %(year)s already has indicators; nothing was copied.") % {"year": to_year},
            {"field": "to_year"},
        )
    target_fy = fiscal_year_ensure(year=to_year)
    periods = {p.code: p for p in target_fy.periods.all()}
    components = {}
    for c in source.components.all():
        components[c.pk] = Component.objects.create(
            fiscal_year=target_fy,
            code=c.code,
            name_th=c.name_th,
            name_en=c.name_en,
            weight=c.weight,
            applies_to=c.applies_to,
            order=c.order,
            weight_is_demo=c.weight_is_demo,
        )
    for ind in source.indicators.prefetch_related("assignments__targets__period"):
        assignments = list(ind.assignments.all())
        ind.pk = None
        ind.fiscal_year = target_fy
        ind.component = components[ind.component_id]
        ind.save()
        for a in assignments:
            targets = list(a.targets.all())
            new_a = Assignment.objects.create(
                indicator=ind, agency_id=a.agency_id, weight=a.weight, role=a.role
            )
            Target.objects.bulk_create(
                Target(assignment=new_a, period=periods[t.period.code], value=t.value) for t in targets
            )
    return target_fy


# --- Evaluation rounds ---------------------------------------------------------------------------


def _fiscal_year(year: int) -> FiscalYear:
    fy = FiscalYear.objects.filter(year=year).first()
    if fy is None:
        raise ApplicationError(
            _("Fiscal year %(year)s does not exist.") % {"year": year}, {"field": "fiscal_year"}
        )
    return fy


def apply_round_state(fy: FiscalYear, period_code: str, state: str) -> EvaluationRound:
    """Make (fy, period_code) the current round in ``state``; the dates follow the state (a round set back
    from published is no longer published).  No permission check: callers check (or are the demo)."""
    if period_code not in ROUND_PERIOD_CODES:
        raise ApplicationError(
            _("A round is the first or the second half-year."),
            {"field": "period", "value": period_code},
        )
    if state not in EvaluationRound.State.values:
        raise ApplicationError(_("Unknown round state."), {"field": "state", "value": state})
    period = Period.objects.get(fiscal_year=fy, code=period_code)
    now = timezone.now()
    for previous in EvaluationRound.objects.filter(fiscal_year=fy, is_current=True).exclude(period=period):
        previous.is_current = False  # saved one by one so the audit log records it
        previous.save(update_fields=["is_current"])
    found, _created = EvaluationRound.objects.get_or_create(fiscal_year=fy, period=period)
    found.is_current = True
    found.state = state
    if state == EvaluationRound.State.PLANNED:
        found.opened_at = found.closed_at = found.published_at = None
    if state in (EvaluationRound.State.OPEN, EvaluationRound.State.CLOSED, EvaluationRound.State.PUBLISHED):
        found.opened_at = found.opened_at or now
    if state == EvaluationRound.State.OPEN:
        found.closed_at = found.published_at = None
    if state in (EvaluationRound.State.CLOSED, EvaluationRound.State.PUBLISHED):
        found.closed_at = found.closed_at or now
    if state == EvaluationRound.State.CLOSED:
        found.published_at = None
    if state == EvaluationRound.State.PUBLISHED:
        found.published_at = found.published_at or now
    found.save()
    if fy.closed_at is not None:  # setting a round reopens a closed year
        fy.closed_at = None
        fy.save(update_fields=["closed_at"])
    return found


@transaction.atomic
def round_set(*, actor: Any, fiscal_year: int, period_code: str, state: str) -> EvaluationRound:
    """The evaluation office makes a half-year the current round, in the given state."""
    require(actor, Action.MANAGE_FRAMEWORK)
    return apply_round_state(_fiscal_year(fiscal_year), period_code, state)


@transaction.atomic
def round_advance(*, actor: Any, fiscal_year: int) -> FiscalYear:
    """Move the year one step on: H1 open → H1 closed → H1 published → H2 open → … → the year closed."""
    require(actor, Action.MANAGE_FRAMEWORK)
    fy = _fiscal_year(fiscal_year)
    step = next_step(fy)
    if step is None:
        raise ApplicationError(
            _("Fiscal year %(year)s is closed; set a round to open it again.") % {"year": fiscal_year},
            {"field": "fiscal_year"},
        )
    if step.period_code is None:
        fy.closed_at = timezone.now()
        fy.save(update_fields=["closed_at"])
    else:
        apply_round_state(fy, step.period_code, step.state)
    return fy
