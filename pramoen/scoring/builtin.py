"""Calculation methods that read verified results reported by agencies (no external feed)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.scoring.explain import fmt
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register

_Q = Decimal("0.0001")


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(_Q, rounding=ROUND_HALF_UP)


def _no_data(reason: str) -> MethodResult:
    return MethodResult(actual=None, explanation=reason)


@register
class ValueMethod(CalculationMethod):
    key = "value"
    label = _("reported value")

    def compute(self, ctx: MethodContext) -> MethodResult:
        value = _dec((ctx.reported or {}).get("value"))
        if value is None:
            return _no_data("ยังไม่มีผลการดำเนินงานที่ผ่านการตรวจสอบ")
        return MethodResult(
            actual=value,
            inputs={"value": str(value)},
            explanation=f"ค่าที่รายงานและผ่านการตรวจสอบ = {fmt(value)}",
        )


@register
class RatioMethod(CalculationMethod):
    key = "ratio"
    label = _("numerator ÷ denominator × 100")

    def compute(self, ctx: MethodContext) -> MethodResult:
        reported = ctx.reported or {}
        num, den = _dec(reported.get("numerator")), _dec(reported.get("denominator"))
        if num is None or den is None:
            return _no_data("ยังไม่มีตัวตั้งและตัวหารที่ผ่านการตรวจสอบ")
        if den == 0:
            return _no_data("ตัวหารเป็นศูนย์ จึงคำนวณร้อยละไม่ได้")
        actual = _pct(num, den)
        return MethodResult(
            actual=actual,
            unit="%",
            inputs={"numerator": str(num), "denominator": str(den)},
            explanation=f"{fmt(num)} ÷ {fmt(den)} × 100 = ร้อยละ {fmt(actual)}",
        )


@register
class SurveyMethod(CalculationMethod):
    key = "survey"
    label = _("satisfaction survey: percentage satisfied")

    def compute(self, ctx: MethodContext) -> MethodResult:
        reported = ctx.reported or {}
        responses, satisfied = reported.get("survey_responses"), reported.get("survey_satisfied")
        if not responses:
            return _no_data("ยังไม่มีผลการสำรวจความพึงพอใจ")
        actual = _pct(Decimal(satisfied or 0), Decimal(responses))
        return MethodResult(
            actual=actual,
            unit="%",
            inputs={"responses": responses, "satisfied": satisfied},
            explanation=f"ผู้ตอบพึงพอใจ {satisfied:,} จาก {responses:,} คน = ร้อยละ {fmt(actual)}",
        )


def _milestones(ctx: MethodContext) -> list[dict[str, Any]]:
    return list((ctx.reported or {}).get("milestones") or [])


@register
class ActionPlanMethod(CalculationMethod):
    key = "action_plan"
    label = _("action plan: weighted milestone completion (%)")

    def compute(self, ctx: MethodContext) -> MethodResult:
        steps = _milestones(ctx)
        total = sum((Decimal(str(s.get("weight", 0))) for s in steps), Decimal(0))
        if not steps or total <= 0:
            return _no_data("ยังไม่มีความก้าวหน้าตามแผนปฏิบัติการที่ผ่านการตรวจสอบ")
        done = sum(
            (Decimal(str(s.get("weight", 0))) * Decimal(str(s.get("done", 0))) / 100 for s in steps),
            Decimal(0),
        )
        actual = _pct(done, total)
        parts = ", ".join(f"{s.get('name', '?')} {s.get('done', 0)}%×{s.get('weight', 0)}" for s in steps)
        return MethodResult(
            actual=actual,
            unit="%",
            inputs={"milestones": steps},
            explanation=f"ความสำเร็จถ่วงน้ำหนักของขั้นตอน ({parts}) = ร้อยละ {fmt(actual)}",
        )


@register
class MilestoneLevelMethod(CalculationMethod):
    key = "milestone_level"
    label = _("milestone level: highest level whose milestones are all done")

    def compute(self, ctx: MethodContext) -> MethodResult:
        steps = _milestones(ctx)
        if not steps:
            return _no_data("ยังไม่มีความก้าวหน้าตามขั้นตอนที่ผ่านการตรวจสอบ")
        reached = 0
        for level in range(1, 6):
            at_level = [s for s in steps if int(s.get("level", 0)) == level]
            if not at_level or any(Decimal(str(s.get("done", 0))) < 100 for s in at_level):
                break
            reached = level
        return MethodResult(
            actual=Decimal(reached),
            unit="ระดับ",
            inputs={"milestones": steps},
            explanation=f"ขั้นตอนครบถึงระดับ {reached} (ทุกขั้นตอนของระดับนั้นและระดับก่อนหน้าแล้วเสร็จ)",
        )
