"""The KPI rules of a fiscal year: stored in ``ComplaintSettings`` or the documented defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pramoen.core.thai import fiscal_year_be
from pramoen.feeds.complaints.models import PENDING_STEPS, RESOLVED, ComplaintSettings

BANGKOK = ZoneInfo("Asia/Bangkok")


@dataclass(frozen=True)
class Rules:
    fiscal_year: int
    resolved_states: tuple[str, ...] = (RESOLVED,)
    alternative_resolved_states: tuple[str, ...] = (RESOLVED, *PENDING_STEPS)
    dedup_days: int = 7
    dedup_meters: float = 30.0
    dedup_similarity: float = 0.8
    min_tickets_for_ranking: int = 30
    from_settings: bool = False


def rules_for(fiscal_year: int) -> Rules:
    row = ComplaintSettings.objects.filter(fiscal_year=fiscal_year).first()
    if row is None:
        return Rules(fiscal_year=fiscal_year)
    return Rules(
        fiscal_year=fiscal_year,
        resolved_states=tuple(row.resolved_states or (RESOLVED,)),
        alternative_resolved_states=tuple(row.alternative_resolved_states or (RESOLVED, *PENDING_STEPS)),
        dedup_days=row.dedup_days,
        dedup_meters=row.dedup_meters,
        dedup_similarity=row.dedup_similarity,
        min_tickets_for_ranking=row.min_tickets_for_ranking,
        from_settings=True,
    )


def bangkok_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(BANGKOK).date()


def fiscal_year_of(moment: dt.datetime) -> int:
    return fiscal_year_be(bangkok_date(moment))


def window_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in Asia/Bangkok: the dates are inclusive."""
    lo = dt.datetime.combine(start, dt.time(), tzinfo=BANGKOK)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=BANGKOK)
    return lo, hi
