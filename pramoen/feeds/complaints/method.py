"""The ``complaints`` calculation method: component 4's complaint KPI for a district office."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.core.thai import to_thai_digits
from pramoen.feeds.complaints.selectors import district_kpis
from pramoen.feeds.complaints.trail import complaints_trail
from pramoen.orgs.models import District
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where


@register
class ComplaintsMethod(CalculationMethod):
    key = "complaints"
    label = _("complaints resolved (Traffy Fondue)")
    computed_from_feed = True

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return complaints_trail(inputs, exclusions, where)

    def compute(self, ctx: MethodContext) -> MethodResult:
        return self.compute_many([ctx])[0]

    def compute_many(self, contexts: list[MethodContext]) -> list[MethodResult]:
        """One KPI query per (period, settings) for all the districts asked about, not one per district."""
        offices = dict(
            District.objects.filter(office_id__in={c.agency_id for c in contexts}).values_list(
                "office_id", "pk"
            )
        )
        groups: dict[tuple[Any, ...], list[MethodContext]] = defaultdict(list)
        for ctx in contexts:
            params = ctx.params or {}
            dedup = params.get("dedup")
            states = tuple(params.get("resolved_states") or ())
            groups[(ctx.period_start, ctx.period_end, None if dedup is None else bool(dedup), states)].append(
                ctx
            )
        rows: dict[tuple[Any, ...], tuple[dict[str, Any], dict[str, dict[str, Any]]]] = {}
        for key, members in groups.items():
            start, end, dedup, states = key
            ids = [offices[c.agency_id] for c in members if c.agency_id in offices]
            if not ids:
                continue
            report = district_kpis(
                start=start,
                end=end,
                dedup=dedup,
                resolved_states=list(states) or None,
                district_ids=ids,
                medians=False,  # no score uses them, and they are the window's costliest figure
            )
            by_code = {row["code"]: row for row in report["districts"]}
            rows[key] = (report, by_code)
        codes = dict(District.objects.filter(pk__in=offices.values()).values_list("pk", "code"))
        results = []
        for ctx in contexts:
            if ctx.agency_id not in offices:
                results.append(
                    MethodResult(
                        actual=None,
                        unit="%",
                        inputs={"agency_code": ctx.agency_code},
                        explanation="หน่วยงานนี้ไม่ใช่สำนักงานเขต จึงไม่มีตัวชี้วัดเรื่องร้องเรียน",
                    )
                )
                continue
            params = ctx.params or {}
            dedup = params.get("dedup")
            key = (
                ctx.period_start,
                ctx.period_end,
                None if dedup is None else bool(dedup),
                tuple(params.get("resolved_states") or ()),
            )
            report, by_code = rows[key]
            code = codes[offices[ctx.agency_id]]
            row = by_code[str(code)]  # the KPI report keys districts by geocode text
            results.append(_result(report, row))
        return results


def _result(report: dict[str, Any], row: dict[str, Any]) -> MethodResult:
    kpi = row["kpi_percent"]
    counted = report["stars_place"] == "counted"
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
        "stars_counted": counted,
        "stars_weight": report["stars_weight"],
        "stars_weight_is_demo": report["stars_weight_is_demo"],
        "star_percent": row["star_percent"],
        # the figure of the stars' other place, shown beside the official one
        ("kpi_percent_without_stars" if counted else "kpi_percent_with_stars"): row[
            "kpi_percent_without_stars" if counted else "kpi_percent_with_stars"
        ],
    }
    exclusions = {key: {"count": n} for key, n in row["excluded"].items()}
    return MethodResult(
        actual=None if kpi is None else Decimal(str(kpi)),
        unit="%",
        inputs=inputs,
        exclusions=exclusions,
        explanation=_explanation(row, counted=counted, weight=report["stars_weight"]),
    )


def _explanation(row: dict[str, Any], *, counted: bool, weight: int) -> str:
    """The Thai sentence of the score: the share resolved, and with the stars counted how they enter."""
    kpi = row["kpi_percent"]
    if kpi is None:
        return "ไม่มีเรื่องร้องเรียนที่นับได้ในช่วงนี้"
    plain = row["kpi_percent_without_stars"]
    text = (
        f"แก้ไขเสร็จ {row['resolved']:,} จาก {row['counted']:,} เรื่องที่นับ = {plain:.2f}% "
        f"(รับ {row['received']:,} เรื่อง ไม่นับ {row['received'] - row['counted']:,} เรื่อง)"
    )
    if counted and row["star_percent"] is None:
        text += " ไม่มีเรื่องที่แก้ไขเสร็จได้รับดาว จึงใช้ร้อยละที่แก้ไขเสร็จเป็นผลตัวชี้วัด"
    elif counted:
        text += (
            f"; ดาวเฉลี่ย {row['mean_star']:.2f} จาก 5 ({row['rated']:,} เรื่องที่ให้ดาว) "
            f"= {row['star_percent']:.2f}%; "
            f"ผลตัวชี้วัด = {100 - weight}% × {plain:.2f} + {weight}% × {row['star_percent']:.2f} = {kpi:.2f}%"
        )
    return to_thai_digits(text)
