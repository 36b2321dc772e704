"""Writes on the framework: fiscal years with their periods, and copying a year's framework forward."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.thai import fiscal_year_bounds
from pramoen.framework.models import Assignment, Component, FiscalYear, Indicator, Period, Target
from pramoen.framework.periods import fiscal_periods
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
