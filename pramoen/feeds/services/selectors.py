"""Reads of the online-service feed: the share, its monthly trend, the processes behind it, the gap to
each level, and all districts side by side.  The ``online_services`` method and the pages share these."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from pramoen.core.thai import fiscal_year_bounds
from pramoen.feeds.services.models import Channel, ServiceProcess, ServiceRecord
from pramoen.framework.criteria import Criteria, indicator_criteria
from pramoen.framework.periods import months_between
from pramoen.orgs.models import District

PLACES = Decimal("0.0001")


def percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ShareFigures:
    online: int = 0
    counter: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.online + self.counter + self.other

    @property
    def share(self) -> Decimal | None:
        return percent(self.online, self.total)


def _records(
    agency_id: int, start: dt.date, end: dt.date, exclude: Iterable[str] = ()
) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.filter(agency_id=agency_id, month__gte=start.replace(day=1), month__lte=end)
    codes = list(exclude)
    return qs.exclude(process__code__in=codes) if codes else qs


def _figures(rows: Iterable[Mapping[str, Any]]) -> ShareFigures:
    by_channel = {r["channel"]: int(r["n"] or 0) for r in rows}
    return ShareFigures(
        online=by_channel.get(Channel.ONLINE, 0),
        counter=by_channel.get(Channel.COUNTER, 0),
        other=by_channel.get(Channel.OTHER, 0),
    )


def share_figures(
    *, agency_id: int, start: dt.date, end: dt.date, exclude_processes: Iterable[str] = ()
) -> ShareFigures:
    """Applications by channel for one district office over the months overlapping [start, end]."""
    rows = _records(agency_id, start, end, exclude_processes).values("channel").annotate(n=Sum("count"))
    return _figures(rows)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    figures: ShareFigures
    cumulative: ShareFigures


def monthly_trend(*, agency_id: int, fiscal_year: int) -> list[MonthPoint]:
    """Every month of the fiscal year with that month's share and the share since 1 October."""
    start, end = fiscal_year_bounds(fiscal_year)
    rows = _records(agency_id, start, end).values("month", "channel").annotate(n=Sum("count"))
    by_month: dict[dt.date, dict[str, int]] = {}
    for r in rows:
        by_month.setdefault(r["month"], {})[r["channel"]] = int(r["n"] or 0)
    points, online, counter, other = [], 0, 0, 0
    for month in months_between(start, end):
        got = by_month.get(month, {})
        figures = ShareFigures(
            got.get(Channel.ONLINE, 0), got.get(Channel.COUNTER, 0), got.get(Channel.OTHER, 0)
        )
        online, counter, other = online + figures.online, counter + figures.counter, other + figures.other
        points.append(MonthPoint(month, figures, ShareFigures(online, counter, other)))
    return points


@dataclass(frozen=True)
class ProcessRow:
    process: ServiceProcess
    online: int
    total: int
    share: Decimal | None
    share_of_online: Decimal | None  # this process's part of all the district's online applications


def process_drivers(*, agency_id: int, start: dt.date, end: dt.date) -> list[ProcessRow]:
    """Processes ranked by online applications (what drives the share), then by counter volume of
    processes that could be online (where the next online applications can come from)."""
    rows = (
        _records(agency_id, start, end)
        .values("process_id")
        .annotate(total=Sum("count"), online=Sum("count", filter=Q(channel=Channel.ONLINE)))
    )
    stats = {r["process_id"]: (int(r["online"] or 0), int(r["total"] or 0)) for r in rows}
    processes = ServiceProcess.objects.in_bulk(list(stats))
    all_online = sum(o for o, _ in stats.values())
    result = [
        ProcessRow(processes[pid], online, total, percent(online, total), percent(online, all_online))
        for pid, (online, total) in stats.items()
    ]
    result.sort(key=lambda r: (-r.online, -(r.total - r.online) if r.process.online else 1, r.process.code))
    return result


@dataclass(frozen=True)
class LevelGap:
    level: int
    threshold: Decimal
    needed: int  # more applications made online instead of at the counter (the total stays the same)
    reached: bool
    within_this_month: bool  # this month's counter applications of online processes are enough


def level_gaps(
    *, figures: ShareFigures, thresholds: list[Decimal], movable_this_month: int
) -> list[LevelGap]:
    """For each level: how many more online applications (moved from the counter) would reach it."""
    gaps = []
    for level, threshold in enumerate(thresholds, start=1):
        needed = max(0, math.ceil(threshold * figures.total / 100 - figures.online)) if figures.total else 0
        reached = figures.total > 0 and needed == 0
        gaps.append(LevelGap(level, threshold, needed, reached, needed <= movable_this_month))
    return gaps


def movable_counter_applications(*, agency_id: int, month: dt.date) -> int:
    """Counter and other-channel applications of online-capable processes in ``month``."""
    total = (
        ServiceRecord.objects.filter(agency_id=agency_id, month=month.replace(day=1), process__online=True)
        .exclude(channel=Channel.ONLINE)
        .aggregate(n=Sum("count"))["n"]
    )
    return int(total or 0)


def criteria_for_period(fiscal_year: int, period_code: str) -> Criteria | None:
    """KPI 3.1's criteria for a period, from the one source (framework.criteria): the year's indicator
    computed by ``online_services``; None when the year has no such indicator (no level or score shown)."""
    found = indicator_criteria(fiscal_year, "online_services", period_code)
    return found[1] if found else None


@dataclass(frozen=True)
class OverviewRow:
    district: District
    figures: ShareFigures
    level: int | None
    score: Decimal | None


def overview(
    *, start: dt.date, end: dt.date, criteria: Criteria | None, agency_ids: frozenset[int] | None
) -> list[OverviewRow]:
    """Every district (or those in ``agency_ids``) with its share for the period; two queries."""
    districts = (
        District.objects.select_related("group", "office")
        .defer("boundary", "map_boundary", "office__name_en")
        .order_by("group__code", "seq")
    )
    if agency_ids is not None:
        districts = districts.filter(office_id__in=agency_ids)
    rows = (
        ServiceRecord.objects.filter(month__gte=start.replace(day=1), month__lte=end)
        .values("agency_id", "channel")
        .annotate(n=Sum("count"))
    )
    by_agency: dict[int, list[Mapping[str, Any]]] = {}
    for r in rows:
        by_agency.setdefault(r["agency_id"], []).append(r)
    result = []
    for district in districts:
        figures = _figures(by_agency.get(district.office_id, []))
        share = figures.share
        level = score = None
        if share is not None and criteria is not None:
            score, level = criteria.score(share)
        result.append(OverviewRow(district, figures, level, score))
    return result


def records_for_download(*, agency_id: int, start: dt.date, end: dt.date) -> QuerySet[ServiceRecord]:
    return (
        _records(agency_id, start, end)
        .select_related("process", "agency__district", "batch")
        .order_by("month", "process__code", "channel")
    )


def has_demo_records(*, agency_ids: Iterable[int] | None = None) -> bool:
    qs = ServiceRecord.objects.filter(batch__is_demo=True)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs.exists()
