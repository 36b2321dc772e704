"""Action plans: save the milestones of an assignment's plan and check the plan is complete.

The seed: plans lacking a target, steps, dates or the level each step unlocks lose points.  The
deduction is set per fiscal year (``YearRules.incomplete_plan_deduction``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pramoen.core import audit
from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.framework.models import Assignment, Target
from pramoen.orgs.policy import Action, require
from pramoen.progress.models import ActionPlan, Milestone
from pramoen.progress.periods import rules_for


@dataclass
class MilestoneInput:
    name: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    weight: Decimal
    level: int | None
    status: str = Milestone.Status.NOT_STARTED


@dataclass(frozen=True)
class PlanCheck:
    problems: list[str]
    deduction: Decimal

    @property
    def complete(self) -> bool:
        return not self.problems


def plan_check(assignment: Assignment, plan: ActionPlan | None = None) -> PlanCheck:
    plan = plan if plan is not None else ActionPlan.objects.filter(assignment=assignment).first()
    problems: list[str] = []
    has_target = Target.objects.filter(assignment=assignment).exists()
    if not has_target and not (plan and plan.target_text.strip()):
        problems.append(_("no target"))
    milestones = list(plan.milestones.all()) if plan else []
    if not milestones:
        problems.append(_("no steps"))
    for n, m in enumerate(milestones, start=1):
        if m.planned_start is None or m.planned_end is None:
            problems.append(_("step %(n)s has no planned dates") % {"n": n})
    if milestones and sum((m.weight for m in milestones), Decimal(0)) != 100:
        problems.append(_("step weights do not add up to 100"))
    if assignment.indicator.method == "milestone_level" and milestones:
        levels = {m.level for m in milestones}
        if None in levels:
            problems.append(_("a step has no level"))
        missing = sorted(set(range(1, 6)) - levels)
        if missing:
            problems.append(
                _("no step unlocks level %(levels)s") % {"levels": ", ".join(str(x) for x in missing)}
            )
    deduction = (
        rules_for(assignment.indicator.fiscal_year_id).incomplete_plan_deduction if problems else Decimal(0)
    )
    return PlanCheck(problems=problems, deduction=deduction)


@transaction.atomic
def plan_save(
    *,
    actor: Any,
    assignment: Assignment,
    version: int | None,
    target_text: str,
    milestones: list[MilestoneInput],
) -> ActionPlan:
    """Replace the plan's milestones; ``version`` guards against overwriting someone else's save."""
    require(actor, Action.EDIT_AGENCY_DATA, agency=assignment.agency_id)
    for n, m in enumerate(milestones, start=1):
        if not m.name.strip():
            raise ApplicationError(_("Row %(row)s, column step: the name is empty.") % {"row": n}, {"row": n})
        if m.planned_start and m.planned_end and m.planned_start > m.planned_end:
            raise ApplicationError(
                _("Row %(row)s, column planned end: before the planned start.") % {"row": n},
                {"row": n, "field": "planned_end"},
            )
        if m.level is not None and not 1 <= m.level <= 5:
            raise ApplicationError(
                _("Row %(row)s, column level: must be 1 to 5.") % {"row": n}, {"row": n, "field": "level"}
            )
        if m.weight < 0:
            raise ApplicationError(
                _("Row %(row)s, column weight: must not be negative.") % {"row": n},
                {"row": n, "field": "weight"},
            )
    plan, created = ActionPlan.objects.get_or_create(assignment=assignment)
    if not created:
        if version is None or not ActionPlan.objects.filter(pk=plan.pk, version=version).update(
            version=F("version") + 1, target_text=target_text
        ):
            raise ApplicationError(
                _("Someone else saved this plan after you opened it; reload the page."),
                {"reason": "conflict"},
            )
        audit.record(AuditEntry.Action.UPDATE, plan, {"target_text": [plan.target_text, target_text]})
        plan.refresh_from_db()
    else:
        plan.target_text = target_text
        plan.save(update_fields=["target_text"])
    for old in plan.milestones.all():
        old.delete()
    for order, m in enumerate(milestones):
        Milestone.objects.create(
            plan=plan,
            order=order,
            name=m.name.strip(),
            planned_start=m.planned_start,
            planned_end=m.planned_end,
            weight=m.weight,
            level=m.level,
            status=m.status,
        )
    return plan
