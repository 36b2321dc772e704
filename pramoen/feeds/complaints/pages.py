"""Selectors for the complaint pages: the window to show, the ticket list, trend, map points, geo flags."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Max, QuerySet

from pramoen.core.inputs import date_in_range
from pramoen.feeds.complaints.models import FORWARDED_PREFIX, NOT_RELEVANT, Ticket, TicketDistrict
from pramoen.feeds.complaints.rules import BANGKOK, bangkok_date, fiscal_year_of
from pramoen.feeds.complaints.selectors import attributions_in
from pramoen.framework.periods import period_bounds
from pramoen.orgs.models import District

MAP_POINTS_LIMIT = 20000


def default_window() -> tuple[dt.date, dt.date]:
    """The fiscal quarter of the newest ticket (today's quarter when there are none)."""
    newest = Ticket.objects.aggregate(m=Max("created_at"))["m"]
    moment = newest or dt.datetime.now(tz=BANGKOK)
    fy = fiscal_year_of(moment)
    day = bangkok_date(moment)
    for q in ("Q1", "Q2", "Q3", "Q4"):
        start, end = period_bounds(fy, q)
        if start <= day <= end:
            return start, end
    return period_bounds(fy, "FY")


def parse_window(get: Any) -> tuple[dt.date, dt.date]:
    try:
        start = dt.date.fromisoformat(get.get("from", ""))
        end = dt.date.fromisoformat(get.get("to", ""))
    except ValueError:
        return default_window()
    if not (date_in_range(start) and date_in_range(end)):
        return default_window()
    return (start, end) if start <= end else (end, start)


def reason_of(state: str, duplicate: bool, appeal: bool, *, dedup: bool = True) -> str:
    if state == NOT_RELEVANT:
        return "not_relevant"
    if state.startswith(FORWARDED_PREFIX):
        return "forwarded"
    if dedup and duplicate:
        return "duplicate"
    if appeal:
        return "appeal"
    return ""


def district_tickets(district: District, start: dt.date, end: dt.date) -> QuerySet[TicketDistrict]:
    return (
        attributions_in(start, end)
        .filter(district=district)
        .select_related("ticket", "duplicate_of")
        .order_by("-created_at")
    )


def ticket_rows(qs: QuerySet[TicketDistrict]) -> list[dict[str, Any]]:
    rows = []
    for td in qs:
        t = td.ticket
        rows.append(
            {
                "ticket_id": t.ticket_id,
                "created_at": t.created_at,
                "state": t.state,
                "type": t.type_tags,
                "star": t.star,
                "reason": reason_of(
                    t.state, td.duplicate_of_id is not None, bool(getattr(td, "has_appeal", False))
                ),
                "duplicate_of": td.duplicate_of.ticket_id if td.duplicate_of else "",
                "lon": t.lon,
                "lat": t.lat,
            }
        )
    return rows


def weekly_trend(qs: QuerySet[TicketDistrict]) -> list[dict[str, Any]]:
    """Tickets received per week (weeks start on Monday, Bangkok time)."""
    weeks: Counter[dt.date] = Counter()
    for created in qs.values_list("created_at", flat=True):
        day = bangkok_date(created)
        weeks[day - dt.timedelta(days=day.weekday())] += 1
    return [{"week": w.isoformat(), "received": n} for w, n in sorted(weeks.items())]


def map_points(qs: QuerySet[TicketDistrict]) -> list[list[Any]]:
    pts = qs.filter(ticket__lon__isnull=False).values_list(
        "ticket__ticket_id", "ticket__lon", "ticket__lat", "ticket__state"
    )
    return [
        [tid, round(lon or 0.0, 5), round(lat or 0.0, 5), state]
        for tid, lon, lat, state in pts[:MAP_POINTS_LIMIT]
    ]


def geo_flagged(district: District, start: dt.date, end: dt.date) -> QuerySet[Ticket]:
    """Tickets of the district (by attribution or by point) with at least one geo-quality flag."""
    from django.db.models import Q

    lo = dt.datetime.combine(start, dt.time(), tzinfo=BANGKOK)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=BANGKOK)
    flags = Q(flag_swapped=True) | Q(flag_text_mismatch=True) | Q(flag_near_boundary=True)
    return (
        Ticket.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .filter(Q(polygon_district=district) | Q(districts__district=district))
        .filter(flags)
        .select_related("polygon_district")
        .distinct()
        .order_by("-created_at")
    )


def outside_bangkok(start: dt.date, end: dt.date) -> QuerySet[Ticket]:
    lo = dt.datetime.combine(start, dt.time(), tzinfo=BANGKOK)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=BANGKOK)
    return Ticket.objects.filter(created_at__gte=lo, created_at__lt=hi, attribution=Ticket.Attribution.NONE)
