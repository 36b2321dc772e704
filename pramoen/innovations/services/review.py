"""The host's review of submitted innovations: the rubric assessment, the score that makes an innovation
count in component 2, sending one back, and correcting the grouping by hand.  Only the host (its reviewer or
head) or the evaluation office, never someone of the innovation's own agency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.innovations import selectors
from pramoen.innovations.models import Innovation, InnovationAssessment, InnovationGroup
from pramoen.innovations.services.registry import field_error
from pramoen.orgs.policy import Action, can, require


def _require_assessor(actor: Any, innovation: Innovation) -> None:
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(innovation.fiscal_year))
    if can(actor, Action.EDIT_AGENCY_DATA, agency=innovation.agency_id):
        raise ApplicationError(_("Nobody assesses their own agency's innovation."))


def rubric_level(marks: dict[str, Any], fiscal_year: int) -> tuple[Decimal, dict[str, int]]:
    """The weighted mean of the rubric marks (each a whole number 1–5) under the year's criteria."""
    rubric = selectors.criteria_for(fiscal_year).rubric
    clean: dict[str, int] = {}
    for item in rubric:
        key = str(item["key"])
        raw = marks.get(key)
        try:
            mark = int(str(raw).strip())
        except (TypeError, ValueError):
            mark = 0
        if not 1 <= mark <= 5:
            raise field_error(key, _("Mark “%(name)s” from 1 to 5.") % {"name": selectors.rubric_label(key)})
        clean[key] = mark
    level = selectors.weighted_level(clean, rubric)
    if level is None:
        raise ApplicationError(_("The year's rubric has no weights."))
    return level, clean


@transaction.atomic
def innovation_assess(
    *, actor: Any, innovation: Innovation, marks: dict[str, Any], comment: str = ""
) -> InnovationAssessment:
    _require_assessor(actor, innovation)
    if innovation.state not in (Innovation.State.SUBMITTED, Innovation.State.ASSESSED):
        raise ApplicationError(_("Only a submitted innovation can be assessed."))
    level, clean = rubric_level(marks, innovation.fiscal_year)
    assessment, _created = InnovationAssessment.objects.update_or_create(
        innovation=innovation,
        defaults={
            "marks": clean,
            "level": level,
            "comment": comment.strip(),
            "assessed_by": actor,
            "assessed_at": timezone.now(),
            "scored_by": None,
            "scored_at": None,
        },
    )
    innovation.state = Innovation.State.ASSESSED
    innovation.save(update_fields=["state", "updated_at"])
    return assessment


@transaction.atomic
def innovation_score(*, actor: Any, innovation: Innovation) -> InnovationAssessment:
    """The host confirms the assessment: from now on it counts in component 2."""
    _require_assessor(actor, innovation)
    if innovation.state != Innovation.State.ASSESSED:
        raise ApplicationError(_("Assess the innovation with the rubric before scoring it."))
    assessment = innovation.assessment
    assessment.scored_by = actor
    assessment.scored_at = timezone.now()
    assessment.save(update_fields=["scored_by", "scored_at"])
    innovation.state = Innovation.State.SCORED
    innovation.save(update_fields=["state", "updated_at"])
    _scores_changed(innovation)
    return assessment


@transaction.atomic
def innovation_return(*, actor: Any, innovation: Innovation, comment: str) -> Innovation:
    """The host sends an innovation back to the agency as a draft (a scored one leaves component 2)."""
    _require_assessor(actor, innovation)
    if innovation.state == Innovation.State.DRAFT:
        raise ApplicationError(_("This innovation is already with the agency."))
    if not comment.strip():
        raise field_error("comment", _("Say why the innovation goes back."))
    was_scored = innovation.state == Innovation.State.SCORED
    InnovationAssessment.objects.filter(innovation=innovation).delete()
    innovation.state = Innovation.State.DRAFT
    innovation.save(update_fields=["state", "updated_at"])
    if was_scored:
        _scores_changed(innovation)
    return innovation


def _scores_changed(innovation: Innovation) -> None:
    """An innovation's score moves its agency's and (adoptions count) its origin's component 2."""
    from pramoen.scoring.signals import inputs_changed

    ids = {innovation.agency_id}
    if innovation.adopted_from_id:
        ids.add(Innovation.objects.values_list("agency_id", flat=True).get(pk=innovation.adopted_from_id))
    inputs_changed(fiscal_year=innovation.fiscal_year, agency_ids=ids)


@transaction.atomic
def group_rename(*, actor: Any, group: InnovationGroup, name: str) -> InnovationGroup:
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    if not name.strip():
        raise field_error("name", _("Give the group a name."))
    group.name = name.strip()[:200]
    group.manual = True
    group.save(update_fields=["name", "manual"])
    return group


@transaction.atomic
def innovation_move_group(*, actor: Any, innovation: Innovation, group: InnovationGroup | None) -> Innovation:
    """Correct the grouping by hand: the innovation stays where it was put at the next regrouping."""
    require(actor, Action.ASSESS_INNOVATION, agency=selectors.host_agency(None))
    innovation.group = group
    innovation.group_manual = True
    innovation.save(update_fields=["group", "group_manual", "updated_at"])
    return innovation
