"""The deduction for incomplete action plans, applied by the evaluation office.

The seed: plans lacking a target, steps, dates or the level each step unlocks lose points.  When the
evaluation office applies the year's plan check (after the plans are due), every assignment computed
from its plan (``action_plan``, ``milestone_level``) whose plan is incomplete — or missing — gets a
score adjustment taking the year's deduction (``YearRules.incomplete_plan_deduction``) off its score in
every period, with the reasons in the score's trail.  Applying again replaces the previous round, so a
plan completed since then stops losing points; ``clear`` lifts them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from pramoen.framework.models import Assignment, FiscalYear
from pramoen.orgs.policy import Action, require
from pramoen.progress.plans import plan_check
from pramoen.scoring import signals
from pramoen.scoring.adjust import adjustment_add, adjustments_remove, recompute_now
from pramoen.scoring.models import ScoreAdjustment

PLAN_METHODS = ("action_plan", "milestone_level")


def reference(fiscal_year: FiscalYear) -> str:
    return f"PLAN-{fiscal_year.year}"


@dataclass(frozen=True)
class DeductionRound:
    checked: int
    deducted: int


@transaction.atomic
def plan_deductions_apply(*, actor: Any, fiscal_year: FiscalYear, clear: bool = False) -> DeductionRound:
    """Deduct points from every plan-computed assignment whose plan is incomplete (evaluation officers)."""
    require(actor, Action.VERIFY_RESULTS)
    with signals.paused():  # recomputed once, below
        touched = _apply(actor, fiscal_year, clear)
    recompute_now(fiscal_year, {a.agency_id for a in touched[2]})
    return DeductionRound(touched[0], touched[1])


def _apply(actor: Any, fiscal_year: FiscalYear, clear: bool) -> tuple[int, int, list[Assignment]]:
    before = [
        a.assignment
        for a in ScoreAdjustment.objects.filter(reference=reference(fiscal_year)).select_related("assignment")
    ]
    adjustments_remove(reference=reference(fiscal_year))
    if clear:
        return 0, 0, before
    assignments = (
        Assignment.objects.filter(indicator__fiscal_year=fiscal_year, indicator__method__in=PLAN_METHODS)
        .select_related("indicator__fiscal_year", "action_plan")
        .order_by("agency__code", "indicator__code")
    )
    checked = deducted = 0
    touched = list(before)
    for assignment in assignments:
        plan = getattr(assignment, "action_plan", None)
        check = plan_check(assignment, plan)
        checked += 1
        if check.complete or check.deduction <= 0:
            continue
        adjustment_add(
            assignment=assignment,
            kind=ScoreAdjustment.Kind.DEDUCT,
            reference=reference(fiscal_year),
            summary="แผนปฏิบัติการไม่ครบถ้วน (" + "; ".join(check.problems) + ")",
            decided_by=actor,
            value=check.deduction,
        )
        touched.append(assignment)
        deducted += 1
    return checked, deducted, touched
