"""Fair comparison of the district offices: within their peer group (inner, middle, outer by population
density: ``complaints.selectors.peer_groups``), complaints per 10,000 residents, and a minimum of counted
tickets (``ComplaintSettings.min_tickets_for_ranking`` of the year) before a district is ranked on its
complaint KPI.  The overall score, which does not depend on volume, is ranked within the peer group too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from pramoen.feeds.complaints.selectors import PEER_GROUPS, district_kpis
from pramoen.framework.models import Period
from pramoen.orgs.models import District
from pramoen.scoring.models import AgencyScore, ScoreResult


@dataclass(frozen=True)
class PeerRow:
    code: str  # the district office's agency code (its scorecard)
    name_th: str
    name_en: str
    population: int | None
    received: int
    per_10k: float | None
    counted: int
    kpi: float | None
    rank: int | None  # on the complaint KPI within the peer group; None below the minimum
    ranked: bool  # enough counted tickets to be ranked
    overall: Decimal | None
    overall_rank: int | None  # on the overall score within the peer group
    score_id: int | None  # the complaint score (its explain page)
    href: str = ""  # where its complaint figures lead: that explain page, or the scorecard without one


@dataclass
class Fairness:
    minimum: int  # counted tickets a district needs to be ranked on its complaint KPI
    start: dt.date
    end: dt.date
    groups: list[tuple[str, list[PeerRow]]] = field(default_factory=list)  # (peer group, rows)

    @property
    def rows(self) -> int:
        return sum(len(rows) for _g, rows in self.groups)


def fairness(*, period: Period, agency_ids: set[int]) -> Fairness:
    report = district_kpis(start=period.start, end=period.end)  # every district: ranks within whole groups
    offices = {
        str(code): (office_id, office_code)
        for code, office_id, office_code in District.objects.filter(office__isnull=False).values_list(
            "code", "office_id", "office__code"
        )
    }
    office_ids = [o for o, _c in offices.values()]
    overall = dict(
        AgencyScore.objects.filter(period=period, component__isnull=True, agency_id__in=office_ids)
        .exclude(score__isnull=True)
        .values_list("agency_id", "score")
    )
    explain = dict(
        ScoreResult.objects.filter(
            period=period, assignment__agency_id__in=office_ids, assignment__indicator__method="complaints"
        ).values_list("assignment__agency_id", "pk")
    )
    minimum = int(report["min_tickets_for_ranking"])
    result = Fairness(minimum, period.start, period.end)
    for group in PEER_GROUPS:
        members = [r for r in report["districts"] if r["peer_group"] == group and r["code"] in offices]
        scored = sorted(
            (overall[offices[r["code"]][0]], r["code"]) for r in members if offices[r["code"]][0] in overall
        )
        overall_rank = {code: i for i, (_s, code) in enumerate(reversed(scored), start=1)}
        rows = []
        for r in members:
            agency_id, agency_code = offices[r["code"]]
            if agency_id not in agency_ids:
                continue
            score = overall.get(agency_id)
            rows.append(
                PeerRow(
                    agency_code,
                    r["name_th"],
                    r["name_en"],
                    r["population"],
                    r["received"],
                    r["per_10k_residents"],
                    r["counted"],
                    r["kpi_percent"],
                    r["rank_in_peer_group"],
                    r["counted"] >= minimum,
                    None if score is None else score.quantize(Decimal("0.01")),
                    overall_rank.get(r["code"]),
                    explain.get(agency_id),
                    _href(explain.get(agency_id), agency_code, period),
                )
            )
        # ranked on the KPI first, then the rest by their overall rank
        rows.sort(key=lambda x: (x.rank is None, x.rank or 0, x.overall_rank or len(members) + 1, x.name_th))
        if rows:
            result.groups.append((group, rows))
    return result


def _href(score_id: int | None, agency_code: str, period: Period) -> str:
    if score_id is not None:
        return reverse("score-explain", args=[score_id])
    query = f"?fy={period.fiscal_year.year}&period={period.code}"
    return reverse("scorecard", args=[agency_code]) + query
