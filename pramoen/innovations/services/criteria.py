"""A fiscal year's innovation criteria: the rubric's weights, the highest level of each kind and the bonus
per adopting agency — checked as a whole, saved by the host's head or the evaluation office while no round of
the year has closed; saving re-levels the year's assessments and recomputes component 2 by a job."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.innovations import selectors
from pramoen.innovations.models import Innovation, InnovationAssessment, InnovationCriteria
from pramoen.innovations.services.registry import field_error
from pramoen.orgs.policy import Action, require

WEIGHT_TOTAL = 100  # the rubric's weights are shares of 100
CAP_LOWEST, CAP_HIGHEST = Decimal(1), Decimal(5)  # a kind's highest level lies on the 1–5 scale
BONUS_HIGHEST = Decimal(5)
_CENT = Decimal("0.01")  # caps and the bonus have at most two decimal places (the bonus column's)


@dataclass(frozen=True)
class CriteriaSaved:
    criteria: InnovationCriteria
    changed: bool  # False: these were the criteria in force already, and nothing was written
    relevelled: int  # assessments of the year whose level the new weights moved
    job: Any | None  # the ``innovation_scores`` job recomputing component 2 (jobs.models.Job), if any


def _decimal(raw: Any) -> Decimal | None:
    text = "" if raw is None else str(raw).strip().replace(",", "")
    if not text or len(text) > 20:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal) -> str:
    """4.50 → "4.5", 5.00 → "5" (how the caps are stored)."""
    return format(value.normalize(), "f")


def _shown(raw: Any) -> str:
    text = "" if raw is None else str(raw).strip()
    return text if len(text) <= 20 else text[:20] + "…"


def _clean_criteria(
    rubric: list[dict[str, Any]], weights: Mapping[str, Any], caps: Mapping[str, Any], spread_bonus: Any
) -> tuple[list[dict[str, Any]], dict[str, str], Decimal]:
    """The year's criteria from what a form or an API call gave, or ApplicationError listing every
    problem (field and reason): weights whole numbers 0–100 adding up to 100; each kind's highest level
    1–5 with at most two decimal places, new ≥ improved ≥ adopted; the bonus 0–5, two places."""
    errors: list[dict[str, str]] = []

    def fail(field: str, reason: str) -> None:
        errors.append({"field": field, "reason": reason})

    keys = [str(item["key"]) for item in rubric]
    for key in weights:
        if str(key) not in keys:
            fail(f"weight_{key}", _("Unknown rubric criterion “%(key)s”.") % {"key": _shown(key)})
    clean_rubric: list[dict[str, Any]] = []
    for key in keys:
        label = _("Weight of “%(name)s”") % {"name": selectors.rubric_label(key)}
        raw = weights.get(key)
        value = _decimal(raw)
        if raw is None or str(raw).strip() == "":
            fail(f"weight_{key}", _("%(field)s is required.") % {"field": label})
        elif value is None or value != value.to_integral_value() or not 0 <= value <= WEIGHT_TOTAL:
            fail(
                f"weight_{key}",
                _("%(field)s: “%(value)s” is not a whole number from 0 to 100.")
                % {"field": label, "value": _shown(raw)},
            )
        else:
            clean_rubric.append({"key": key, "weight": int(value)})
    if len(clean_rubric) == len(keys):
        total = sum(int(item["weight"]) for item in clean_rubric)
        if total != WEIGHT_TOTAL:
            fail("weights", _("The weights add up to %(total)s; they must add up to 100.") % {"total": total})

    for kind in caps:
        if str(kind) not in Innovation.Kind.values:
            fail(f"cap_{kind}", _("Unknown kind of innovation “%(kind)s”.") % {"kind": _shown(kind)})
    clean_caps: dict[str, Decimal] = {}
    for kind in Innovation.Kind.values:
        label = _("Highest level for “%(kind)s”") % {"kind": selectors.kind_label(kind)}
        raw = caps.get(kind)
        value = _decimal(raw)
        if raw is None or str(raw).strip() == "":
            fail(f"cap_{kind}", _("%(field)s is required.") % {"field": label})
        elif value is None or value != value.quantize(_CENT) or not CAP_LOWEST <= value <= CAP_HIGHEST:
            fail(
                f"cap_{kind}",
                _("%(field)s: “%(value)s” is not a number from 1 to 5 with at most two decimal places.")
                % {"field": label, "value": _shown(raw)},
            )
        else:
            clean_caps[kind] = value
    order = list(Innovation.Kind.values)  # new, improved, adopted: each may reach no higher than the last
    for higher, lower in pairwise(order):
        if higher in clean_caps and lower in clean_caps and clean_caps[lower] > clean_caps[higher]:
            fail(
                f"cap_{lower}",
                _(
                    "The highest level for “%(lower)s” (%(low)s) is above that for “%(higher)s” (%(high)s): "
                    "an improved innovation may reach no higher than a new one, and an adopted one no "
                    "higher than an improved one."
                )
                % {
                    "lower": selectors.kind_label(lower),
                    "low": _plain(clean_caps[lower]),
                    "higher": selectors.kind_label(higher),
                    "high": _plain(clean_caps[higher]),
                },
            )

    bonus_label = _("Bonus per adopting agency")
    bonus = _decimal(spread_bonus)
    if spread_bonus is None or str(spread_bonus).strip() == "":
        fail("spread_bonus", _("%(field)s is required.") % {"field": bonus_label})
    elif bonus is None or bonus != bonus.quantize(_CENT) or not 0 <= bonus <= BONUS_HIGHEST:
        fail(
            "spread_bonus",
            _("%(field)s: “%(value)s” is not a number from 0 to 5 with at most two decimal places.")
            % {"field": bonus_label, "value": _shown(spread_bonus)},
        )
    if errors:
        raise ApplicationError(
            " ".join(e["reason"] for e in errors),
            {"field": errors[0]["field"], "reason": errors[0]["reason"], "errors": errors},
        )
    assert bonus is not None
    return clean_rubric, {k: _plain(v) for k, v in clean_caps.items()}, bonus.quantize(_CENT)


def _same(
    criteria: InnovationCriteria, rubric: list[dict[str, Any]], caps: dict[str, str], bonus: Decimal
) -> bool:
    def weights(items: list[dict[str, Any]]) -> list[tuple[str, Decimal | None]]:
        return [(str(i["key"]), _decimal(i.get("weight", 1))) for i in items]

    stored_caps = {str(k): _decimal(v) for k, v in (criteria.kind_caps or {}).items()}
    return (
        weights(criteria.rubric) == weights(rubric)
        and stored_caps == {k: Decimal(v) for k, v in caps.items()}
        and Decimal(str(criteria.spread_bonus)) == bonus
    )


@transaction.atomic
def innovation_criteria_save(
    *,
    actor: Any,
    fiscal_year: int,
    weights: Mapping[str, Any],
    caps: Mapping[str, Any],
    spread_bonus: Any,
) -> CriteriaSaved:
    """Set a fiscal year's innovation criteria: the rubric's weights (by criterion key), the highest level
    of each kind (new, improved, adopted) and the bonus per adopting agency — checked as a whole, nothing
    saved on any error.  The host's head or the evaluation office; refused once a round of the year has
    closed (``selectors.criteria_lock``).  New weights re-level the year's assessments from their marks;
    component 2's scores then follow by the ``innovation_scores`` job (a year's recompute takes seconds)."""
    if not isinstance(fiscal_year, int) or not (
        selectors.FIRST_CRITERIA_YEAR <= fiscal_year <= selectors.LAST_CRITERIA_YEAR
    ):
        raise field_error("fiscal_year", _("The fiscal year is a Buddhist Era year such as 2567."))
    require(actor, Action.SET_INNOVATION_CRITERIA, agency=selectors.host_agency(fiscal_year))
    locked = selectors.criteria_lock(fiscal_year)
    if locked is not None:
        raise ApplicationError(locked, {"field": "fiscal_year", "reason": "locked"})
    current = InnovationCriteria.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    criteria = current or InnovationCriteria(fiscal_year=fiscal_year)
    rubric, clean_caps, bonus = _clean_criteria(criteria.rubric, weights, caps, spread_bonus)
    if _same(criteria, rubric, clean_caps, bonus):
        return CriteriaSaved(criteria, changed=False, relevelled=0, job=None)
    weights_moved = [(str(i["key"]), _decimal(i.get("weight", 1))) for i in criteria.rubric] != [
        (i["key"], Decimal(i["weight"])) for i in rubric
    ]
    criteria.rubric = rubric
    criteria.kind_caps = clean_caps
    criteria.spread_bonus = bonus
    criteria.save()  # the audit log records each changed field
    relevelled = 0
    if weights_moved:
        assessments = InnovationAssessment.objects.select_for_update().filter(
            innovation__fiscal_year=fiscal_year
        )
        for assessment in assessments.order_by("pk"):
            level = selectors.weighted_level(assessment.marks or {}, rubric)
            if level is not None and level != assessment.level:
                assessment.level = level
                assessment.save(update_fields=["level"])  # one by one: the audit log records each
                relevelled += 1
    job = None
    if selectors.component2_agencies(fiscal_year):
        from pramoen.jobs.services import job_enqueue

        job = job_enqueue(
            kind="innovation_scores",
            actor=actor,
            params={"fiscal_year": fiscal_year},
            label=_("Component 2 after the innovation criteria of FY %(year)s changed")
            % {"year": fiscal_year},
        )
    return CriteriaSaved(criteria, changed=True, relevelled=relevelled, job=job)
