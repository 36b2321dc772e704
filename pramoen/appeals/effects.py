"""What an approved appeal changes, and how it is undone.

Approval writes, per category effect: an appeal exclusion on each approved ticket or budget line (the
feeds leave them out with reason ``appeal``), and a score adjustment on the assignment — ``exclude``
(its weight drops out of the roll-up), ``actual`` or ``target`` (the approved value replaces the
computed one), or ``note`` (names the decision in the trail of a feed-computed score).  The scores are
recomputed at once, and the case keeps the figures before and after.  Undoing removes exactly what the
case wrote — an item that another decision had already excluded stays excluded — so recomputing gives
back the previous figures.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from pramoen.appeals.models import AppealCase, AppealItem, Effect
from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import Feed, feed_for_appeal_effect
from pramoen.scoring import signals
from pramoen.scoring.adjust import adjustment_add, adjustments_remove, recompute_now
from pramoen.scoring.models import AgencyScore, ScoreAdjustment, ScoreResult

Kind = ScoreAdjustment.Kind


def resolve_items(case: AppealCase, refs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(usable ids → a description, unusable ids → the reason) for the case's agency and year."""
    return _feed(case.category.effect).appeal_resolve(case, refs)


def _feed(effect: str) -> Feed:
    feed = feed_for_appeal_effect(effect)
    if feed is None:
        raise ApplicationError(_("No data feed handles appeals of this kind."), {"field": "category"})
    return feed


def snapshot(case: AppealCase) -> dict[str, dict[str, Any]]:
    """The case's indicator score, its component's score and the overall score, per period."""
    a = case.assignment
    comp = a.indicator.component_id
    rows: dict[str, dict[str, Any]] = {}
    for code, status, actual, target, score in ScoreResult.objects.filter(assignment=a).values_list(
        "period__code", "status", "actual", "target", "score"
    ):
        rows[code] = {
            "status": status,
            "actual": _s(actual),
            "target": _s(target),
            "score": _s(score),
            "component": None,
            "overall": None,
        }
    for code, component_id, score in AgencyScore.objects.filter(
        agency_id=case.agency_id, period__fiscal_year=case.category.fiscal_year
    ).values_list("period__code", "component_id", "score"):
        if code in rows and component_id in (comp, None):
            rows[code]["component" if component_id else "overall"] = _s(score)
    return rows


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def _recompute(case: AppealCase) -> None:
    recompute_now(
        case.category.fiscal_year, [case.agency_id], [case.period.code] if case.period is not None else []
    )


def apply_with_snapshot(case: AppealCase, actor: Any) -> None:
    case.scores_before = snapshot(case)
    with signals.paused(), override("th"):  # the trail is kept in Thai
        _apply(case, actor)
    _recompute(case)
    case.scores_after = snapshot(case)
    case.save(update_fields=["scores_before", "scores_after"])


def undo_with_snapshot(case: AppealCase) -> None:
    with signals.paused():
        _undo(case)
    _recompute(case)


def _apply(case: AppealCase, actor: Any) -> None:
    effect = case.category.effect
    approved = list(case.items.filter(decision=AppealItem.Decision.APPROVED))
    if effect in Effect.with_items():
        feed = _feed(effect)
        applied = set(feed.appeal_exclude(case, [i.ref for i in approved]))
        for item in approved:
            if item.ref in applied:
                item.applied = True
                item.save(update_fields=["applied"])
        _adjust(case, actor, Kind.NOTE, feed.appeal_summary(len(approved)))
    elif effect == Effect.EXCLUDE_INDICATOR:
        _adjust(case, actor, Kind.EXCLUDE, _("indicator left out for force majeure"))
    elif effect == Effect.CORRECT_VALUE:
        _adjust(case, actor, Kind.ACTUAL, _("reported value corrected"), case.period, case.approved_value)
    elif effect == Effect.ADJUST_TARGET:
        _adjust(case, actor, Kind.TARGET, _("target adjusted"), case.period, case.approved_value)


def _adjust(
    case: AppealCase, actor: Any, kind: str, summary: str, period: Any = None, value: Any = None
) -> None:
    adjustment_add(
        assignment=case.assignment,
        kind=kind,
        reference=case.number,
        summary=f"{case.category.name_th}: {summary}",
        decided_by=actor,
        period=period,
        value=value,
    )


def _undo(case: AppealCase) -> None:
    adjustments_remove(reference=case.number)
    items = list(case.items.filter(applied=True))
    if items:
        _feed(case.category.effect).appeal_include(case, [i.ref for i in items])
    for item in items:
        item.applied = False
        item.save(update_fields=["applied"])
