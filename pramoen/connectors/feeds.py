"""How a connector hands a page to a feed's importer and has the touched scores recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Touched:
    fiscal_years: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)
    period_codes: set[str] | None = field(default_factory=set)

    def merge(self, other: Any) -> None:
        if other is None:
            return
        self.fiscal_years |= set(other.fiscal_years)
        self.agency_ids |= set(other.agency_ids)
        if self.period_codes is None or other.period_codes is None:
            self.period_codes = None
        else:
            self.period_codes |= set(other.period_codes)

    def __bool__(self) -> bool:
        return bool(self.fiscal_years)


@dataclass
class PageCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    state_changes: int = 0
    rejected: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    touched: Touched | None = None


def import_page(feed: str, path: Path, *, label: str) -> PageCounts:
    """Import one page (a file the feed reads) as the system; the caller holds the transaction."""
    from pramoen.feeds.complaints.importer import complaints_import

    if feed != "complaints":
        raise ValueError(f"no importer for feed {feed!r}")
    summary = complaints_import(actor=None, path=path, display_name=label)
    return PageCounts(
        new=summary.inserted,
        changed=summary.updated,
        unchanged=summary.unchanged,
        state_changes=summary.state_changes,
        rejected=summary.rejected,
        rejects=list(summary.rejects),
    )


def recompute(touched: Touched) -> int | None:
    """Recompute the scores the pulled records touched; the number changed (None: nothing recomputed)."""
    return None
