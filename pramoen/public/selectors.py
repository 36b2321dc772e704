"""What the portal shows: published scores, the complaint KPI per district and its ticket ledger.

Nothing here reads a ticket's comment, address, note or photos: the portal publishes no free text a
citizen typed (docs/privacy.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from pramoen.feeds.complaints.models import TicketDistrict, TicketExclusion
from pramoen.feeds.complaints.pages import reason_of
from pramoen.feeds.complaints.rules import window_bounds
from pramoen.feeds.complaints.selectors import attributions_in, district_kpis, window_rules
from pramoen.framework.models import Component, Indicator, Period
from pramoen.orgs.models import Agency, District
from pramoen.scoring.explain import explanation_lines
from pramoen.scoring.methods import registered_methods
from pramoen.scoring.models import AgencyScore, ScoreResult

# --- Scores -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    code: str
    name_th: str
    name_en: str
    kind: str
    overall: Decimal | None
    components: tuple[Decimal | None, ...]


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def components(period: Period) -> list[Component]:
    return list(
        Component.objects.filter(fiscal_year_id=period.fiscal_year_id, parent__isnull=True).order_by(
            "order", "code"
        )
    )


def score_table(period: Period, *, kind: str = "") -> list[ScoreRow]:
    """Every active agency's overall and component scores in the round, best first."""
    comps = components(period)
    agencies = Agency.objects.filter(is_active=True)
    if kind:
        agencies = agencies.filter(kind=kind)
    scores: dict[tuple[int, int | None], Decimal | None] = {
        (a, c): s
        for a, c, s in AgencyScore.objects.filter(period=period, agency__in=agencies).values_list(
            "agency_id", "component_id", "score"
        )
    }
    rows = [
        ScoreRow(
            a.code,
            a.name_th,
            a.name_en,
            a.kind,
            _q(scores.get((a.pk, None))),
            tuple(_q(scores.get((a.pk, c.pk))) for c in comps),
        )
        for a in agencies.order_by("name_th")
        if any(k[0] == a.pk for k in scores)
    ]
    rows.sort(key=lambda r: (r.overall is None, -(r.overall or 0), r.name_th))
    return rows


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name_th: str
    component_code: str
    weight: Decimal
    method: str
    method_label: str
    unit: str
    target: Decimal | None
    actual: Decimal | None
    level: int | None
    score: Decimal | None
    status: str
    thresholds: tuple[Decimal, ...]
    higher_is_better: bool
    explanation: tuple[str, ...]
    appeals: tuple[str, ...]


def agency_lines(agency: Agency, period: Period) -> list[IndicatorLine]:
    """The agency's indicators in the round with the score of each and how it was made.  The trail's
    lines are the engine's own; who verified the figures (a name) is left out."""
    methods = registered_methods()
    results = (
        ScoreResult.objects.filter(period=period, assignment__agency=agency)
        .select_related("assignment__indicator__component")
        .order_by("assignment__indicator__component__order", "assignment__indicator__code")
    )
    lines = []
    for r in results:
        ind: Indicator = r.assignment.indicator
        method = methods.get(r.method)
        lines.append(
            IndicatorLine(
                ind.code,
                ind.name_th,
                ind.component.code,
                r.assignment.weight,
                r.method,
                str(method.label) if method is not None else r.method,
                ind.unit,
                r.target,
                r.actual,
                r.level,
                _q(r.score),
                r.status,
                tuple(Decimal(t) for t in r.criteria.get("thresholds", [])),
                bool(r.criteria.get("higher_is_better", True)),
                tuple(explanation_lines(r.explanation)),
                tuple(f"{a.get('reference', '')} {a.get('summary', '')}".strip() for a in r.appeals),
            )
        )
    from pramoen.scoring.selectors import code_key

    lines.sort(key=lambda line: (code_key(line.component_code), code_key(line.code)))
    return lines


def methods_used(period: Period) -> list[str]:
    return sorted(
        set(Indicator.objects.filter(fiscal_year_id=period.fiscal_year_id).values_list("method", flat=True))
    )


# --- Complaints (component 4) ------------------------------------------------------------------------


def complaint_kpis(period: Period) -> dict[str, Any]:
    """The complaint KPI of every district over the round's window, with the rules applied."""
    return district_kpis(start=period.start, end=period.end)


RULES_TH = {
    "": "นับ",
    "not_relevant": "ไม่นับ: สถานะ “ไม่เกี่ยวข้อง”",
    "forwarded": "ไม่นับ: ส่งต่อให้หน่วยงานอื่น",
    "duplicate": "ไม่นับ: ซ้ำกับเรื่อง {duplicate_of}",
    "appeal": "ไม่นับ: อุทธรณ์ที่อนุมัติแล้ว {appeal}",
}
LEDGER_COLUMNS = (
    "ticket_id", "created_at", "district_code", "state", "type", "rule", "rule_th", "counted", "resolved",
    "duplicate_of", "appeal",
)  # fmt: skip


def ledger(district: District, period: Period) -> QuerySet[TicketDistrict]:
    """Every attribution of the district in the round's window, oldest first (the index's order)."""
    return _ledger_columns(attributions_in(period.start, period.end).filter(district=district))


def _ledger_columns(attributions: QuerySet[TicketDistrict]) -> QuerySet[TicketDistrict]:
    return (
        attributions.select_related("ticket", "duplicate_of")
        .only(
            "id", "created_at", "district_id", "duplicate_of__ticket_id", "ticket__ticket_id",
            "ticket__state", "ticket__type_tags",
        )  # no comment, address, note or photos: they are never read here
        .order_by("created_at", "pk")
    )  # fmt: skip


def ledger_keys(district: District, period: Period) -> QuerySet[TicketDistrict, int]:
    """The ids of the district's attributions in the round's window, in the ledger's order: read from the
    (district, created_at) index and the attributions alone, so the ledger's pages are counted and cut
    without joining every ticket before them (a district has tens of thousands in a round of a million
    tickets; counting and cutting ``ledger()`` itself took 0.1–0.4 s a page there)."""
    lo, hi = window_bounds(period.start, period.end)
    return (
        TicketDistrict.objects.filter(district=district, created_at__gte=lo, created_at__lt=hi)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def ledger_of(keys: list[int], period: Period) -> list[TicketDistrict]:
    """The ledger's attributions with these ids (one page of ``ledger_keys``), in the ledger's order."""
    return list(_ledger_columns(attributions_in(period.start, period.end).filter(pk__in=keys)))


def ledger_rows(
    rows: QuerySet[TicketDistrict] | list[TicketDistrict],
    district: District,
    period: Period,
    *,
    chunk: int = 2000,
) -> Iterator[dict[str, Any]]:
    """The ledger's rows as plain values: for each ticket, the rule that counted or excluded it."""
    wr = window_rules(period.start)
    resolved_states = set(wr.resolved_states)
    batch: list[TicketDistrict] = []
    source = rows.iterator(chunk_size=chunk) if isinstance(rows, QuerySet) else iter(rows)
    for td in source:
        batch.append(td)
        if len(batch) >= chunk:
            yield from _rows(batch, district.code, resolved_states, wr.dedup)
            batch = []
    if batch:
        yield from _rows(batch, district.code, resolved_states, wr.dedup)


def _rows(
    batch: list[TicketDistrict], district_code: int, resolved_states: set[str], dedup: bool
) -> Iterator[dict[str, Any]]:
    appeals = dict(
        TicketExclusion.objects.filter(
            ticket_id__in=[td.ticket_id for td in batch if getattr(td, "has_appeal", False)],
            reason=TicketExclusion.Reason.APPEAL,
        ).values_list("ticket_id", "reference")
    )
    for td in batch:
        t = td.ticket
        has_appeal = bool(getattr(td, "has_appeal", False))
        rule = reason_of(t.state, td.duplicate_of_id is not None, has_appeal, dedup=dedup)
        duplicate_of = td.duplicate_of.ticket_id if td.duplicate_of_id and td.duplicate_of else ""
        appeal = appeals.get(td.ticket_id, "")
        counted = rule == ""
        yield {
            "ticket_id": t.ticket_id,
            "created_at": timezone.localtime(td.created_at).isoformat(timespec="seconds"),
            "district_code": district_code,
            "state": t.state,
            "type": t.type_tags,
            "rule": rule or "counted",
            "rule_th": RULES_TH[rule].format(duplicate_of=duplicate_of, appeal=appeal).strip(),
            "counted": counted,
            "resolved": counted and t.state in resolved_states,
            "duplicate_of": duplicate_of,
            "appeal": appeal,
        }
