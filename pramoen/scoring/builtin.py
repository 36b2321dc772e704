"""Calculation methods that read verified results reported by agencies (no external feed).

(``survey`` is registered by the surveys feed, ``pramoen.feeds.surveys.method``: it computes satisfaction
from a closed survey's responses and falls back on the reported counts.)

Each computes a whole indicator and period at once over plain figures (``ReportedMethod``): one small
function per score, no context or result object."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.scoring.explain import fmt
from pramoen.scoring.methods import Computed, Figures, ReportedMethod, register

_Q = Decimal("0.0001")
# positions in Figures (VerifiedResult.FIGURES order)
_VALUE, _NUMERATOR, _DENOMINATOR, _MILESTONES = range(4)


def _dec(value: Any) -> Decimal | None:
    if value is None or type(value) is Decimal:
        return value
    return Decimal(str(value))


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(_Q, rounding=ROUND_HALF_UP)


def _no_data(reason: str) -> Computed:
    return None, {}, reason


def _value(figures: Figures | None) -> Computed:
    value = None if figures is None else _dec(figures[_VALUE])
    if value is None:
        return _no_data("ยังไม่มีผลการดำเนินงานที่ผ่านการตรวจสอบ")
    return value, {"value": str(value)}, f"ค่าที่รายงานและผ่านการตรวจสอบ = {fmt(value)}"


def _ratio(figures: Figures | None) -> Computed:
    if figures is None:
        return _no_data("ยังไม่มีตัวตั้งและตัวหารที่ผ่านการตรวจสอบ")
    num, den = _dec(figures[_NUMERATOR]), _dec(figures[_DENOMINATOR])
    if num is None or den is None:
        return _no_data("ยังไม่มีตัวตั้งและตัวหารที่ผ่านการตรวจสอบ")
    if den == 0:
        return _no_data("ตัวหารเป็นศูนย์ จึงคำนวณร้อยละไม่ได้")
    actual = _pct(num, den)
    return (
        actual,
        {"numerator": str(num), "denominator": str(den)},
        f"{fmt(num)} ÷ {fmt(den)} × 100 = ร้อยละ {fmt(actual)}",
    )


def _milestones(figures: Figures | None) -> list[dict[str, Any]]:
    """The steps reported, decoded here from the stored JSON text: only these two methods read them."""
    steps = None if figures is None else figures[_MILESTONES]
    if isinstance(steps, str):
        steps = json.loads(steps)
    return list(steps or [])


def _action_plan(figures: Figures | None) -> Computed:
    steps = _milestones(figures)
    total = sum((Decimal(str(s.get("weight", 0))) for s in steps), Decimal(0))
    if not steps or total <= 0:
        return _no_data("ยังไม่มีความก้าวหน้าตามแผนปฏิบัติการที่ผ่านการตรวจสอบ")
    done = sum(
        (Decimal(str(s.get("weight", 0))) * Decimal(str(s.get("done", 0))) / 100 for s in steps),
        Decimal(0),
    )
    actual = _pct(done, total)
    parts = ", ".join(f"{s.get('name', '?')} {s.get('done', 0)}%×{s.get('weight', 0)}" for s in steps)
    return (
        actual,
        {"milestones": steps},
        f"ความสำเร็จถ่วงน้ำหนักของขั้นตอน ({parts}) = ร้อยละ {fmt(actual)}",
    )


def _milestone_level(figures: Figures | None) -> Computed:
    steps = _milestones(figures)
    if not steps:
        return _no_data("ยังไม่มีความก้าวหน้าตามขั้นตอนที่ผ่านการตรวจสอบ")
    reached = 0
    for level in range(1, 6):
        at_level = [s for s in steps if int(s.get("level", 0)) == level]
        if not at_level or any(Decimal(str(s.get("done", 0))) < 100 for s in at_level):
            break
        reached = level
    return (
        Decimal(reached),
        {"milestones": steps},
        f"ขั้นตอนครบถึงระดับ {reached} (ทุกขั้นตอนของระดับนั้นและระดับก่อนหน้าแล้วเสร็จ)",
    )


@register
class ValueMethod(ReportedMethod):
    key = "value"
    label = _("reported value")

    def compute_figures(self, figures: list[Figures | None]) -> list[Computed]:
        return [_value(f) for f in figures]


@register
class RatioMethod(ReportedMethod):
    key = "ratio"
    label = _("numerator ÷ denominator × 100")
    unit = "%"

    def compute_figures(self, figures: list[Figures | None]) -> list[Computed]:
        return [_ratio(f) for f in figures]


@register
class ActionPlanMethod(ReportedMethod):
    key = "action_plan"
    label = _("action plan: weighted milestone completion (%)")
    unit = "%"

    def compute_figures(self, figures: list[Figures | None]) -> list[Computed]:
        return [_action_plan(f) for f in figures]


@register
class MilestoneLevelMethod(ReportedMethod):
    key = "milestone_level"
    label = _("milestone level: highest level whose milestones are all done")
    unit = "ระดับ"

    def compute_figures(self, figures: list[Figures | None]) -> list[Computed]:
        return [_milestone_level(f) for f in figures]
