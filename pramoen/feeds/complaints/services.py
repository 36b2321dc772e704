"""Writes other than imports: per-fiscal-year KPI settings and appeal exclusions (for the appeals app)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.models import (
    PENDING_STEPS,
    RESOLVED,
    ComplaintSettings,
    Ticket,
    TicketExclusion,
)
from pramoen.orgs.policy import Action, require


def complaint_settings_set(
    *,
    actor: Any,
    fiscal_year: int,
    resolved_states: list[str] | None = None,
    alternative_resolved_states: list[str] | None = None,
    dedup_days: int = 7,
    dedup_meters: float = 30.0,
    dedup_similarity: float = 0.8,
    min_tickets_for_ranking: int = 30,
) -> ComplaintSettings:
    """Create or replace the KPI rules of a BE fiscal year (evaluation officers)."""
    require(actor, Action.MANAGE_FRAMEWORK)
    if not 2400 <= fiscal_year <= 2700:
        raise ApplicationError(
            _("The fiscal year is a Buddhist Era year such as 2566, not %(year)s") % {"year": fiscal_year},
            {"field": "fiscal_year"},
        )
    if not 0 < dedup_similarity <= 1:
        raise ApplicationError(
            _("The comment similarity must be above 0 and at most 1."), {"field": "dedup_similarity"}
        )
    if dedup_days < 0 or dedup_meters <= 0:
        raise ApplicationError(
            _("The duplicate window and distance must be positive."), {"field": "dedup_meters"}
        )
    with transaction.atomic():
        row, _created = ComplaintSettings.objects.update_or_create(
            fiscal_year=fiscal_year,
            defaults={
                "resolved_states": resolved_states or [RESOLVED],
                "alternative_resolved_states": alternative_resolved_states or [RESOLVED, *PENDING_STEPS],
                "dedup_days": dedup_days,
                "dedup_meters": dedup_meters,
                "dedup_similarity": dedup_similarity,
                "min_tickets_for_ranking": min_tickets_for_ranking,
            },
        )
    return row


def ticket_exclusion_add(*, actor: Any | None, ticket_id: str, reference: str) -> TicketExclusion:
    """Exclude a ticket from the KPI because an appeal about it was approved.  ``actor`` None: the
    appeals app calls this after checking that the decider may decide (it records who decided)."""
    if actor is not None:
        require(actor, Action.VERIFY_RESULTS)
    ticket = Ticket.objects.filter(ticket_id=ticket_id).first()
    if ticket is None:
        raise ApplicationError(
            _("No ticket %(id)s has been imported.") % {"id": ticket_id}, {"field": "ticket_id"}
        )
    row, _created = TicketExclusion.objects.get_or_create(
        ticket=ticket,
        reason=TicketExclusion.Reason.APPEAL,
        defaults={"reference": reference[:200], "created_by": actor},
    )
    return row


def ticket_exclusion_remove(*, actor: Any | None, ticket_id: str) -> int:
    """Withdraw an appeal exclusion (e.g. the decision was reversed); returns how many were removed.
    ``actor`` None as for ``ticket_exclusion_add``."""
    if actor is not None:
        require(actor, Action.VERIFY_RESULTS)
    deleted = 0
    for row in TicketExclusion.objects.filter(
        ticket__ticket_id=ticket_id, reason=TicketExclusion.Reason.APPEAL
    ):
        row.delete()  # one by one so the audit log records each
        deleted += 1
    return deleted
