"""Reads: the complaint KPI per district, fairness figures, tickets with the reason they count or not."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, FilteredRelation, Q, QuerySet, Sum

from pramoen.feeds.complaints.models import (
    FORWARDED_PREFIX,
    IMPLIED_OBSERVATION,
    NOT_RELEVANT,
    StateChange,
    Ticket,
    TicketDistrict,
    TicketExclusion,
)
from pramoen.feeds.complaints.rules import Rules, fiscal_year_of, rules_for, window_bounds
from pramoen.orgs.models import District

EXCLUSION_KEYS = ("not_relevant", "forwarded", "duplicate", "appeal")
PEER_GROUPS = ("inner", "middle", "outer")


def round2(value: float | Decimal) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> float | None:
    if whole == 0:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def star_percent(star_sum: int, rated: int) -> Decimal | None:
    """The star share: the mean stars of the rated tickets ÷ 5 × 100 (None when none is rated)."""
    return None if rated == 0 else Decimal(20 * star_sum) / Decimal(rated)


def kpi_with_stars(*, resolved: int, counted: int, star_sum: int, rated: int, weight: int) -> float | None:
    """(100 − weight) % of the share resolved + weight % of the star share, rounded half up to 2 places;
    the share resolved alone when no counted resolved ticket is rated (an unrated ticket neither raises
    nor lowers the star share), None when nothing is counted."""
    if counted == 0:
        return None
    stars = star_percent(star_sum, rated)
    if stars is None:
        return percent(resolved, counted)
    share = Decimal(100 * resolved) / Decimal(counted)
    value = ((100 - weight) * share + weight * stars) / 100
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def exclusion_conditions(*, dedup: bool) -> dict[str, Q]:
    """First match wins: each condition excludes the earlier ones (over TicketDistrict rows annotated
    with ``has_appeal``)."""
    nr = Q(ticket__state=NOT_RELEVANT)
    fw = Q(ticket__state__startswith=FORWARDED_PREFIX) & ~nr
    dup = (
        (Q(duplicate_of__isnull=False) & ~nr & ~Q(ticket__state__startswith=FORWARDED_PREFIX))
        if dedup
        else Q(pk__in=[])
    )
    prior = nr | Q(ticket__state__startswith=FORWARDED_PREFIX)
    if dedup:
        prior = prior | Q(duplicate_of__isnull=False)
    ap = Q(has_appeal=True) & ~prior
    return {
        "not_relevant": nr,
        "forwarded": fw,
        "duplicate": dup,
        "appeal": ap,
        "counted": ~(prior | Q(has_appeal=True)),
    }


def attributions_in(start: dt.date, end: dt.date) -> QuerySet[TicketDistrict]:
    """The attributions created in the window, with ``has_appeal``: a LEFT JOIN to the ticket's appeal
    exclusion (at most one: ticket and reason are unique), which the KPI's FILTER clauses read many times
    at the cost of one hash join rather than a subquery each."""
    lo, hi = window_bounds(start, end)
    appeal = FilteredRelation(
        "ticket__exclusions", condition=Q(ticket__exclusions__reason=TicketExclusion.Reason.APPEAL)
    )
    return (
        TicketDistrict.objects.filter(created_at__gte=lo, created_at__lt=hi)
        .annotate(appeal_row=appeal)
        .annotate(has_appeal=ExpressionWrapper(Q(appeal_row__id__isnull=False), output_field=BooleanField()))
    )


@dataclass
class WindowRules:
    rules: Rules
    resolved_states: tuple[str, ...]
    dedup: bool


def window_rules(
    start: dt.date, *, resolved_states: Iterable[str] | None = None, dedup: bool | None = None
) -> WindowRules:
    """The rules of the fiscal year the window starts in, with the caller's overrides."""
    rules = rules_for(fiscal_year_of(window_bounds(start, start)[0]))
    states = tuple(resolved_states) if resolved_states else rules.resolved_states
    return WindowRules(rules=rules, resolved_states=states, dedup=True if dedup is None else dedup)


def district_kpis(
    *,
    start: dt.date,
    end: dt.date,
    dedup: bool | None = None,
    resolved_states: Iterable[str] | None = None,
    district_ids: list[int] | None = None,
    medians: bool = True,
) -> dict[str, Any]:
    """The KPI for every district (or ``district_ids``) over [start, end] (Bangkok dates, inclusive).

    ``medians=False`` leaves out the median days to resolve (None): the one figure that reads every
    resolved ticket of the window into Python rather than counting in the database, and that no score
    uses — the calculation method asks for the KPI without it."""
    wr = window_rules(start, resolved_states=resolved_states, dedup=dedup)
    cond = exclusion_conditions(dedup=wr.dedup)
    counted = cond["counted"]
    resolved = counted & Q(ticket__state__in=wr.resolved_states)
    alt_resolved = counted & Q(ticket__state__in=wr.rules.alternative_resolved_states)
    rated = resolved & Q(ticket__star__gte=1, ticket__star__lte=5)
    qs = attributions_in(start, end)
    if district_ids is not None:
        qs = qs.filter(district_id__in=district_ids)
    aggregates: dict[int, dict[str, Any]] = {
        row["district_id"]: dict(row)
        for row in qs.values("district_id").annotate(
            received=Count("pk"),
            not_relevant=Count("pk", filter=cond["not_relevant"]),
            forwarded=Count("pk", filter=cond["forwarded"]),
            duplicate=Count("pk", filter=cond["duplicate"]),
            appeal=Count("pk", filter=cond["appeal"]),
            counted=Count("pk", filter=counted),
            resolved=Count("pk", filter=resolved),
            alt_resolved=Count("pk", filter=alt_resolved),
            rated=Count("pk", filter=rated),
            star_mean=Avg("ticket__star", filter=rated),
            star_sum=Sum("ticket__star", filter=rated),
            reopened=Count("pk", filter=counted & Q(ticket__count_reopen__gte=1)),
        )
    }
    median_days = _median_days(qs.filter(resolved, ticket__resolved_at__isnull=False)) if medians else {}
    districts = District.objects.select_related("group").defer("boundary", "map_boundary").order_by("code")
    if district_ids is not None:
        districts = districts.filter(pk__in=district_ids)
    peer = peer_groups()
    rows: list[dict[str, Any]] = []
    for d in districts:
        a = aggregates.get(d.pk, {})
        received = a.get("received", 0)
        counted_n = a.get("counted", 0)
        median, source = median_days.get(d.pk, (None, None))
        star = a.get("star_mean")
        resolved_n, alt_n, rated_n = a.get("resolved", 0), a.get("alt_resolved", 0), a.get("rated", 0)
        stars = {"star_sum": a.get("star_sum") or 0, "rated": rated_n, "weight": wr.rules.stars_weight}
        plain = percent(resolved_n, counted_n)
        with_stars = kpi_with_stars(resolved=resolved_n, counted=counted_n, **stars)
        star_share = star_percent(stars["star_sum"], rated_n)
        rows.append(
            {
                "code": str(d.code),
                "name_th": d.name_th,
                "name_en": d.name_en,
                "received": received,
                "excluded": {k: a.get(k, 0) for k in EXCLUSION_KEYS},
                "counted": counted_n,
                "resolved": resolved_n,
                "kpi_percent": with_stars if wr.rules.stars_counted else plain,
                "kpi_percent_without_stars": plain,
                "kpi_percent_with_stars": with_stars,
                "star_percent": round2(star_share) if star_share is not None else None,
                "mean_star": round2(star) if star is not None else None,
                "rated": rated_n,
                "reopened": a.get("reopened", 0),
                "median_days_to_resolve": median,
                "median_days_source": source,
                "resolved_if_pending_steps_done": alt_n,
                "kpi_percent_if_pending_steps_done": (
                    kpi_with_stars(resolved=alt_n, counted=counted_n, **stars)
                    if wr.rules.stars_counted
                    else percent(alt_n, counted_n)
                ),
                "population": d.population,
                "per_10k_residents": round2(received * 10000 / d.population) if d.population else None,
                "peer_group": peer.get(d.pk),
                "rank_in_peer_group": None,
            }
        )
    _rank(rows, wr.rules.min_tickets_for_ranking)
    lo, hi = window_bounds(start, end)
    unattributed = Ticket.objects.filter(
        created_at__gte=lo, created_at__lt=hi, attribution=Ticket.Attribution.NONE
    ).count()
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "fiscal_year": wr.rules.fiscal_year,
        "dedup": wr.dedup,
        "resolved_states": list(wr.resolved_states),
        "alternative_resolved_states": list(wr.rules.alternative_resolved_states),
        "min_tickets_for_ranking": wr.rules.min_tickets_for_ranking,
        "stars_place": str(wr.rules.stars_place),
        "stars_weight": wr.rules.stars_weight,
        "stars_weight_is_demo": not wr.rules.stars_weight_source,
        "districts": rows,
        "unattributed": unattributed,
    }


def _median_days(qs: QuerySet[TicketDistrict]) -> dict[int, tuple[float | None, str | None]]:
    by_district: dict[int, list[float]] = {}
    sources: dict[int, set[str]] = {}
    for district_id, created, resolved_at, source in qs.values_list(
        "district_id", "ticket__created_at", "ticket__resolved_at", "ticket__resolved_at_source"
    ):
        if resolved_at is None:
            continue
        days = (resolved_at - created).total_seconds() / 86400
        by_district.setdefault(district_id, []).append(max(days, 0.0))
        sources.setdefault(district_id, set()).add(source)
    return {
        d: (round2(statistics.median(v)), "+".join(sorted(sources[d])) or None)
        for d, v in by_district.items()
    }


def peer_groups() -> dict[int, str]:
    """inner / middle / outer: the 50 districts split into thirds by population density."""
    rows = sorted(
        (
            (d.population / float(d.area_km2) if d.area_km2 else 0.0, d.pk)
            for d in District.objects.only("pk", "population", "area_km2")
        ),
        reverse=True,
    )
    n = len(rows)
    result: dict[int, str] = {}
    for i, (_density, pk) in enumerate(rows):
        result[pk] = PEER_GROUPS[min(2, i * 3 // n)] if n else "middle"
    return result


def _rank(rows: list[dict[str, Any]], minimum: int) -> None:
    """Rank within each peer group by KPI, only districts with at least ``minimum`` counted tickets."""
    for group in PEER_GROUPS:
        ranked = [
            r
            for r in rows
            if r["peer_group"] == group and r["counted"] >= minimum and r["kpi_percent"] is not None
        ]
        ranked.sort(key=lambda r: (-r["kpi_percent"], r["code"]))
        for i, r in enumerate(ranked, start=1):
            r["rank_in_peer_group"] = i


def why(td: TicketDistrict, *, dedup: bool = True) -> str:
    """The exclusion key for one attribution row ("" when it counts), first match wins."""
    state = td.ticket.state
    if state == NOT_RELEVANT:
        return "not_relevant"
    if state.startswith(FORWARDED_PREFIX):
        return "forwarded"
    if dedup and td.duplicate_of_id is not None:
        return "duplicate"
    if td.ticket.exclusions.filter(reason=TicketExclusion.Reason.APPEAL).exists():
        return "appeal"
    return ""


def implied_observation(ticket: Ticket) -> StateChange:
    """The observation a ticket with ``history_implied`` records itself (not saved)."""
    fields = {to: getattr(ticket, name) for name, to in IMPLIED_OBSERVATION.items()}
    return StateChange(ticket=ticket, previous_state=None, **fields)


def ticket_history(ticket: Ticket) -> list[StateChange]:
    """The states seen for ``ticket``, oldest first (the first has no previous state)."""
    if ticket.history_implied:
        return [implied_observation(ticket)]
    return list(StateChange.objects.filter(ticket=ticket).order_by("observed_at", "pk"))
