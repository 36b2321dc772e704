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

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pramoen.appeals.models import AppealCase, AppealItem, Effect
from pramoen.core import pdpa
from pramoen.feeds.budget.models import BudgetLine, BudgetLineExclusion
from pramoen.feeds.budget.services import budget_line_exclude, budget_line_include
from pramoen.feeds.complaints.models import Ticket, TicketDistrict, TicketExclusion
from pramoen.feeds.complaints.services import ticket_exclusion_add, ticket_exclusion_remove
from pramoen.orgs.models import District
from pramoen.scoring import signals
from pramoen.scoring.adjust import adjustment_add, adjustments_remove, recompute_now
from pramoen.scoring.models import AgencyScore, ScoreAdjustment, ScoreResult

Kind = ScoreAdjustment.Kind


def resolve_items(case: AppealCase, refs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(usable ids → a description, unusable ids → the reason) for the case's agency and year."""
    fy = case.category.fiscal_year
    found: dict[str, str] = {}
    errors: dict[str, str] = {}
    if case.category.effect == Effect.TICKETS:
        district = District.objects.filter(office_id=case.agency_id).first()
        tickets = {t.ticket_id: t for t in Ticket.objects.filter(ticket_id__in=refs)}
        mine = set(
            TicketDistrict.objects.filter(ticket__ticket_id__in=refs, district=district).values_list(
                "ticket__ticket_id", flat=True
            )
        )
        for ref in refs:
            ticket = tickets.get(ref)
            if ticket is None:
                errors[ref] = _("no such ticket has been imported")
            elif ref not in mine:
                errors[ref] = _("the ticket is not attributed to this district office")
            elif not fy.start <= timezone.localtime(ticket.created_at).date() <= fy.end:
                errors[ref] = _("the ticket was created outside fiscal year %(year)s") % {"year": fy.year}
            else:
                found[ref] = f"{ticket.state} · {(ticket.type_tags or pdpa.mask(ticket.comment))[:120]}"
    else:
        lines = {
            line.code: line
            for line in BudgetLine.objects.filter(
                agency_id=case.agency_id, fiscal_year=fy.year, code__in=refs
            )
        }
        for ref in refs:
            line = lines.get(ref)
            if line is None:
                errors[ref] = _("the agency has no budget line with this code in fiscal year %(year)s") % {
                    "year": fy.year
                }
            else:
                found[ref] = f"{line.name} ({line.approved:,.2f})"
    return found, errors


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
    decided_on: dt.date = timezone.localdate()
    if effect == Effect.TICKETS:
        already = set(
            TicketExclusion.objects.filter(
                ticket__ticket_id__in=[i.ref for i in approved], reason=TicketExclusion.Reason.APPEAL
            ).values_list("ticket__ticket_id", flat=True)
        )
        for item in approved:
            if item.ref not in already:
                ticket_exclusion_add(actor=None, ticket_id=item.ref, reference=case.number)
                item.applied = True
                item.save(update_fields=["applied"])
        summary = _("%(n)s complaint tickets left out of the figure (reason: appeal)") % {"n": len(approved)}
        _adjust(case, actor, Kind.NOTE, summary)
    elif effect == Effect.BUDGET_LINES:
        lines = {
            line.code: line
            for line in BudgetLine.objects.filter(
                agency_id=case.agency_id,
                fiscal_year=case.category.fiscal_year.year,
                code__in=[i.ref for i in approved],
            )
        }
        already = set(
            BudgetLineExclusion.objects.filter(line__in=lines.values()).values_list("line__code", flat=True)
        )
        for item in approved:
            if item.ref in lines and item.ref not in already:
                budget_line_exclude(
                    actor=None, line=lines[item.ref], reference=case.number, decided_on=decided_on
                )
                item.applied = True
                item.save(update_fields=["applied"])
        summary = _("%(n)s budget lines left out of the disbursement figure (reason: appeal)") % {
            "n": len(approved)
        }
        _adjust(case, actor, Kind.NOTE, summary)
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
    for item in case.items.filter(applied=True):
        if item.kind == AppealItem.Kind.TICKET:
            ticket_exclusion_remove(actor=None, ticket_id=item.ref)
        else:
            line = BudgetLine.objects.filter(
                agency_id=case.agency_id, fiscal_year=case.category.fiscal_year.year, code=item.ref
            ).first()
            if line is not None:
                budget_line_include(actor=None, line=line)
        item.applied = False
        item.save(update_fields=["applied"])
