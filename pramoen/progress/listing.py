"""The report and action-plan lists of the API: query parameters checked one by one (a bad value is a 400
naming the parameter and the reason, never a 500), applied to what the user may read, in a stable order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import parse_int
from pramoen.framework.models import FiscalYear, Period
from pramoen.orgs.models import Agency
from pramoen.progress.models import ActionPlan, ProgressReport
from pramoen.progress.selectors import visible_plans, visible_reports

# period, agency, indicator, then id: two reads of the same filters page the same way
REPORT_ORDER = (
    "period__fiscal_year__year",
    "period__start",
    "period__end",
    "assignment__agency__code",
    "assignment__indicator__code",
    "pk",
)
PLAN_ORDER = (
    "assignment__indicator__fiscal_year__year",
    "assignment__agency__code",
    "assignment__indicator__code",
    "pk",
)


def _fiscal_year(params: Mapping[str, Any]) -> FiscalYear | None:
    if not params.get("fy"):
        return None
    year = parse_int(params.get("fy"), field="fy", label="fy", minimum=1, maximum=9999)
    fy = FiscalYear.objects.filter(year=year).first()
    if fy is None:
        raise ApplicationError(
            _("fy: there is no fiscal year %(year)s.") % {"year": year}, {"field": "fy", "reason": "unknown"}
        )
    return fy


def _agency(params: Mapping[str, Any]) -> Agency | None:
    code = str(params.get("agency") or "").strip()
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ApplicationError(
            _("agency: no agency has the code “%(code)s”.") % {"code": code[:40]},
            {"field": "agency", "reason": "unknown"},
        )
    return agency


def _choices(params: Mapping[str, Any], name: str, allowed: list[str]) -> list[str]:
    """A comma-separated list of values, each one of ``allowed``."""
    raw = str(params.get(name) or "")
    values = [v.strip() for v in raw.split(",") if v.strip()]
    for value in values:
        if value not in allowed:
            raise ApplicationError(
                _("%(name)s: “%(value)s” is not one of %(allowed)s.")
                % {"name": name, "value": value[:40], "allowed": ", ".join(allowed)},
                {"field": name, "reason": "unknown", "allowed": allowed},
            )
    return values


def _indicator(params: Mapping[str, Any]) -> str:
    return str(params.get("indicator") or "").strip()


def reports_for(user: Any, params: Mapping[str, Any]) -> QuerySet[ProgressReport]:
    """``?fy=&agency=&period=&status=&indicator=`` over the reports ``user`` may read.  ``period`` and
    ``status`` take one value or several separated by commas; ``period`` without ``fy`` matches that
    period in every fiscal year."""
    fy = _fiscal_year(params)
    agency = _agency(params)
    known = Period.objects.filter(fiscal_year=fy) if fy is not None else Period.objects.all()
    codes = sorted(set(known.values_list("code", flat=True)))
    period_codes = _choices(params, "period", codes)
    statuses = _choices(params, "status", list(ProgressReport.Status.values))
    indicator = _indicator(params)
    rows = visible_reports(user)
    if fy is not None:
        rows = rows.filter(period__fiscal_year=fy)
    if agency is not None:
        rows = rows.filter(assignment__agency=agency)
    if period_codes:
        rows = rows.filter(period__code__in=period_codes)
    if statuses:
        rows = rows.filter(status__in=statuses)
    if indicator:
        rows = rows.filter(assignment__indicator__code=indicator)
    return rows.select_related("assignment__indicator", "assignment__agency", "period__fiscal_year").order_by(
        *REPORT_ORDER
    )


def plans_for(user: Any, params: Mapping[str, Any]) -> QuerySet[ActionPlan]:
    """``?fy=&agency=&indicator=`` over the action plans ``user`` may read."""
    fy = _fiscal_year(params)
    agency = _agency(params)
    indicator = _indicator(params)
    rows = visible_plans(user)
    if fy is not None:
        rows = rows.filter(assignment__indicator__fiscal_year=fy)
    if agency is not None:
        rows = rows.filter(assignment__agency=agency)
    if indicator:
        rows = rows.filter(assignment__indicator__code=indicator)
    return (
        rows.select_related("assignment__indicator__fiscal_year", "assignment__agency")
        .prefetch_related("milestones")
        .order_by(*PLAN_ORDER)
    )
