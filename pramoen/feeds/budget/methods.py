"""``budget_disbursement``: KPI 3.2 — disbursed ÷ (approved + transfers in − transfers out) × 100."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import format_date
from pramoen.feeds.budget import selectors
from pramoen.feeds.budget.trail import budget_trail
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


@register
class BudgetDisbursement(CalculationMethod):
    """Cumulative from 1 October to ``period_end``.  params: ``exclude`` ({reason: bool}) overrides the
    fiscal year's exclusions (personnel, welfare, supplementary, government_subsidy, carried_over).
    Lines excluded by an approved appeal are always left out (reason ``appeal``).  The level and score
    come from the indicator's criteria for the period (framework.criteria), as for any KPI."""

    key = "budget_disbursement"
    label = _("budget disbursement")
    computed_from_feed = True

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return budget_trail(inputs, exclusions, where)

    def compute(self, ctx: MethodContext) -> MethodResult:
        rules = selectors.rules_for(ctx.fiscal_year)
        overrides = {str(k): bool(v) for k, v in dict(ctx.params.get("exclude", {})).items()}
        figure = selectors.disbursement(
            agency_id=ctx.agency_id,
            fiscal_year=ctx.fiscal_year,
            as_of=ctx.period_end,
            rules=rules,
            overrides=overrides,
        )
        actual = figure.percent
        inputs: dict[str, Any] = {
            "as_of": ctx.period_end.isoformat(),
            "approved": _money(figure.approved),
            "transfer_in": _money(figure.transfer_in),
            "transfer_out": _money(figure.transfer_out),
            "budget_after_transfers": _money(figure.base),
            "committed": _money(figure.committed),
            "disbursed": _money(figure.disbursed),
            "lines": [f.line.code for f in figure.lines if not f.excluded],
            "excluded_reasons": sorted(k for k, v in {**rules.excluded_reasons(), **overrides}.items() if v),
        }
        exclusions = {
            reason: {**group, "budget": _money(group["budget"]), "disbursed": _money(group["disbursed"])}
            for reason, group in figure.exclusions.items()
        }
        with translation.override("th"):
            if actual is None:
                return MethodResult(
                    None, "%", inputs, exclusions, gettext("No budget lines count for this period.")
                )
            explanation = gettext(
                "Disbursed %(disbursed)s baht by %(date)s of %(base)s baht after transfers: "
                "%(disbursed)s ÷ %(base)s × 100 = %(percent)s %%."
            ) % {
                "disbursed": f"{figure.disbursed:,.2f}",
                "base": f"{figure.base:,.2f}",
                "date": format_date(ctx.period_end),
                "percent": f"{actual:.2f}",
            }
        return MethodResult(actual, "%", inputs, exclusions, explanation)
