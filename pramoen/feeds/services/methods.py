"""``online_services``: KPI 3.1 for district offices — online (BMA OSS) ÷ all applications × 100."""

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
from pramoen.orgs.models import Agency
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where


@register
class OnlineServices(CalculationMethod):
    """params: ``exclude_processes`` (process codes left out, e.g. after an approved appeal).  The level
    and score come from the indicator's criteria for the period (framework.criteria), as for any KPI."""

    key = "online_services"
    label = _("share of services used online (BMA OSS)")
    computed_from_feed = True

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return services_trail(inputs, exclusions, where)

    def compute(self, ctx: MethodContext) -> MethodResult:
        kind = Agency.objects.filter(pk=ctx.agency_id).values_list("kind", flat=True).first()
        with translation.override("th"):
            if kind != Agency.Kind.DISTRICT_OFFICE:
                return MethodResult(
                    None, "%", {"agency": ctx.agency_code}, {},
                    gettext("The online-service share is measured for district offices only."),
                )  # fmt: skip
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
