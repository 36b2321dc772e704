"""Reads for scorecards, rankings and the score trail."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from pramoen.core.thai import format_datetime
from pramoen.framework import selectors as framework_selectors
from pramoen.framework.criteria import YEAR_END, Criteria
from pramoen.framework.models import Assignment, Component, FiscalYear, Indicator, Period
from pramoen.orgs.models import Agency
from pramoen.scoring import explain, presenters, rollup
from pramoen.scoring.criteria import percent_of_max
from pramoen.scoring.inputs import joint_source
from pramoen.scoring.methods import registered_methods
from pramoen.scoring.models import AgencyScore, ScoreResult, VerifiedResult

# Traffic lights: at least 4 of 5 is good, at least 3 acceptable, below 3 must speed up.
GREEN_FROM = Decimal(4)
AMBER_FROM = Decimal(3)


def traffic_light(score: Decimal | None) -> str:
    if score is None:
        return "grey"
    if score >= GREEN_FROM:
        return "green"
    return "amber" if score >= AMBER_FROM else "red"


@dataclass
class ScorecardLine:
    assignment: Assignment
    indicator: Indicator
    result: ScoreResult | None
    trend: list[Decimal | None]

    @property
    def light(self) -> str:
        return traffic_light(self.result.score if self.result else None)


@dataclass
class ScorecardComponent:
    component: Component
    score: Decimal | None
    weight_scored: Decimal
    weight_total: Decimal
    lines: list[ScorecardLine] = field(default_factory=list)
    # its sub-components (องค์ประกอบย่อย), each with its own lines, shown after the component's own lines
    children: list[ScorecardComponent] = field(default_factory=list)

    @property
    def light(self) -> str:
        return traffic_light(self.score)

    @property
    def all_lines(self) -> list[ScorecardLine]:
        return self.lines + [line for child in self.children for line in child.lines]


@dataclass
class Scorecard:
    agency: Agency
    fiscal_year: FiscalYear
    period: Period
    overall: Decimal | None
    components: list[ScorecardComponent]
    trend_periods: list[Period]
    overall_trend: list[Decimal | None]
    # the period's overall roll-up: when it was computed, by whom and in which job (import, recompute …)
    computed: AgencyScore | None = None

    @property
    def percent(self) -> Decimal | None:
        return percent_of_max(self.overall) if self.overall is not None else None

    @property
    def light(self) -> str:
        return traffic_light(self.overall)

    @property
    def has_data(self) -> bool:
        """Whether any score of the period is stored (else the page says "no data yet")."""
        return any(
            line.result is not None and line.result.status == ScoreResult.Status.SCORED
            for comp in self.components
            for line in comp.all_lines
        )


def code_key(code: str) -> tuple[int | str, ...]:
    """Natural order of indicator codes: 1.2 before 1.10."""
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))


def fiscal_years() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.order_by("-year")


def default_fiscal_year() -> FiscalYear | None:
    """The year of the current round (the latest year that has one), else the latest year."""
    found = framework_selectors.current_round()
    return found.fiscal_year if found is not None else fiscal_years().first()


def default_period(fy: FiscalYear) -> Period:
    """The current round's period (framework.selectors.default_period)."""
    return framework_selectors.default_period(fy)


def trend_periods(fy: FiscalYear, period: Period) -> list[Period]:
    """The periods of the same kind as ``period`` up to it (months for a month, quarters for a quarter…);
    for the half-year and the year, the months."""
    kind = period.kind if period.kind in {"month", "quarter"} else "month"
    return list(Period.objects.filter(fiscal_year=fy, kind=kind, end__lte=period.end).order_by("start"))


def scorecard(*, agency: Agency, fiscal_year: FiscalYear, period: Period) -> Scorecard:
    assignments = list(
        Assignment.objects.filter(agency=agency, indicator__fiscal_year=fiscal_year)
        .select_related("indicator__component__parent")
        .order_by("indicator__component__order", "indicator__code")
    )
    trend = trend_periods(fiscal_year, period)
    wanted = {period.pk, *(p.pk for p in trend)}
    # the period's results whole; of the trend's other periods only the score (each result carries four
    # JSON documents — criteria, inputs, exclusions, appeals — that the trend would decode for nothing)
    stored = ScoreResult.objects.filter(assignment__in=assignments)
    results: dict[tuple[int, int], ScoreResult] = {
        (r.assignment_id, r.period_id): r
        for r in chain(
            stored.filter(period=period),
            stored.filter(period_id__in=wanted - {period.pk}).only("assignment_id", "period_id", "score"),
        )
    }
    rollups = {
        (s.component_id, s.period_id): s
        for s in AgencyScore.objects.filter(agency=agency, period_id__in=wanted).select_related("job")
    }
    components: dict[int, ScorecardComponent] = {}

    def card_component(comp: Component) -> ScorecardComponent:
        if comp.pk not in components:
            roll = rollups.get((comp.pk, period.pk))
            components[comp.pk] = ScorecardComponent(
                component=comp,
                score=roll.score if roll else None,
                weight_scored=roll.weight_scored if roll else Decimal(0),
                weight_total=roll.weight_total if roll else Decimal(0),
            )
        return components[comp.pk]

    for a in assignments:
        card_component(a.indicator.component).lines.append(
            ScorecardLine(
                assignment=a,
                indicator=a.indicator,
                result=results.get((a.pk, period.pk)),
                trend=[getattr(results.get((a.pk, p.pk)), "score", None) for p in trend],
            )
        )
    for item in list(components.values()):
        item.lines.sort(key=lambda line: code_key(line.indicator.code))
        if (parent := item.component.parent) is not None:
            card_component(parent).children.append(item)
    tops = [item for item in components.values() if item.component.parent_id is None]
    for item in tops:
        item.children.sort(key=lambda child: (child.component.order, code_key(child.component.code)))
    tops.sort(key=lambda item: (item.component.order, code_key(item.component.code)))
    overall = rollups.get((None, period.pk))
    return Scorecard(
        agency=agency,
        fiscal_year=fiscal_year,
        period=period,
        overall=overall.score if overall else None,
        components=tops,
        trend_periods=trend,
        overall_trend=[getattr(rollups.get((None, p.pk)), "score", None) for p in trend],
        computed=overall,
    )


# --- Ranking among peers -------------------------------------------------------------------------


PEER_GROUPS = {
    Agency.Kind.DISTRICT_OFFICE: Agency.Kind.DISTRICT_OFFICE,
    Agency.Kind.BUREAU: Agency.Kind.BUREAU,
    Agency.Kind.OFFICE: Agency.Kind.OFFICE,
}


@dataclass
class RankRow:
    agency: Agency
    score: Decimal | None
    rank: int | None
    indicators_used: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of_max(self.score) if self.score is not None else None

    @property
    def light(self) -> str:
        return traffic_light(self.score)


@dataclass
class Ranking:
    kind: str
    period: Period
    rows: list[RankRow]
    used: list[Indicator]
    left_out: list[tuple[Indicator, Decimal]]  # indicator and its data coverage among peers (%)
    min_coverage: Decimal

    @property
    def has_data(self) -> bool:
        return any(row.score is not None for row in self.rows)


def ranking(*, fiscal_year: FiscalYear, period: Period, kind: str) -> Ranking:
    """Rank agencies of one kind on the indicators enough of them have data for.

    An indicator counts only when at least ``fiscal_year.ranking_min_coverage`` % of the peers assigned to it
    have a score for the period, so nobody is ranked on what most could not yet report."""
    peers = list(Agency.objects.filter(kind=kind, is_active=True).order_by("name_th"))
    rows = list(
        ScoreResult.objects.filter(period=period, assignment__agency__in=peers).values_list(
            "assignment__agency_id", "assignment__indicator_id", "assignment__weight", "status", "score"
        )
    )
    assigned: dict[int, int] = defaultdict(int)
    scored: dict[int, int] = defaultdict(int)
    for _agency, indicator, _w, status, _s in rows:
        assigned[indicator] += 1
        if status == ScoreResult.Status.SCORED:
            scored[indicator] += 1
    coverage = {i: Decimal(scored[i] * 100) / assigned[i] for i in assigned}
    keep = {i for i, c in coverage.items() if c >= fiscal_year.ranking_min_coverage}
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=assigned).select_related("component")}
    nodes = rollup.nodes_of(
        Component.objects.filter(fiscal_year=fiscal_year).values_list("pk", "parent_id", "weight")
    )
    per_agency: dict[int, dict[int, list[tuple[Decimal, Decimal]]]] = defaultdict(lambda: defaultdict(list))
    used_count: dict[int, int] = defaultdict(int)
    for agency_id, indicator, weight, status, score in rows:
        if indicator in keep and status == ScoreResult.Status.SCORED and score is not None:
            per_agency[agency_id][indicators[indicator].component_id].append((weight, score))
            used_count[agency_id] += 1
    result_rows = []
    for agency in peers:
        components = per_agency.get(agency.pk, {})
        # ranked on the indicators kept only: each counts with the weight it has, scored or not
        kept_weight = {c: sum((w for w, _ in pairs), Decimal(0)) for c, pairs in components.items()}
        _parts, overall = rollup.roll_up(nodes, components, kept_weight)
        result_rows.append(RankRow(agency, overall.score, None, used_count.get(agency.pk, 0)))
    ordered = sorted(result_rows, key=lambda r: (r.score is None, -(r.score or 0), r.agency.name_th))
    rank = 0
    previous: Decimal | None = None
    for position, row in enumerate(ordered, start=1):
        if row.score is None:
            continue
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank  # ties share a rank
    return Ranking(
        kind=kind,
        period=period,
        rows=ordered,
        used=sorted((indicators[i] for i in keep), key=lambda i: code_key(i.code)),
        left_out=sorted(
            ((indicators[i], coverage[i].quantize(Decimal("0.1"))) for i in set(assigned) - keep),
            key=lambda pair: code_key(pair[0].code),
        ),
        min_coverage=fiscal_year.ranking_min_coverage,
    )


# --- The trail of one score ----------------------------------------------------------------------


def score_detail(*, pk: int) -> ScoreResult:
    return ScoreResult.objects.select_related(
        "assignment__indicator__component",
        "assignment__indicator__host_agency",
        "assignment__agency",
        "period__fiscal_year",
    ).get(pk=pk)


def score_verification(result: ScoreResult) -> VerifiedResult | None:
    """The verified result a score was computed from: the assignment's own, or for a joint KPI the host's
    (the engine scores every participant from the host's figures; see engine._compute_slot)."""
    source = result.assignment_id
    if result.assignment.indicator.is_joint:
        members = list(
            Assignment.objects.filter(indicator_id=result.assignment.indicator_id)
            .order_by("pk")
            .values_list("pk", "role")
        )
        source = joint_source(members, lambda m: m[1])[0]
    return (
        VerifiedResult.objects.filter(assignment_id=source, period_id=result.period_id)
        .select_related("verified_by")
        .first()
    )


def score_trail(result: ScoreResult, verification: VerifiedResult | None) -> dict[str, Any]:
    """Everything needed to check a score by hand, in plain Thai, JSON-safe; ``verification`` is
    ``score_verification(result)`` (None: nobody verified the figures)."""
    ind = result.assignment.indicator
    thresholds = [Decimal(t) for t in result.criteria.get("thresholds", [])]
    higher = bool(result.criteria.get("higher_is_better", True))
    floor = Decimal(result.criteria.get("floor", "0"))
    method = registered_methods().get(result.method)
    label = method.label if method is not None else gettext("a calculation method no longer in use")
    steps = [f"วิธีคำนวณ: {label}"]
    steps += explain.explanation_lines(result.explanation)
    if len(thresholds) == 5 and result.method != "milestone_level":
        steps.insert(1, explain.criteria_sentence(thresholds, higher_is_better=higher, floor=floor))
    verified_by = verification.verified_by if verification is not None else None
    verified_at = verification.verified_at if verification is not None and verified_by is not None else None
    lines = presenters.score_lines(result)
    if verified_by is not None and verified_at is not None:
        when = format_datetime(timezone.localtime(verified_at))
        steps.append(f"ตรวจสอบผลโดย {verified_by.display_name} เมื่อ {when}")
    elif method is not None and method.computed_from_feed:
        steps.append("คำนวณจากข้อมูลนำเข้าโดยอัตโนมัติ ไม่มีการพิมพ์ตัวเลขซ้ำ")
    return {
        "id": result.pk,
        "agency": {"code": result.assignment.agency.code, "name_th": result.assignment.agency.name_th},
        "indicator": {
            "code": ind.code,
            "name_th": ind.name_th,
            "name_en": ind.name_en,
            "unit": ind.unit,
            "component": ind.component.code,
            "joint": ind.is_joint,
        },
        "fiscal_year": result.period.fiscal_year.year,
        "period": result.period.code,
        "status": result.status,
        "actual": _s(result.actual),
        "target": _s(result.target),
        "level": result.level,
        "score": _s(result.score),
        "percent_of_max": _s(percent_of_max(result.score)) if result.score is not None else None,
        "method": result.method,
        "criteria": {
            "thresholds": [str(t) for t in thresholds],
            "higher_is_better": higher,
            "floor": str(floor),
            # where the thresholds came from (year-end, the period's own, the plan curve): framework.criteria
            "source": result.criteria.get("source", YEAR_END),
            "source_label": Criteria.from_json(result.criteria).source_label,
            "demo": bool(result.criteria.get("demo", False)),  # demo values, labelled so on the page
        },
        "inputs": result.inputs,
        "exclusions": result.exclusions,
        # the same as labelled lines in the active language, each linked to the records behind it
        "lines": presenters.as_json(lines.lines),
        "left_out": presenters.as_json(lines.left_out),
        "appeals": result.appeals,
        "verified_by": verified_by.get_username() if verified_by is not None else None,
        "verified_at": verified_at.isoformat() if verified_at is not None else None,
        "computed_at": result.computed_at.isoformat(),
        "explanation_th": steps,
    }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
