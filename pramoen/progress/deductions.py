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
        checked, deducted, agency_ids = _apply(actor, fiscal_year, clear)
    recompute_now(fiscal_year, agency_ids)
    return DeductionRound(checked, deducted)


def _apply(actor: Any, fiscal_year: FiscalYear, clear: bool) -> tuple[int, int, set[int]]:
    """(plans checked, plans deducted, agencies whose scores change)."""
    agency_ids = adjustments_remove(reference=reference(fiscal_year))
    if clear:
        return 0, 0, agency_ids
    assignments = (
        Assignment.objects.filter(indicator__fiscal_year=fiscal_year, indicator__method__in=PLAN_METHODS)
        .select_related("indicator__fiscal_year", "action_plan")
        .order_by("agency__code", "indicator__code")
    )
    checked = deducted = 0
    for assignment in assignments:
        check = plan_check(assignment, getattr(assignment, "action_plan", None))
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
        agency_ids.add(assignment.agency_id)
        deducted += 1
    return checked, deducted, agency_ids
