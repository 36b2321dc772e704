"""The complaints feed in the feed registry: importing Traffy Fondue files, and the appeal hooks that leave
tickets out of component 4."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.core import pdpa
from pramoen.feeds.base import (
    Feed,
    ImportOutcome,
    Touched,
    fiscal_years_between,
    get_feed,
    recompute_touched,
    register_feed,
)
from pramoen.feeds.complaints.importer import complaints_import
from pramoen.feeds.complaints.models import Ticket, TicketDistrict, TicketExclusion
from pramoen.feeds.complaints.parsing import HISTORY
from pramoen.feeds.complaints.services import ticket_exclusion_add, ticket_exclusion_remove
from pramoen.jobs.registry import Progress
from pramoen.orgs.models import District


class ComplaintsFeed(Feed):
    key = "complaints"
    label = gettext_lazy("complaints (Traffy Fondue)")
    formats = (".csv", ".gz", ".json", ".geojson")
    page_url_name = "complaints:import"
    appeal_effect = "tickets"
    appeal_item_kind = "ticket"
    methods = ("complaints",)

    def import_file(
        self, *, path: Path, file_name: str, actor: Any | None, progress: Progress, dedup: bool = True
    ) -> ImportOutcome:
        progress.stage(_("reading and writing the tickets"), total=100)
        summary = complaints_import(
            actor=actor, path=path, display_name=file_name, dedup_on=dedup, progress=progress.percent
        )
        figures = {
            "run": summary.run_id,
            "format": summary.file_format,
            "rows_read": summary.rows_read,
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "state_changes": summary.state_changes,
            "duplicates": summary.duplicates,
        }
        return ImportOutcome(
            summary=figures,
            lines=[summary.line()],
            rejects=summary.rejects,
            touched=touched_by_run(summary.run_id, history=summary.file_format == HISTORY),
        )

    # --- appeals -------------------------------------------------------------------------------------------
    def appeal_resolve(self, case: Any, refs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        fy = case.category.fiscal_year
        district = District.objects.filter(office_id=case.agency_id).first()
        tickets = {t.ticket_id: t for t in Ticket.objects.filter(ticket_id__in=refs)}
        mine = set(
            TicketDistrict.objects.filter(ticket__ticket_id__in=refs, district=district).values_list(
                "ticket__ticket_id", flat=True
            )
        )
        found: dict[str, str] = {}
        errors: dict[str, str] = {}
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
        return found, errors

    def appeal_candidates(self, case: Any, query: str, limit: int) -> list[dict[str, str]]:
        fy = case.category.fiscal_year
        taken = set(case.items.values_list("ref", flat=True))
        district = District.objects.filter(office_id=case.agency_id).first()
        if district is None:
            return []
        rows = TicketDistrict.objects.filter(district=district, created_at__date__range=(fy.start, fy.end))
        if query:
            rows = rows.filter(
                Q(ticket__ticket_id__icontains=query)
                | Q(ticket__comment__icontains=query)
                | Q(ticket__type_tags__icontains=query)
            )
        tickets = rows.select_related("ticket").order_by("-created_at")[: limit + len(taken)]
        return [
            {
                "ref": t.ticket.ticket_id,
                "label": f"{timezone.localtime(t.created_at):%Y-%m-%d} · {t.ticket.state} · "
                f"{(t.ticket.type_tags or '-')[:40]} · {pdpa.mask(t.ticket.comment)[:80]}",
            }
            for t in tickets
            if t.ticket.ticket_id not in taken
        ][:limit]

    def appeal_exclude(self, case: Any, refs: list[str]) -> list[str]:
        already = set(
            TicketExclusion.objects.filter(
                ticket__ticket_id__in=refs, reason=TicketExclusion.Reason.APPEAL
            ).values_list("ticket__ticket_id", flat=True)
        )
        applied = []
        for ref in refs:
            if ref not in already:
                ticket_exclusion_add(actor=None, ticket_id=ref, reference=case.number)
                applied.append(ref)
        return applied

    def appeal_include(self, case: Any, refs: list[str]) -> None:
        for ref in refs:
            ticket_exclusion_remove(actor=None, ticket_id=ref)

    def appeal_summary(self, count: int) -> str:
        return _("%(n)s complaint tickets left out of the figure (reason: appeal)") % {"n": count}

    # --- rules of a year ---------------------------------------------------------------------------------
    def rules_follow(self, *, fiscal_year: int, progress: Progress, options: dict[str, Any]) -> list[str]:
        """New duplicate thresholds: the year's tickets' duplicates are found again before the scores."""
        if not options.get("dedup"):
            return []
        from pramoen.feeds.complaints.dedup import dedup_range
        from pramoen.feeds.complaints.rules import window_bounds
        from pramoen.framework.periods import period_bounds

        progress.stage(_("finding the duplicates again with the new thresholds"))
        start, end = period_bounds(fiscal_year, "FY")
        found = dedup_range(*window_bounds(start, end))
        return [
            _("Duplicates of FY %(year)s found again with the new thresholds: %(n)d duplicates.")
            % {"year": fiscal_year, "n": found}
        ]


def complaint_scores_from(start: dt.date, end: dt.date) -> int:
    """Recompute the complaint scores of every period overlapping ``start``–``end`` (the window a dedup
    changed, with the tickets up to the longest duplicate window after it); returns how many changed."""
    from pramoen.framework.models import Assignment

    feed = get_feed("complaints")
    years = fiscal_years_between(start, end)
    agency_ids = set(
        Assignment.objects.filter(indicator__fiscal_year__year__in=years, indicator__method__in=feed.methods)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    return recompute_touched(Touched(fiscal_years=years, agency_ids=agency_ids, start=start, end=end))


def touched_by_run(run_id: int, *, history: bool = False) -> Touched:
    """The district offices and fiscal years of the tickets an import run wrote or changed: a ticket file
    marks them with ``last_run``; a state-history file only adds history rows (``history``)."""
    marked = Q(history__run_id=run_id) if history else Q(last_run_id=run_id)
    tickets = Ticket.objects.filter(marked).distinct()
    span = tickets.aggregate(lo=Min("created_at"), hi=Max("created_at"))
    if span["lo"] is None:
        return Touched()
    offices = set(
        TicketDistrict.objects.filter(ticket__in=tickets.values("pk"))
        .exclude(district__office_id=None)
        .values_list("district__office_id", flat=True)
        .distinct()
    )
    start = timezone.localtime(span["lo"]).date()
    end = timezone.localtime(span["hi"]).date()
    return Touched(fiscal_years=fiscal_years_between(start, end), agency_ids=offices, start=start, end=end)


register_feed(ComplaintsFeed())
