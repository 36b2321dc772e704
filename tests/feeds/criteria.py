"""A feed KPI's indicator for the feed tests: the one source of its criteria (framework.criteria)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pramoen.framework.models import Component, Indicator, Period, PlanPoint
from pramoen.framework.services import fiscal_year_ensure


def feed_indicator(
    *,
    year: int,
    code: str,
    method: str,
    thresholds: Sequence[int],
    plan: dict[str, int] | None = None,
    demo: bool = False,
) -> Indicator:
    """Indicator ``code`` of ``year`` computed by ``method`` with year-end ``thresholds`` and, when given,
    a cumulative plan ({period code: share %}), its points marked as demo values when ``demo``."""
    fy = fiscal_year_ensure(year=year)
    component, _ = Component.objects.get_or_create(
        fiscal_year=fy,
        code="3",
        defaults={"name_th": "Potential Base", "name_en": "Potential Base", "weight": 10},
    )
    indicator = Indicator.objects.create(
        fiscal_year=fy,
        component=component,
        code=code,
        name_th=code,
        method=method,
        unit="%",
        **{f"t{k}": Decimal(t) for k, t in enumerate(thresholds, start=1)},
    )
    for period, share in (plan or {}).items():
        PlanPoint.objects.create(
            indicator=indicator,
            period=Period.objects.get(fiscal_year=fy, code=period),
            share=Decimal(share),
            is_demo=demo,
        )
    return indicator
