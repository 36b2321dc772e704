"""The ``complaints`` calculation method: component 4's complaint KPI for a district office."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import to_thai_digits
from pramoen.feeds.complaints.selectors import district_kpis
from pramoen.orgs.models import District
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register


@register
class ComplaintsMethod(CalculationMethod):
    key = "complaints"
    label = _("complaints resolved (Traffy Fondue)")
    computed_from_feed = True

    def compute(self, ctx: MethodContext) -> MethodResult:
        district = District.objects.filter(office_id=ctx.agency_id).first()
        if district is None:
            return MethodResult(
                actual=None,
                unit="%",
                inputs={"agency_code": ctx.agency_code},
                explanation="หน่วยงานนี้ไม่ใช่สำนักงานเขต จึงไม่มีตัวชี้วัดเรื่องร้องเรียน",
            )
        params = ctx.params or {}
        dedup = params.get("dedup")
        report = district_kpis(
            start=ctx.period_start,
            end=ctx.period_end,
            dedup=None if dedup is None else bool(dedup),
            resolved_states=params.get("resolved_states") or None,
            district_ids=[district.pk],
        )
        row = report["districts"][0]
        kpi = row["kpi_percent"]
        inputs = {
            "district_code": row["code"],
            "start": report["start"],
            "end": report["end"],
            "received": row["received"],
            "counted": row["counted"],
            "resolved": row["resolved"],
            "resolved_states": report["resolved_states"],
            "dedup": report["dedup"],
            "mean_star": row["mean_star"],
            "rated": row["rated"],
            "reopened": row["reopened"],
            "kpi_percent_if_pending_steps_done": row["kpi_percent_if_pending_steps_done"],
        }
        exclusions = {key: {"count": n} for key, n in row["excluded"].items()}
        if kpi is None:
            text = "ไม่มีเรื่องร้องเรียนที่นับได้ในช่วงนี้"
        else:
            text = to_thai_digits(
                f"แก้ไขเสร็จ {row['resolved']:,} จาก {row['counted']:,} เรื่องที่นับ = {kpi:.2f}% "
                f"(รับ {row['received']:,} เรื่อง ไม่นับ {row['received'] - row['counted']:,} เรื่อง)"
            )
        return MethodResult(
            actual=None if kpi is None else Decimal(str(kpi)),
            unit="%",
            inputs=inputs,
            exclusions=exclusions,
            explanation=text,
        )
