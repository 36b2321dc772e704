"""How a connector hands a page to a feed's importer (``pramoen.feeds.base.get_feed``) and has the scores
the pulled records touched recomputed (``recompute_touched``), as the import job does for an upload."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pramoen.feeds.base import Touched, get_feed, recompute_touched
from pramoen.jobs.registry import Progress


def merge(into: Touched, other: Touched) -> None:
    """``other`` added to ``into``: the union of years and agencies, the window widened to cover both."""
    if not other:
        return
    if not into:
        into.start, into.end = other.start, other.end
    else:
        into.start = None if into.start is None or other.start is None else min(into.start, other.start)
        into.end = None if into.end is None or other.end is None else max(into.end, other.end)
    into.fiscal_years |= other.fiscal_years
    into.agency_ids |= other.agency_ids
    if into.period_codes is not None and other.period_codes is not None:
        into.period_codes |= other.period_codes
    elif other.period_codes is None:
        into.period_codes = None


def touched_json(touched: Touched) -> dict[str, Any]:
    """``touched`` as JSON (kept on a pull with each committed page)."""
    if not touched:
        return {}
    return {
        "fiscal_years": sorted(touched.fiscal_years),
        "agency_ids": sorted(touched.agency_ids),
        "start": touched.start.isoformat() if touched.start else None,
        "end": touched.end.isoformat() if touched.end else None,
        "period_codes": None if touched.period_codes is None else sorted(touched.period_codes),
    }


def touched_from_json(data: dict[str, Any] | None) -> Touched:
    """The inverse of ``touched_json`` (an empty or unreadable value touches nothing)."""
    if not data:
        return Touched()
    codes = data.get("period_codes")
    return Touched(
        fiscal_years={int(y) for y in data.get("fiscal_years") or ()},
        agency_ids={int(a) for a in data.get("agency_ids") or ()},
        start=dt.date.fromisoformat(data["start"]) if data.get("start") else None,
        end=dt.date.fromisoformat(data["end"]) if data.get("end") else None,
        period_codes=None if codes is None else set(codes),
    )


@dataclass
class PageCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    state_changes: int = 0
    rejected: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    touched: Touched = field(default_factory=Touched)


def import_page(feed: str, path: Path, *, label: str) -> PageCounts:
    """Import one page (a file the feed reads) as the system; the caller holds the transaction."""
    outcome = get_feed(feed).import_file(path=path, file_name=label, actor=None, progress=Progress())
    s = outcome.summary
    return PageCounts(
        new=int(s.get("inserted") or 0),
        changed=int(s.get("updated") or 0),
        unchanged=int(s.get("unchanged") or 0),
        state_changes=int(s.get("state_changes") or 0),
        rejected=int(s.get("rejected") or 0),
        rejects=list(outcome.rejects),
        touched=outcome.touched,
    )


def recompute(touched: Touched) -> int | None:
    """Recompute the scores the pulled records touched; the number changed (None: nothing was touched)."""
    return recompute_touched(touched) if touched else None
