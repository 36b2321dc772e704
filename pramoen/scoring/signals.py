"""Recompute automatically when a score's inputs change.

Changes are collected per transaction and recomputed once, on commit, for the agencies and periods they
touch — so loading a thousand verified results costs one recompute, not a thousand.  Feeds call
``inputs_changed()`` after an import."""

from __future__ import annotations

import contextlib
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pramoen.framework.models import Assignment, FiscalYear, Indicator, PeriodCriteria, PlanPoint, Target
from pramoen.scoring.models import VerifiedResult

_state = threading.local()


def _pending() -> dict[int, dict[int, set[str] | None]]:
    if not hasattr(_state, "pending"):
        _state.pending = defaultdict(dict)
    return _state.pending


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Collect nothing inside the block: for loaders that recompute explicitly once they are done."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def inputs_changed(
    *, fiscal_year: int, agency_ids: Iterable[int], period_codes: Iterable[str] | None = None
) -> None:
    """Schedule a recompute of these agencies (all periods when ``period_codes`` is None) after commit."""
    if getattr(_state, "paused", False):
        return
    pending = _pending()
    year = pending[fiscal_year]
    for agency_id in agency_ids:
        if period_codes is None:
            year[agency_id] = None
        elif year.get(agency_id, set()) is not None:
            year.setdefault(agency_id, set()).update(period_codes)  # type: ignore[union-attr]
    # One callback per change: the first to run takes all pending work, the rest find nothing to do.
    # (Pending work of a rolled-back transaction is recomputed at the next commit: harmless.)
    transaction.on_commit(_flush)


def recompute_now(*, fiscal_year: int, agency_ids: Iterable[int]) -> int:
    """Recompute these agencies now, in every period of the year that already has a score, a verified
    result or a target (a period nobody scored stays without rows); returns how many scores changed.
    For work too long to wait for on commit: a job calls it (innovations' ``innovation_scores``)."""
    from pramoen.scoring.engine import recompute_agencies
    from pramoen.scoring.models import ScoreResult

    ids = list(agency_ids)
    if not ids or not FiscalYear.objects.filter(year=fiscal_year).exists():
        return 0
    scope = {"assignment__agency_id__in": ids, "period__fiscal_year__year": fiscal_year}
    codes: set[str] = set()
    for model in (ScoreResult, VerifiedResult, Target):
        codes |= set(model.objects.filter(**scope).values_list("period__code", flat=True).distinct())
    if not codes:
        return 0
    return recompute_agencies(fiscal_year=fiscal_year, agency_ids=ids, period_codes=codes)


def _flush() -> None:
    from pramoen.scoring.engine import recompute_agencies

    pending = _pending()
    work = {fy: dict(agencies) for fy, agencies in pending.items()}
    pending.clear()
    for fy, agencies in work.items():
        if not FiscalYear.objects.filter(year=fy).exists():
            continue
        everything = [a for a, codes in agencies.items() if codes is None]
        if everything:
            recompute_now(fiscal_year=fy, agency_ids=everything)
        by_codes: dict[frozenset[str], list[int]] = defaultdict(list)
        for agency_id, period_codes in agencies.items():
            if period_codes:
                by_codes[frozenset(period_codes)].append(agency_id)
        for period_set, ids in by_codes.items():
            recompute_agencies(fiscal_year=fy, agency_ids=ids, period_codes=period_set)


def _verified_changed(sender: Any, instance: VerifiedResult, **_: Any) -> None:
    if getattr(_state, "paused", False):
        return
    a = instance.assignment
    inputs_changed(
        fiscal_year=a.indicator.fiscal_year.year,
        agency_ids=[a.agency_id],
        period_codes=[instance.period.code],
    )


def _target_changed(sender: Any, instance: Target, **_: Any) -> None:
    if getattr(_state, "paused", False):
        return
    a = instance.assignment
    inputs_changed(
        fiscal_year=a.indicator.fiscal_year.year,
        agency_ids=[a.agency_id],
        period_codes=[instance.period.code],
    )


def _indicator_changed(sender: Any, instance: Indicator, created: bool = False, **_: Any) -> None:
    if getattr(_state, "paused", False):
        return
    if created:
        return
    ids = list(instance.assignments.values_list("agency_id", flat=True))
    if ids:
        inputs_changed(fiscal_year=instance.fiscal_year.year, agency_ids=ids)


def _criteria_changed(sender: Any, instance: PeriodCriteria | PlanPoint, **_: Any) -> None:
    """A period's criteria or a plan point changed (a plan point moves every period's thresholds)."""
    if getattr(_state, "paused", False):
        return
    indicator = Indicator.objects.filter(pk=instance.indicator_id).select_related("fiscal_year").first()
    if indicator is not None:  # gone when the indicator itself is being deleted
        _indicator_changed(sender, indicator)


def _assignment_changed(sender: Any, instance: Assignment, **_: Any) -> None:
    if getattr(_state, "paused", False):
        return
    inputs_changed(fiscal_year=instance.indicator.fiscal_year.year, agency_ids=[instance.agency_id])


def connect() -> None:
    post_save.connect(_verified_changed, sender=VerifiedResult, dispatch_uid="scoring_verified_saved")
    post_delete.connect(_verified_changed, sender=VerifiedResult, dispatch_uid="scoring_verified_deleted")
    post_save.connect(_target_changed, sender=Target, dispatch_uid="scoring_target_saved")
    post_save.connect(_indicator_changed, sender=Indicator, dispatch_uid="scoring_indicator_saved")
    for model in (PeriodCriteria, PlanPoint):
        name = model.__name__.lower()
        post_save.connect(_criteria_changed, sender=model, dispatch_uid=f"scoring_{name}_saved")
        post_delete.connect(_criteria_changed, sender=model, dispatch_uid=f"scoring_{name}_deleted")
    post_save.connect(_assignment_changed, sender=Assignment, dispatch_uid="scoring_assignment_saved")
    post_delete.connect(_assignment_changed, sender=Assignment, dispatch_uid="scoring_assignment_deleted")
