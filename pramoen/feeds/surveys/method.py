"""The ``survey`` calculation method: satisfaction computed from a closed survey's responses.

For an assignment and period, the survey used is the latest closed survey of the indicator whose period
ends on or before the period's end; the figure is its responses for the agency (all participants' for a
joint KPI) by the survey's rule — top-two-box share or mean over 5.  Where the indicator has no closed
survey yet, the satisfied/responses counts the agency reported and the evaluation office verified are used,
as before surveys were run in pramoen."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pramoen.feeds.surveys.models import Survey
from pramoen.feeds.surveys.selectors import answers_by_agency, required_sample, satisfaction
from pramoen.feeds.surveys.trail import survey_trail
from pramoen.scoring.methods import CalculationMethod, MethodContext, MethodResult, register
from pramoen.scoring.trail import Trail, Where

_Q = Decimal("0.0001")
RULE_TH: dict[str, str] = {
    Survey.Rule.TOP_TWO_BOX: "สัดส่วนคำตอบระดับ 4–5",
    Survey.Rule.MEAN: "ค่าเฉลี่ยจากคะแนนเต็ม 5",
}


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def from_reported(reported: dict[str, Any] | None) -> MethodResult:
    responses = (reported or {}).get("survey_responses")
    satisfied = (reported or {}).get("survey_satisfied") or 0
    if not responses:
        return MethodResult(actual=None, explanation="ยังไม่มีผลการสำรวจความพึงพอใจ")
    actual = (Decimal(satisfied) * 100 / Decimal(responses)).quantize(_Q, rounding=ROUND_HALF_UP)
    return MethodResult(
        actual=actual,
        unit="%",
        inputs={"responses": responses, "satisfied": satisfied},
        explanation=f"ผู้ตอบพึงพอใจ {satisfied:,} จาก {responses:,} คน = ร้อยละ {_fmt(actual)}",
    )


def from_survey(survey: Survey, rows: list[dict[str, Any]], everyone: int) -> MethodResult:
    """``rows``: the responses about this agency; ``everyone``: the survey's responses in all, which the
    sample size is about."""
    figure = satisfaction(survey, rows)
    sample = required_sample(survey)
    inputs: dict[str, Any] = {
        "survey": survey.pk,
        "survey_title": survey.title,
        "rule": survey.rule,
        "responses": figure.responses,
        "answers": figure.answers,
        "top_two": figure.top_two,
        "sample_size": sample,
        "survey_responses": everyone,
    }
    notes = []
    if everyone != figure.responses:
        notes.append(f"ทั้งแบบสำรวจ {everyone:,} คน")
    if sample:
        notes.append(f"ขนาดตัวอย่างที่ต้องการ {sample:,} คน" + ("" if everyone >= sample else " — ยังไม่ครบ"))
    head = f"แบบสำรวจ «{survey.title}» (#{survey.pk}) ปิดรับแล้ว: ผู้ตอบ {figure.responses:,} คน"
    if notes:
        head += f" ({'; '.join(notes)})"
    if figure.percent is None:
        return MethodResult(actual=None, inputs=inputs, explanation=head + " ยังไม่มีคำตอบแบบ 5 ระดับ")
    if survey.rule == Survey.Rule.MEAN:
        how = f"ค่าเฉลี่ย {_fmt(figure.mean or Decimal(0))} จาก 5 × 100 ÷ 5 = ร้อยละ {_fmt(figure.percent)}"
    else:
        how = (
            f"คำตอบระดับ 4–5 จำนวน {figure.top_two:,} จาก {figure.answers:,} คำตอบ "
            f"= ร้อยละ {_fmt(figure.percent)}"
        )
    return MethodResult(
        actual=figure.percent, unit="%", inputs=inputs, explanation=f"{head}; {RULE_TH[survey.rule]}: {how}"
    )


@register
class SurveyMethod(CalculationMethod):
    key = "survey"
    label = _("satisfaction survey: percentage satisfied")

    def trail(self, inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
        return survey_trail(inputs, exclusions, where)

    def compute_many(self, contexts: list[MethodContext]) -> list[MethodResult]:
        keys = {(c.fiscal_year, c.indicator_code) for c in contexts}
        closed: dict[tuple[int, str], list[Survey]] = {}
        for year, code in keys:
            closed[(year, code)] = list(
                Survey.objects.filter(
                    state=Survey.State.CLOSED, indicator__fiscal_year__year=year, indicator__code=code
                )
                .select_related("period")
                .order_by("-period__end", "-closed_at", "-pk")
            )
        answers: dict[int, dict[int, list[dict[str, Any]]]] = {}
        results = []
        for ctx in contexts:
            survey = next(
                (s for s in closed[(ctx.fiscal_year, ctx.indicator_code)] if s.period.end <= ctx.period_end),
                None,
            )
            if survey is None:
                results.append(from_reported(ctx.reported))
                continue
            if survey.pk not in answers:
                answers[survey.pk] = answers_by_agency(survey)
            agencies = ctx.joint_agency_ids or (ctx.agency_id,)
            rows = [r for a in agencies for r in answers[survey.pk].get(a, [])]
            everyone = sum(len(v) for v in answers[survey.pk].values())
            results.append(from_survey(survey, rows, everyone))
        return results

    def compute(self, ctx: MethodContext) -> MethodResult:
        return self.compute_many([ctx])[0]
