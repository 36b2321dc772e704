"""What a slot of agencies needs to be scored, read per period in one query: each assignment's target, its
verified result and the fingerprint of its stored score (one pass over the assignments instead of three)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import FilteredRelation, Q

from pramoen.framework.models import Assignment, FiscalYear
from pramoen.scoring.models import VerifiedResult

REPORTED_FIELDS = VerifiedResult.FIGURES
_REPORTED = [f"v__{f}" for f in REPORTED_FIELDS]
Key = tuple[int, int]  # (assignment id, period id)
T = TypeVar("T")


def joint_source(members: Sequence[T], role_of: Callable[[T], str]) -> T:
    """The participant whose figures score a joint KPI for everyone: its host, else the first assigned
    (``members`` in assignment order).  The engine scores by it and the explain page reads it back."""
    return next((m for m in members if role_of(m) == Assignment.Role.HOST), members[0])


def slot_inputs(
    fy: FiscalYear, agency_ids: Iterable[int], period_ids: Iterable[int]
) -> tuple[dict[Key, Decimal | None], dict[Key, dict[str, Any]], dict[Key, str]]:
    """(targets, verified results, fingerprints of stored scores) of these agencies' assignments."""
    targets: dict[Key, Decimal | None] = {}
    verified: dict[Key, dict[str, Any]] = {}
    existing: dict[Key, str] = {}
    # Filter by agency (a short list) rather than by thousands of assignment ids: big IN lists are slow.
    assigned = Assignment.objects.filter(indicator__fiscal_year=fy, agency_id__in=list(agency_ids)).order_by()
    for pid in period_ids:
        rows = assigned.annotate(
            t=FilteredRelation("targets", condition=Q(targets__period_id=pid)),
            v=FilteredRelation("verified_results", condition=Q(verified_results__period_id=pid)),
            s=FilteredRelation("scores", condition=Q(scores__period_id=pid)),
        ).values_list(
            "pk", "t__id", "t__value", "v__id", *(f"v__{f}" for f in REPORTED_FIELDS), "s__fingerprint"
        )
        for pk, target_id, target, verified_id, *figures, fingerprint in rows:
            if target_id is not None:
                targets[(pk, pid)] = target
            if verified_id is not None:
                reported = {"assignment_id": pk, "period_id": pid}
                reported.update(zip(REPORTED_FIELDS, figures, strict=True))
                verified[(pk, pid)] = reported
            if fingerprint is not None:
                existing[(pk, pid)] = fingerprint
    return targets, verified, existing
