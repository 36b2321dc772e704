"""What a slot of agencies needs to be scored, read per period in one query: each assignment's target, its
verified result and the fingerprint of its stored score (one pass over the assignments instead of three).

A verified result is kept as the plain tuple of its figures (``Figures``, in ``REPORTED_FIELDS`` order) with
the milestones still JSON text: only the methods that use milestones decode them (``reported`` builds the
dict a ``MethodContext`` carries, milestones decoded)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import F, FilteredRelation, Q, TextField
from django.db.models.functions import Cast

from pramoen.framework.models import Assignment, FiscalYear
from pramoen.scoring.methods import Figures
from pramoen.scoring.models import VerifiedResult

REPORTED_FIELDS = VerifiedResult.FIGURES
MILESTONES = REPORTED_FIELDS.index("milestones")
SOURCE = REPORTED_FIELDS.index("source")
Key = tuple[int, int]  # (assignment id, period id)
T = TypeVar("T")


def joint_source(members: Sequence[T], role_of: Callable[[T], str]) -> T:
    """The participant whose figures score a joint KPI for everyone: its host, else the first assigned
    (``members`` in assignment order).  The engine scores by it and the explain page reads it back."""
    return next((m for m in members if role_of(m) == Assignment.Role.HOST), members[0])


def milestones(figures: Figures) -> Any:
    """The decoded milestones of a verified result (a list of steps as stored)."""
    text = figures[MILESTONES]
    return [] if text is None else json.loads(text)


def reported(key: Key, figures: Figures) -> dict[str, Any]:
    """The verified result as ``MethodContext.reported`` gives it: figures by name, milestones decoded."""
    out: dict[str, Any] = {"assignment_id": key[0], "period_id": key[1]}
    out.update(zip(REPORTED_FIELDS, figures, strict=True))
    out["milestones"] = milestones(figures)
    return out


def _figure_columns(prefix: str) -> list[Any]:
    """The figures to select, milestones as JSON text (decoded only by the methods that use them)."""
    return [
        Cast(F(f"{prefix}{f}"), TextField()) if f == "milestones" else F(f"{prefix}{f}")
        for f in REPORTED_FIELDS
    ]


def verified_figures(assignment_ids: Iterable[int], period_ids: Iterable[int]) -> dict[Key, Figures]:
    """The figures of these assignments' verified results (a joint KPI's host outside the slot)."""
    rows = (
        VerifiedResult.objects.filter(assignment_id__in=list(assignment_ids), period_id__in=list(period_ids))
        .order_by()
        .values_list("assignment_id", "period_id", *_figure_columns(""))
    )
    return {(a, p): tuple(figures) for a, p, *figures in rows}


def slot_inputs(
    fy: FiscalYear, agency_ids: Iterable[int], period_ids: Iterable[int]
) -> tuple[dict[Key, Decimal | None], dict[Key, Figures], dict[Key, str]]:
    """(targets, verified results' figures, fingerprints of stored scores) of these agencies' assignments."""
    targets: dict[Key, Decimal | None] = {}
    verified: dict[Key, Figures] = {}
    existing: dict[Key, str] = {}
    # Filter by agency (a short list) rather than by thousands of assignment ids: big IN lists are slow.
    assigned = Assignment.objects.filter(indicator__fiscal_year=fy, agency_id__in=list(agency_ids)).order_by()
    for pid in period_ids:
        rows = assigned.annotate(
            t=FilteredRelation("targets", condition=Q(targets__period_id=pid)),
            v=FilteredRelation("verified_results", condition=Q(verified_results__period_id=pid)),
            s=FilteredRelation("scores", condition=Q(scores__period_id=pid)),
        ).values_list("pk", "t__id", "t__value", "v__id", *_figure_columns("v__"), "s__fingerprint")
        for pk, target_id, target, verified_id, *figures, fingerprint in rows:
            if target_id is not None:
                targets[(pk, pid)] = target
            if verified_id is not None:
                verified[(pk, pid)] = tuple(figures)
            if fingerprint is not None:
                existing[(pk, pid)] = fingerprint
    return targets, verified, existing
