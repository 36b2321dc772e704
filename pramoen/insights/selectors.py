"""The executive overview in numbers: agencies × components, the laggards and why, the trend, the map.

Everything here is plain data (dataclasses of ids, names and Decimals), cached on the data generation
(``pramoen.core.generation``) by the view: a recompute or an import makes it fresh."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from pramoen.framework.models import Component, FiscalYear, Period
from pramoen.insights.fairness import Fairness, fairness
from pramoen.insights.forecast import Forecast, forecast
from pramoen.insights.projection import number as _num
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.scoring.models import AgencyScore, ScoreResult
from pramoen.scoring.selectors import AMBER_FROM, code_key, traffic_light, trend_periods

TOP_N = 5  # laggards per list


@dataclass(frozen=True)
class Cell:
    component_id: int
    score: Decimal | None

    @property
    def light(self) -> str:
        return traffic_light(self.score)


@dataclass(frozen=True)
class Row:
    agency_id: int
    code: str
    name_th: str
    name_en: str
    kind: str
    district_code: int | None
    group_code: int | None
    overall: Decimal | None
    cells: tuple[Cell, ...]

    @property
    def light(self) -> str:
        return traffic_light(self.overall)


@dataclass(frozen=True)
class Laggard:
    code: str
    name_th: str
    name_en: str
    figure: str  # the number the list is about, formatted
    reason_th: str  # one line: why
    score_id: int | None = None  # the score the reason names (its explain page)


@dataclass(frozen=True)
class ComponentHead:
    id: int
    code: str
    name_th: str
    name_en: str


@dataclass
class Overview:
    year: int
    period_code: str
    period_name_th: str
    period_name_en: str
    components: list[ComponentHead]
    rows: list[Row]
    lowest: list[Laggard] = field(default_factory=list)
    drops: list[Laggard] = field(default_factory=list)
    drop_from: str = ""  # the period the drops are measured from (Thai name)
    warned: list[Laggard] = field(default_factory=list)
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (Thai period name, mean)
    district_scores: dict[int, dict[str, float | None]] = field(default_factory=dict)
    obstacles: list[tuple[str, str, int]] = field(default_factory=list)  # (component, indicator, times)
    forecast: Forecast | None = None  # the year-end projection of every scored indicator shown
    fairness: Fairness | None = None  # the district offices shown, within their peer groups

    @property
    def scored(self) -> int:
        return sum(1 for r in self.rows if r.overall is not None)

    @property
    def mean(self) -> Decimal | None:
        values = [r.overall for r in self.rows if r.overall is not None]
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None

    @property
    def behind(self) -> int:
        """Agencies whose overall score is below level 3 (the traffic light's amber)."""
        return sum(1 for r in self.rows if r.overall is not None and r.overall < AMBER_FROM)

    @property
    def change(self) -> tuple[str, Decimal, Decimal] | None:
        """(the previous round with a mean, this round's mean minus that one, its size): the headline's
        trend."""
        if self.mean is None:
            return None
        for name, value in reversed(self.trend[:-1]):
            if value is not None:
                return name, self.mean - value, abs(self.mean - value)
        return None


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def agencies(kind: str = "", group: int | None = None, code: str = "") -> list[Agency]:
    # the districts' outlines are large JSON documents: decoding them took most of a cold overview
    qs = (
        Agency.objects.filter(is_active=True)
        .select_related("district__group")
        .defer("district__boundary", "district__map_boundary")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if group is not None:
        qs = qs.filter(district__group__code=group)
    if code:
        qs = qs.filter(code=code)
    return list(qs.order_by("kind", "name_th"))


def agency_choices(kind: str = "", group: int | None = None) -> list[tuple[str, str, str]]:
    """(code, Thai name, English name) of the agencies the filters keep: the agency filter's options."""
    qs = Agency.objects.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if group is not None:
        qs = qs.filter(district__group__code=group)
    return list(qs.order_by("kind", "name_th").values_list("code", "name_th", "name_en"))


def _scores(
    period_ids: list[int], agency_ids: list[int]
) -> dict[tuple[int, int | None, int], Decimal | None]:
    """(agency, component or None for overall, period) → score."""
    rows = AgencyScore.objects.filter(period_id__in=period_ids, agency_id__in=agency_ids).values_list(
        "agency_id", "component_id", "period_id", "score"
    )
    return {(a, c, p): s for a, c, p, s in rows}


def overview(
    *, fiscal_year: FiscalYear, period: Period, kind: str = "", group: int | None = None, agency: str = ""
) -> Overview:
    components = [
        ComponentHead(c.pk, c.code, c.name_th, c.name_en)
        for c in Component.objects.filter(fiscal_year=fiscal_year, parent__isnull=True).order_by(
            "order", "code"
        )
    ]
    people = agencies(kind, group, agency)
    ids = [a.pk for a in people]
    trend = [p for p in trend_periods(fiscal_year, period) if p.pk != period.pk]
    scores = _scores([period.pk, *(p.pk for p in trend)], ids)
    rows = []
    for a in people:
        district = getattr(a, "district", None)
        rows.append(
            Row(
                a.pk,
                a.code,
                a.name_th,
                a.name_en,
                a.kind,
                district.code if district else None,
                district.group.code if district else None,
                _q(scores.get((a.pk, None, period.pk))),
                tuple(Cell(c.id, _q(scores.get((a.pk, c.id, period.pk)))) for c in components),
            )
        )
    rows.sort(key=lambda r: (r.overall is None, r.overall or 0, r.name_th))
    result = Overview(fiscal_year.year, period.code, period.name_th, period.name_en, components, rows)
    result.lowest = _lowest(rows, period)
    result.drops, result.drop_from = _drops(rows, scores, trend)
    result.warned = _warned(fiscal_year, period, set(ids))
    result.trend = [(p.name_th, _mean([scores.get((a, None, p.pk)) for a in ids])) for p in [*trend, period]]
    result.district_scores = {
        r.district_code: {
            "overall": float(r.overall) if r.overall is not None else None,
            **{str(c.component_id): float(c.score) if c.score is not None else None for c in r.cells},
        }
        for r in rows
        if r.district_code is not None
    }
    result.obstacles = recurring_obstacles(fiscal_year.year, period.code, set(ids))
    result.forecast = forecast(fiscal_year=fiscal_year, period=period, agency_ids=ids)
    if any(a.kind == Agency.Kind.DISTRICT_OFFICE for a in people):
        result.fairness = fairness(period=period, agency_ids=set(ids))
    return result


def overview_name(year: int, period_code: str, kind: str, group: int | None, agency: str) -> str:
    """The cache name of one overview (its filters): the page's fragments are keyed on it too."""
    return f"overview:{year}:{period_code}:{kind}:{group}:{agency}"


def cached_overview(
    *, fiscal_year: FiscalYear, period: Period, kind: str = "", group: int | None = None, agency: str = ""
) -> tuple[Overview, str]:
    """``overview`` cached on the data generation, and the generation it was built at: the overview page
    and the executive's home share one build per generation and filters."""
    from pramoen.core import generation

    name = overview_name(fiscal_year.year, period.code, kind, group, agency)
    return generation.cached_with_generation(
        name, lambda: overview(fiscal_year=fiscal_year, period=period, kind=kind, group=group, agency=agency)
    )


def _mean(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.01")) if present else None


def _weakest_scores(agency_ids: set[int], period: Period) -> dict[int, ScoreResult]:
    """Each agency's lowest-scored indicator in the period (its reason for being low)."""
    weakest: dict[int, ScoreResult] = {}
    results = (
        ScoreResult.objects.filter(
            period=period, assignment__agency_id__in=agency_ids, status=ScoreResult.Status.SCORED
        )
        .exclude(score__isnull=True)
        .select_related("assignment__indicator")
        .only("pk", "score", "actual", "target", "assignment__agency_id", "assignment__indicator__code",
              "assignment__indicator__name_th", "assignment__indicator__unit")
        .order_by("score", "pk")
    )  # fmt: skip
    for r in results:
        weakest.setdefault(r.assignment.agency_id, r)
    return weakest


def _reason(result: ScoreResult | None) -> str:
    if result is None:
        return "ยังไม่มีตัวชี้วัดที่มีคะแนน"
    ind = result.assignment.indicator
    name = ind.name_th if len(ind.name_th) <= 60 else ind.name_th[:57] + "…"
    actual = "" if result.actual is None else f" ผลงาน {_num(result.actual)}"
    target = "" if result.target is None else f" เป้าหมาย {_num(result.target)}"
    return f"ตัวชี้วัด {ind.code} {name} ได้ {_num(result.score)} จาก 5{actual}{target} {ind.unit}".strip()


def _lowest(rows: list[Row], period: Period) -> list[Laggard]:
    low = [r for r in rows if r.overall is not None][:TOP_N]
    weakest = _weakest_scores({r.agency_id for r in low}, period)
    return [
        Laggard(
            r.code,
            r.name_th,
            r.name_en,
            _num(r.overall),
            _reason(weakest.get(r.agency_id)),
            getattr(weakest.get(r.agency_id), "pk", None),
        )
        for r in low
    ]


def _drops(
    rows: list[Row], scores: dict[tuple[int, int | None, int], Decimal | None], trend: list[Period]
) -> tuple[list[Laggard], str]:
    """The largest falls of the overall score from the previous round with scores to this one."""
    for previous in reversed(trend):
        before = {r.agency_id: scores.get((r.agency_id, None, previous.pk)) for r in rows}
        if not any(v is not None for v in before.values()):
            continue
        falls = []
        for r in rows:
            b = before.get(r.agency_id)
            if r.overall is not None and b is not None and r.overall < b:
                falls.append((b - r.overall, r, b))
        falls.sort(key=lambda f: (-f[0], f[1].name_th))
        out = []
        for fall, r, b in falls[:TOP_N]:
            worst = min(
                (
                    (b_c - c.score, c.component_id)
                    for c in r.cells
                    if c.score is not None
                    and (b_c := scores.get((r.agency_id, c.component_id, previous.pk))) is not None
                ),
                default=None,
            )
            why = f"คะแนนรวมลดจาก {_num(b)} เป็น {_num(r.overall)}"
            if worst is not None and worst[0] > 0:
                comp = Component.objects.filter(pk=worst[1]).values_list("code", flat=True).first()
                why += f" ลดมากที่สุดที่องค์ประกอบ {comp} (−{_num(worst[0])})"
            out.append(Laggard(r.code, r.name_th, r.name_en, f"−{_num(_q(fall))}", why))
        return out, previous.name_th
    return [], ""


def _warned(fiscal_year: FiscalYear, period: Period, agency_ids: set[int]) -> list[Laggard]:
    """Agencies with the most early warnings (indicators behind the straight line to the year's target)."""
    from pramoen.progress.selectors import early_warning_lags

    on = min(period.end, dt.date.today()) if period.end >= fiscal_year.start else period.end
    lags = [w for w in early_warning_lags(fiscal_year=fiscal_year, on=on) if w.agency_id in agency_ids]
    counts = Counter(w.agency_id for w in lags)
    worst: dict[int, Any] = {}
    for w in lags:  # worst first
        worst.setdefault(w.agency_id, w)
    names = {a.pk: a for a in Agency.objects.filter(pk__in=list(counts))}
    out = []
    for agency_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]].name_th))[:TOP_N]:
        w = worst[agency_id]
        a = names[agency_id]
        why = (
            f"ตัวชี้วัด {w.indicator_code} ล่าช้ากว่าแผนมากที่สุด: ผลงาน {_num(w.actual)} "
            f"ควรถึง {_num(w.expected)} (ต่ำกว่าแผนร้อยละ {_num(w.lag)})"
        )
        out.append(Laggard(a.code, a.name_th, a.name_en, str(n), why))
    return out


def recurring_obstacles(year: int, period_code: str, agency_ids: set[int]) -> list[tuple[str, str, int]]:
    """The round's obstacles the committees recorded, grouped by component and indicator, most
    frequent first: (component, indicator as the committees wrote it, how many times)."""
    from pramoen.monitoring.models import Obstacle

    found: Counter[tuple[str, str]] = Counter()
    rows = (
        Obstacle.objects.filter(sheet__round__fiscal_year=year, sheet__round__period=period_code)
        .filter(Q(agencies__in=agency_ids) | Q(agencies__isnull=True))
        .values_list("pk", "component", "indicator")
        .distinct()
    )
    for _pk, component, indicator in rows:
        found[(component, (indicator or "").strip() or "—")] += 1
    ordered = sorted(found.items(), key=lambda kv: (-kv[1], code_key(kv[0][0] or "9"), kv[0][1]))
    return [(c, i, n) for (c, i), n in ordered[:10]]


def district_groups() -> list[DistrictGroup]:
    return list(DistrictGroup.objects.order_by("code"))


def districts_by_code() -> dict[int, District]:
    return {d.code: d for d in District.objects.only("code", "name_th", "name_en")}


def peer_counts(rows: list[Row]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.kind] += 1
    return dict(counts)
