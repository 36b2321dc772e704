"""Reads for the appeals pages, API and exports — always through who may see what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pramoen.appeals.models import AppealCase, AppealCategory
from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.orgs.policy import Action, can, roles_of, visible_agency_ids


def fiscal_year_or_latest(year: Any) -> FiscalYear | None:
    years = FiscalYear.objects.order_by("-year")
    text = str(year or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 4:
        return years.filter(year=int(text)).first()
    with_rules = years.filter(appeal_categories__isnull=False).distinct().first()
    return with_rules or years.first()


def categories(*, user: Any, fiscal_year: FiscalYear) -> QuerySet[AppealCategory]:
    """Published categories; evaluation officers also see those not yet published."""
    rows = AppealCategory.objects.filter(fiscal_year=fiscal_year).select_related("component")
    if not can(user, Action.MANAGE_FRAMEWORK):
        rows = rows.filter(published_at__isnull=False)
    return rows


def visible_cases(user: Any) -> QuerySet[AppealCase]:
    """Cases of the agencies the user may read (their own, those their committee reviews, or all)."""
    rows = AppealCase.objects.select_related(
        "agency", "category", "assignment__indicator__component", "period", "decided_by", "filed_by"
    )
    ids = visible_agency_ids(user)  # committee members: the agencies their committee reviews
    return rows if ids is None else rows.filter(agency_id__in=ids)


@dataclass
class RegisterFilters:
    fiscal_year: FiscalYear | None = None
    agency: str = ""
    category: str = ""
    status: str = ""
    component: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> RegisterFilters:
        """From the register page's or the API's query string (fy, agency, category, status, component)."""
        return cls(
            fiscal_year=fiscal_year_or_latest(params.get("fy")),
            agency=params.get("agency", ""),
            category=params.get("category", ""),
            status=params.get("status", ""),
            component=params.get("component", ""),
        )


def register(*, user: Any, filters: RegisterFilters) -> QuerySet[AppealCase]:
    rows = visible_cases(user)
    if filters.fiscal_year is not None:
        rows = rows.filter(category__fiscal_year=filters.fiscal_year)
    if filters.agency:
        rows = rows.filter(agency__code=filters.agency)
    if filters.category:
        rows = rows.filter(category__code=filters.category)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.component:
        rows = rows.filter(assignment__indicator__component__code=filters.component)
    return rows.order_by("number")


def register_choices(*, user: Any, filters: RegisterFilters) -> dict[str, list[tuple[str, str]]]:
    """What the register's agency and component filters offer, as (code, name): the agencies and the
    components of the appeals this person may see in the chosen year — picked, never typed as codes."""
    rows = visible_cases(user)
    if filters.fiscal_year is not None:
        rows = rows.filter(category__fiscal_year=filters.fiscal_year)
    agencies = {c.agency.code: c.agency.short_name for c in rows.select_related("agency")}
    components = {
        str(code): str(name)
        for code, name in rows.exclude(assignment=None).values_list(
            "assignment__indicator__component__code", "assignment__indicator__component__name_th"
        )
    }
    return {
        "agencies": sorted(agencies.items(), key=lambda kv: kv[1]),
        "components": sorted(components.items()),
    }


def effect_rows(case: AppealCase) -> list[dict[str, Any]]:
    """Per period (named in words: ครึ่งปีแรก, not H1): the indicator, component and overall score before →
    after the decision."""
    codes = sorted(set(case.scores_before) | set(case.scores_after))
    periods = Period.objects.filter(fiscal_year_id=case.category.fiscal_year_id, code__in=codes)
    names = {p.code: p.name for p in periods} if codes else {}
    rows = []
    for code in codes:
        before = case.scores_before.get(code, {})
        after = case.scores_after.get(code, {})
        rows.append(
            {
                "period": names.get(code, code),
                "period_code": code,
                **{
                    f"{key}_{when}": side.get(key)
                    for key in ("score", "component", "overall", "actual")
                    for when, side in (("before", before), ("after", after))
                },
                "status_after": after.get("status"),
            }
        )
    return rows


def appealable_assignments(*, user: Any, category: AppealCategory) -> list[Assignment]:
    """The assignments of the user's own agencies that this category may concern."""
    agency_ids = [a for a in roles_of(user).by_agency if can(user, Action.EDIT_AGENCY_DATA, agency=a)]
    rows = Assignment.objects.filter(indicator__fiscal_year=category.fiscal_year, agency_id__in=agency_ids)
    if category.component_id:
        rows = rows.filter(indicator__component_id=category.component_id)
    method = {"tickets": "complaints", "budget_lines": "budget_disbursement"}.get(category.effect)
    if method:
        rows = rows.filter(indicator__method=method)
    return list(rows.select_related("indicator", "agency").order_by("agency__code", "indicator__code"))


def effect_summary(case: AppealCase) -> str:
    """``ครึ่งปีแรก: 2.10 → 0.00 (overall 3.20 → 3.05)`` for each period the decision changed."""
    parts = []
    for row in effect_rows(case):
        if row["score_before"] == row["score_after"] and row["overall_before"] == row["overall_after"]:
            continue
        parts.append(
            f"{row['period']}: {_short(row['score_before'])} → {_short(row['score_after'])}"
            f" ({_('overall')} {_short(row['overall_before'])} → {_short(row['overall_after'])})"
        )
    return "; ".join(parts)


def _short(value: str | None) -> str:
    return "–" if value is None else f"{Decimal(value):.2f}"
