"""The KPI rules of a fiscal year: stored in ``ComplaintSettings`` or the documented defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pramoen.core.thai import fiscal_year_be
from pramoen.feeds.complaints.models import (
    DEMO_STARS_WEIGHT,
    PENDING_STEPS,
    RESOLVED,
    SEED_STARS_COUNTED,
    ComplaintSettings,
    StarsPlace,
)

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
    stars_place: str = StarsPlace.BESIDE
    stars_weight: int = DEMO_STARS_WEIGHT
    stars_weight_source: str = ""  # empty: the weight is a demo value
    from_settings: bool = False

    @property
    def stars_counted(self) -> bool:
        return self.stars_place == StarsPlace.COUNTED


def default_stars_place(fiscal_year: int) -> str:
    """The stars' place in a year without settings: counted where the seed says so (FY2567), else beside."""
    return StarsPlace.COUNTED if fiscal_year in SEED_STARS_COUNTED else StarsPlace.BESIDE


def rules_for(fiscal_year: int) -> Rules:
    row = ComplaintSettings.objects.filter(fiscal_year=fiscal_year).first()
    if row is None:
        return Rules(fiscal_year=fiscal_year, stars_place=default_stars_place(fiscal_year))
    return Rules(
        fiscal_year=fiscal_year,
        resolved_states=tuple(row.resolved_states or (RESOLVED,)),
        alternative_resolved_states=tuple(row.alternative_resolved_states or (RESOLVED, *PENDING_STEPS)),
        dedup_days=row.dedup_days,
        dedup_meters=row.dedup_meters,
        dedup_similarity=row.dedup_similarity,
        min_tickets_for_ranking=row.min_tickets_for_ranking,
        stars_place=row.stars_place,
        stars_weight=row.stars_weight,
        stars_weight_source=row.stars_weight_source,
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
