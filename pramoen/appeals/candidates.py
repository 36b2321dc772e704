"""Items an agency may pick for a ticket or budget-line appeal (besides pasting their ids)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from pramoen.appeals.models import AppealCase, Effect
from pramoen.core import pdpa
from pramoen.feeds.budget.models import BudgetLine
from pramoen.feeds.complaints.models import TicketDistrict
from pramoen.orgs.models import District

LIMIT = 200


def for_case(case: AppealCase, *, query: str = "") -> list[dict[str, str]]:
    fy = case.category.fiscal_year
    taken = set(case.items.values_list("ref", flat=True))
    if case.category.effect == Effect.TICKETS:
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
        tickets = rows.select_related("ticket").order_by("-created_at")[: LIMIT + len(taken)]
        return [
            {
                "ref": t.ticket.ticket_id,
                "label": f"{timezone.localtime(t.created_at):%Y-%m-%d} · {t.ticket.state} · "
                f"{(t.ticket.type_tags or '-')[:40]} · {pdpa.mask(t.ticket.comment)[:80]}",
            }
            for t in tickets
            if t.ticket.ticket_id not in taken
        ][:LIMIT]
    if case.category.effect == Effect.BUDGET_LINES:
        lines = BudgetLine.objects.filter(agency_id=case.agency_id, fiscal_year=fy.year)
        if query:
            lines = lines.filter(Q(code__icontains=query) | Q(name__icontains=query))
        return [
            {"ref": line.code, "label": f"{line.name} · {line.approved:,.2f}"}
            for line in lines.order_by("code")[:LIMIT]
            if line.code not in taken
        ]
    return []
