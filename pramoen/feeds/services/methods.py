"""``online_services``: KPI 3.1.  District offices: online (BMA OSS) ÷ all applications × 100.  Bureaus
and offices: the mean over the digital systems of the share of the agency's accounts used (pramoen's
reading, pramoen.feeds.services.usage; the seed gives no formula)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Sum
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import format_date
from pramoen.feeds.services import selectors
from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.trail import services_trail
from pramoen.feeds.services.usage import system_figures, systems_measure, usage_records
from pramoen.orgs.models import Agency
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where


@register
class OnlineServices(CalculationMethod):
    """params: ``exclude_processes`` (process codes left out, e.g. after an approved appeal).  The level
    and score come from the indicator's criteria for the period (framework.criteria), as for any KPI."""

    key = "online_services"
    label = _("share of services used online (BMA OSS) or of accounts used on the digital systems")
    computed_from_feed = True

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return services_trail(inputs, exclusions, where)

    def compute(self, ctx: MethodContext) -> MethodResult:
        kind = Agency.objects.filter(pk=ctx.agency_id).values_list("kind", flat=True).first()
        with translation.override("th"):
            if kind != Agency.Kind.DISTRICT_OFFICE:
                return systems_result(ctx)
            excluded = [str(c) for c in ctx.params.get("exclude_processes", [])]
            figures = selectors.share_figures(
                agency_id=ctx.agency_id,
                start=ctx.period_start,
                end=ctx.period_end,
                exclude_processes=excluded,
            )
            per_import = dict(
                selectors._records(ctx.agency_id, ctx.period_start, ctx.period_end)
                .values("batch_id")
                .annotate(n=Count("pk"))
                .values_list("batch_id", "n")
            )
            inputs = {
                "online": figures.online,
                "counter": figures.counter,
                "other": figures.other,
                "total": figures.total,
                "period_start": ctx.period_start.isoformat(),
                "period_end": ctx.period_end.isoformat(),
                "records": sum(per_import.values()),
                "imports": sorted(b for b in per_import if b is not None),
            }
            exclusions = {}
            if excluded:
                left_out = (
                    ServiceRecord.objects.filter(
                        agency_id=ctx.agency_id,
                        month__gte=ctx.period_start.replace(day=1),
                        month__lte=ctx.period_end,
                        process__code__in=excluded,
                    ).aggregate(n=Sum("count"))["n"]
                    or 0
                )
                exclusions["process"] = {
                    "count": len(excluded),
                    "codes": excluded,
                    "applications": int(left_out),
                }
            period = f"{format_date(ctx.period_start)} – {format_date(ctx.period_end)}"
            share = figures.share
            if share is None:
                return MethodResult(
                    None, "%", inputs, exclusions,
                    gettext("No service records for %(period)s.") % {"period": period},
                )  # fmt: skip
            explanation = gettext(
                "%(online)s of %(total)s applications (%(period)s) were made online through BMA OSS: "
                "%(online)s ÷ %(total)s × 100 = %(share)s %%."
            ) % {
                "online": f"{figures.online:,}",
                "total": f"{figures.total:,}",
                "period": period,
                "share": f"{share:.2f}",
            }
        return MethodResult(share, "%", inputs, exclusions, explanation)


def systems_result(ctx: MethodContext) -> MethodResult:
    """3.1 for a bureau or office: for each system, accounts used ÷ accounts over the period's months;
    the mean of those shares (pramoen's reading, docs/services.md).  Called with Thai active."""
    figures = system_figures(agency_id=ctx.agency_id, start=ctx.period_start, end=ctx.period_end)
    per_import = dict(
        usage_records(ctx.agency_id, ctx.period_start, ctx.period_end)
        .values("batch_id")
        .annotate(n=Count("pk"))
        .values_list("batch_id", "n")
    )
    inputs: dict[str, Any] = {
        "measure": "systems",
        "period_start": ctx.period_start.isoformat(),
        "period_end": ctx.period_end.isoformat(),
        "systems": [
            {
                "system": f.system.code,
                "accounts": f.accounts,
                "active": f.active,
                "months": f.months,
                "share": str(f.share) if f.share is not None else None,
            }
            for f in figures
        ],
        "records": sum(per_import.values()),
        "imports": sorted(b for b in per_import if b is not None),
    }
    period = f"{format_date(ctx.period_start)} – {format_date(ctx.period_end)}"
    measure = systems_measure(figures)
    if measure is None:
        return MethodResult(
            None, "%", inputs, {},
            gettext("No records of the digital systems' use for %(period)s.") % {"period": period},
        )  # fmt: skip
    explanation = gettext(
        "pramoen's reading (the seed gives no formula): for each of %(n)s systems, the accounts used over "
        "the months of %(period)s ÷ the accounts × 100; 3.1 is their mean: %(shares)s → %(mean)s %%."
    ) % {
        "n": len(figures),
        "period": period,
        "shares": ", ".join(f"{f.system.name_th} {f.share:.2f} %" for f in figures),
        "mean": f"{measure:.2f}",
    }
    return MethodResult(measure, "%", inputs, {}, explanation)
