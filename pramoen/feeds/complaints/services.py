"""Writes other than imports: per-fiscal-year KPI settings and appeal exclusions (for the appeals app)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.feeds.base import rules_locked
from pramoen.feeds.complaints.models import (
    DEMO_STARS_WEIGHT,
    PENDING_STEPS,
    RESOLVED,
    ComplaintSettings,
    StarsPlace,
    Ticket,
    TicketExclusion,
)
from pramoen.orgs.policy import Action, require

# the settings that feed the ``complaints`` method's scores, and those of them that the duplicates follow
SCORED = (
    "resolved_states", "alternative_resolved_states", "dedup_days", "dedup_meters", "dedup_similarity",
    "stars_place", "stars_weight",
)  # fmt: skip
DEDUP = ("dedup_days", "dedup_meters", "dedup_similarity")


@dataclass(frozen=True)
class SettingsSaved:
    settings: ComplaintSettings
    changed: bool  # False: these were the year's settings already, and nothing was written
    job: Any | None  # the ``feed_rules_scores`` job recomputing component 4's complaint KPI, if any


def complaint_settings_check(
    *,
    fiscal_year: int,
    dedup_days: int,
    dedup_meters: float,
    dedup_similarity: float,
    stars_place: str = StarsPlace.BESIDE,
    stars_weight: int = DEMO_STARS_WEIGHT,
) -> None:
    """ApplicationError (Thai, naming the field) when these settings may not be saved: a year that is not
    a BE year, thresholds out of range, or a year whose evaluation is closed (``feeds.base.rules_locked``).
    The Django admin's form calls it too, so it shows the reason on the form."""
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
    if stars_place not in StarsPlace.values:
        raise ApplicationError(
            _("The stars are either counted in the KPI or shown beside it."), {"field": "stars_place"}
        )
    if not 1 <= stars_weight <= 100:
        raise ApplicationError(
            _("The weight of the stars is a whole percentage from 1 to 100, not %(weight)s")
            % {"weight": stars_weight},
            {"field": "stars_weight"},
        )
    rules_locked(fiscal_year)


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
    stars_place: str | None = None,
    stars_weight: int = DEMO_STARS_WEIGHT,
    stars_weight_source: str = "",
) -> SettingsSaved:
    """Create or replace the KPI rules of a BE fiscal year (evaluation officers); refused once the year's
    evaluation is closed.  When a setting the scores use changed (``SCORED``), the ``feed_rules_scores``
    job recomputes the year's complaint scores — after finding the year's duplicates again when a
    duplicate threshold changed; the same settings saved again write nothing and queue nothing.
    ``stars_place`` None: the year's default (``rules.default_stars_place``: counted in FY2567 as the seed
    says, beside otherwise); ``stars_weight_source`` empty: the weight is shown as a demo value."""
    from pramoen.feeds.complaints.rules import default_stars_place
    from pramoen.feeds.jobs import feed_rules_changed

    require(actor, Action.MANAGE_FRAMEWORK)
    place = stars_place or default_stars_place(fiscal_year)
    complaint_settings_check(
        fiscal_year=fiscal_year,
        dedup_days=dedup_days,
        dedup_meters=dedup_meters,
        dedup_similarity=dedup_similarity,
        stars_place=place,
        stars_weight=stars_weight,
    )
    values: dict[str, Any] = {
        "resolved_states": list(resolved_states or [RESOLVED]),
        "alternative_resolved_states": list(alternative_resolved_states or [RESOLVED, *PENDING_STEPS]),
        "dedup_days": dedup_days,
        "dedup_meters": float(dedup_meters),
        "dedup_similarity": float(dedup_similarity),
        "min_tickets_for_ranking": min_tickets_for_ranking,
        "stars_place": place,
        "stars_weight": stars_weight,
        "stars_weight_source": stars_weight_source.strip()[:300],
    }
    with transaction.atomic():
        row = ComplaintSettings.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
        before = row or ComplaintSettings(fiscal_year=fiscal_year, **settings_defaults(fiscal_year))
        moved = {name for name, value in values.items() if getattr(before, name) != value}
        if row is not None and not moved:
            return SettingsSaved(row, changed=False, job=None)
        row = row or ComplaintSettings(fiscal_year=fiscal_year)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()  # the audit log records each changed field
        job = None
        if moved & set(SCORED):
            job = feed_rules_changed(
                feed="complaints",
                fiscal_year=fiscal_year,
                actor=actor,
                options={"dedup": bool(moved & set(DEDUP))},
            )
    return SettingsSaved(row, changed=True, job=job)


def settings_defaults(fiscal_year: int) -> dict[str, Any]:
    """The settings of a year without a row (``rules.rules_for``'s defaults)."""
    from pramoen.feeds.complaints.rules import Rules, default_stars_place

    found = Rules(fiscal_year=fiscal_year, stars_place=default_stars_place(fiscal_year))
    return {
        "stars_place": found.stars_place,
        "stars_weight": found.stars_weight,
        "stars_weight_source": found.stars_weight_source,
        "resolved_states": list(found.resolved_states),
        "alternative_resolved_states": list(found.alternative_resolved_states),
        "dedup_days": found.dedup_days,
        "dedup_meters": found.dedup_meters,
        "dedup_similarity": found.dedup_similarity,
        "min_tickets_for_ranking": found.min_tickets_for_ranking,
    }


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
