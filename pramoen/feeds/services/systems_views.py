"""Pages of indicator 3.1 at bureaus and offices: the digital systems, every agency's use of them, one
agency's monthly records, and the Thai template of the ``systems`` layout.  Thin views over
pramoen.feeds.services.usage; the policy decides who sees which agency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pramoen.feeds.services import selectors, usage
from pramoen.feeds.services.models import DigitalSystem, SystemUsage
from pramoen.feeds.services.tabular import table_response
from pramoen.framework.criteria import Criteria
from pramoen.orgs.models import Agency
from pramoen.orgs.policy import Action, can, require, visible_agency_ids


def visible_bureau_ids(user: Any) -> frozenset[int] | None:
    """Bureaus and offices whose system use ``user`` may read; None means all of them."""
    ids = visible_agency_ids(user)
    if ids is None:
        return None
    return frozenset(
        Agency.objects.filter(pk__in=ids)
        .exclude(kind=Agency.Kind.DISTRICT_OFFICE)
        .values_list("pk", flat=True)
    )


def can_see_any_bureau(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    ids = visible_bureau_ids(user)
    return ids is None or bool(ids)


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    figures: dict[int, usage.SystemFigures]  # by system id
    measure: Decimal | None
    level: int | None
    score: Decimal | None


def agency_rows(
    *, choice: dict[str, Any], criteria: Criteria | None, agency_ids: frozenset[int] | None
) -> list[AgencyRow]:
    agencies = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DISTRICT_OFFICE)
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    rows = []
    for agency in agencies.order_by("kind", "name_th"):
        figures = usage.system_figures(agency_id=agency.pk, start=choice["start"], end=choice["end"])
        measure = usage.systems_measure(figures)
        score, level = criteria.score(measure) if criteria and measure is not None else (None, None)
        rows.append(AgencyRow(agency, {f.system.pk: f for f in figures}, measure, level, score))
    return rows


def _has_demo(agency_ids: frozenset[int] | None) -> bool:
    qs = SystemUsage.objects.filter(batch__is_demo=True)
    return (qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)).exists()


@require_GET
@login_required
def systems_overview(request: HttpRequest) -> HttpResponse:
    from pramoen.feeds.services.views import _choice

    ids = visible_bureau_ids(request.user)
    if ids is not None and not ids:
        raise PermissionDenied(
            _("The digital systems' use is shown to bureaus, offices and their reviewers.")
        )
    choice = _choice(request)
    criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
    systems = list(DigitalSystem.objects.select_related("responsible"))
    rows = agency_rows(choice=choice, criteria=criteria, agency_ids=ids)
    return render(
        request,
        "services/systems.html",
        {
            **choice,
            "systems": systems,
            "rows": [(r, [r.figures.get(s.pk) for s in systems]) for r in rows],
            "criteria": criteria,
            "thresholds": criteria.thresholds if criteria else None,
            "demo": _has_demo(ids),
            "any_demo_system": any(s.is_demo for s in systems),
            "can_import": can(request.user, Action.MANAGE_FRAMEWORK),
        },
    )


def _agency(request: HttpRequest, code: str) -> Agency:
    agency = Agency.objects.exclude(kind=Agency.Kind.DISTRICT_OFFICE).filter(code=code).first()
    if agency is None:
        raise Http404
    require(request.user, Action.VIEW_AGENCY_PRIVATE, agency=agency.pk)
    return agency


@require_GET
@login_required
def agency_systems(request: HttpRequest, code: str) -> HttpResponse:
    """One bureau's or office's 3.1: each system's share over the period and the monthly records."""
    from pramoen.feeds.services.views import _choice

    agency = _agency(request, code)
    choice = _choice(request)
    criteria = selectors.criteria_for_period(choice["fiscal_year"], choice["period"])
    figures = usage.system_figures(agency_id=agency.pk, start=choice["start"], end=choice["end"])
    measure = usage.systems_measure(figures)
    score, level = criteria.score(measure) if criteria and measure is not None else (None, None)
    records = (
        usage.usage_records(agency.pk, choice["start"], choice["end"])
        .select_related("system", "batch")
        .order_by("system__order", "month")
    )
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return table_response(
            f"system-use-{agency.code}-{choice['fiscal_year']}-{choice['period']}",
            fmt,
            [*usage.TEMPLATE_HEADER, "นำเข้าจาก"],
            [
                [agency.name_th, r.system.code, r.month.isoformat()[:7], r.accounts, r.active,
                 r.batch.file_name if r.batch else ""]
                for r in records
            ],
        )  # fmt: skip
    return render(
        request,
        "services/agency_systems.html",
        {
            **choice,
            "agency": agency,
            "figures": figures,
            "measure": measure,
            "level": level,
            "score": score,
            "criteria": criteria,
            "thresholds": criteria.thresholds if criteria else None,
            "records": records,
            "demo": _has_demo(frozenset([agency.pk])),
            "any_demo_system": any(f.system.is_demo for f in figures),
        },
    )


@require_GET
@login_required
def systems_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The ``systems`` layout's template, Thai headings and example rows."""
    return table_response("system-use-template", fmt, usage.TEMPLATE_HEADER, usage.TEMPLATE_ROWS)
