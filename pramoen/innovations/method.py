"""The ``innovation`` calculation method: component 2 (Innovation Base) from the host's scored assessments.

For an agency and fiscal year, each of its scored innovations is worth its rubric level, capped by the
year's cap for its kind (new / improved / adopted), plus the year's bonus for every other agency that
adopted it that year and had its adoption scored (spread) — at most 5.  The actual value is the best of
them; the trail names the innovation, its marks and its adopters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pramoen.innovations.models import Innovation
from pramoen.innovations.selectors import criteria_for
from pramoen.innovations.trail import innovation_trail
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where

_Q = Decimal("0.0001")
FIVE = Decimal(5)
KIND_TH = {"new": "นวัตกรรมใหม่", "improved": "ต่อยอดจากของเดิม", "adopted": "นำมาจากหน่วยงานอื่น"}


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def values_for(fiscal_year: int, agency_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    """Each agency's candidate innovations for the year, best first, with the sum that gave each value."""
    criteria = criteria_for(fiscal_year)
    caps = {k: Decimal(str(v)) for k, v in criteria.kind_caps.items()}
    scored = Innovation.objects.filter(state=Innovation.State.SCORED)
    adoptions = scored.filter(fiscal_year=fiscal_year, adopted_from__isnull=False).values_list(
        "adopted_from_id", "agency__name_th"
    )
    adopters: dict[int, list[str]] = defaultdict(list)
    for origin_id, name in adoptions:
        adopters[origin_id].append(name)
    rows = (
        scored.filter(agency_id__in=agency_ids)
        .filter(Q(fiscal_year=fiscal_year) | Q(pk__in=list(adopters)))
        .values_list(
            "pk", "agency_id", "title", "kind", "fiscal_year", "assessment__level", "assessment__marks"
        )
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pk, agency_id, title, kind, year, level, marks in rows:
        cap = caps.get(kind, FIVE)
        base = min(level, cap)
        spread = sorted(set(adopters.get(pk, [])))
        value = min(FIVE, base + criteria.spread_bonus * len(spread)).quantize(_Q, rounding=ROUND_HALF_UP)
        found[agency_id].append(
            {
                "id": pk,
                "title": title,
                "kind": kind,
                "fiscal_year": year,
                "level": str(level),
                "cap": str(cap),
                "marks": marks,
                "adopted_by": spread,
                "bonus": str(criteria.spread_bonus),
                "value": value,
            }
        )
    for items in found.values():
        items.sort(key=lambda i: (-i["value"], i["id"]))
    return found


def _sentence(best: dict[str, Any], count: int) -> str:
    kind = KIND_TH.get(best["kind"], best["kind"])
    parts = [f"นวัตกรรม «{best['title']}» (#{best['id']}, {kind}, ปีงบประมาณ {best['fiscal_year']})"]
    parts.append(f"ระดับจากเกณฑ์ประเมิน {_fmt(Decimal(best['level']))} (สูงสุด {_fmt(Decimal(best['cap']))})")
    if best["adopted_by"]:
        parts.append(
            f"ขยายผลไปยัง {len(best['adopted_by'])} หน่วยงาน ({', '.join(best['adopted_by'])}) "
            f"ได้เพิ่มหน่วยงานละ {_fmt(Decimal(best['bonus']))}"
        )
    parts.append(f"= ระดับ {_fmt(best['value'])}")
    if count > 1:
        parts.append(f"(ดีที่สุดจาก {count} นวัตกรรมที่ได้รับคะแนนแล้ว)")
    return " ".join(parts)


@register
class InnovationMethod(CalculationMethod):
    key = "innovation"
    label = _("Innovation Base: the host's scored assessments")
    computed_from_feed = True

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return innovation_trail(inputs, exclusions, where)

    def compute_many(self, contexts: list[MethodContext]) -> list[MethodResult]:
        by_year: dict[int, set[int]] = defaultdict(set)
        for ctx in contexts:
            by_year[ctx.fiscal_year].add(ctx.agency_id)
        values = {year: values_for(year, ids) for year, ids in by_year.items()}
        results = []
        for ctx in contexts:
            items = values[ctx.fiscal_year].get(ctx.agency_id, [])
            if not items:
                results.append(
                    MethodResult(
                        actual=None,
                        explanation="ยังไม่มีนวัตกรรมของหน่วยงานที่หน่วยงานเจ้าภาพ (สำนักงาน ก.ก.) ประเมินและให้คะแนนแล้ว",
                    )
                )
                continue
            best = items[0]
            inputs = {
                "innovation": best["id"],
                "title": best["title"],
                "kind": best["kind"],
                "marks": best["marks"],
                "level": best["level"],
                "cap": best["cap"],
                "adopted_by": best["adopted_by"],
                "scored_innovations": len(items),
            }
            results.append(
                MethodResult(
                    actual=best["value"], unit="ระดับ", inputs=inputs, explanation=_sentence(best, len(items))
                )
            )
        return results

    def compute(self, ctx: MethodContext) -> MethodResult:
        return self.compute_many([ctx])[0]
