"""The feed registry: every source of data that computes indicators registers here.

A feed (complaints from Traffy Fondue, BMA OSS service records, budget, surveys, …) is a small class:

    class BudgetFeed(Feed):
        key = "budget"
        label = _("budget disbursement")
        formats = (".csv", ".xlsx")

        def import_file(self, *, path, file_name, actor, progress) -> ImportOutcome: ...

    register_feed(BudgetFeed())

``import_file`` validates every row, writes what it may in one transaction and says what it touched
(fiscal years, agencies, a window of dates); the ``feed_import`` job then recomputes exactly those scores
(``recompute_touched``) and the job's summary says how many changed.  A feed whose items an appeal may
leave out (tickets, budget lines) answers the appeal hooks, so the appeals app never imports a feed.

A feed's rules of a year (budget rules, complaint settings) feed the scoring methods named in ``methods``;
when the evaluation office changes them, ``feeds.jobs.feed_rules_changed`` queues the
``feed_rules_scores`` job, which recomputes the scores of ``rules_touched`` (the assignments of the year
whose indicator uses those methods).  ``rules_locked`` refuses a change once the year's evaluation is
closed (``framework.selectors.year_rules_closed``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from pramoen.core import actors
from pramoen.core.errors import ApplicationError
from pramoen.core.thai import fiscal_year_be
from pramoen.jobs.registry import Progress


@dataclass
class Touched:
    """What an import (or a decision) changed: the scores of these agencies in these fiscal years, for
    the periods that overlap ``start``–``end`` (every period when no window is given)."""

    fiscal_years: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)
    start: dt.date | None = None
    end: dt.date | None = None
    period_codes: set[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.fiscal_years and self.agency_ids)


@dataclass
class ImportOutcome:
    """An import's result: its figures (JSON-safe), its sentences for people (Thai), its rejected rows
    ({row, field, reason}, sheet where there is one) and what it touched."""

    summary: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    touched: Touched = field(default_factory=Touched)


class Feed:
    key: ClassVar[str]
    label: ClassVar[str | Promise]
    # the file types the import page accepts, and the page where the feed's data is shown
    formats: ClassVar[tuple[str, ...]] = (".csv", ".xlsx")
    page_url_name: ClassVar[str] = ""
    # the appeal effect whose items this feed turns into exclusions (appeals.models.Effect), if any
    appeal_effect: ClassVar[str] = ""
    appeal_item_kind: ClassVar[str] = ""
    # the scoring methods (scoring.methods keys) the feed's rules of a year feed
    methods: ClassVar[tuple[str, ...]] = ()

    def import_file(
        self, *, path: Path, file_name: str, actor: Any | None, progress: Progress
    ) -> ImportOutcome:
        raise NotImplementedError

    # --- appeal hooks (feeds with ``appeal_effect``) ------------------------------------------------------
    def appeal_resolve(self, case: Any, refs: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """(usable ids → description, unusable ids → reason) for the case's agency and year."""
        raise NotImplementedError

    def appeal_candidates(self, case: Any, query: str, limit: int) -> list[dict[str, str]]:
        """Items the agency may pick (besides pasting ids): [{"ref", "label"}]."""
        raise NotImplementedError

    def appeal_exclude(self, case: Any, refs: list[str]) -> list[str]:
        """Leave these items out (reason: appeal ``case.number``); returns those this call excluded (an
        item another decision already excluded stays as it is and is not returned)."""
        raise NotImplementedError

    def appeal_include(self, case: Any, refs: list[str]) -> None:
        """Undo ``appeal_exclude`` for these items."""
        raise NotImplementedError

    def appeal_summary(self, count: int) -> str:
        raise NotImplementedError

    # --- rules of a year ----------------------------------------------------------------------------------
    def rules_follow(self, *, fiscal_year: int, progress: Progress, options: dict[str, Any]) -> list[str]:
        """Work the feed's own data needs after its rules of ``fiscal_year`` changed, before the scores
        are recomputed (complaints: duplicates under new thresholds); its sentences for people."""
        return []


_FEEDS: dict[str, Feed] = {}


def register_feed(feed: Feed) -> Feed:
    existing = _FEEDS.get(feed.key)
    if existing is not None and type(existing) is not type(feed):
        raise ValueError(f"feed {feed.key!r} is already registered by {type(existing).__name__}")
    _FEEDS[feed.key] = feed
    return feed


def get_feed(key: str) -> Feed:
    try:
        return _FEEDS[key]
    except KeyError:
        raise KeyError(f"unknown feed {key!r}; registered: {', '.join(sorted(_FEEDS)) or 'none'}") from None


def registered_feeds() -> dict[str, Feed]:
    return dict(_FEEDS)


def _imported(key: str) -> str | None:
    """The name of ``system:import_<feed>`` (the feeds' import commands) for pages."""
    feed = _FEEDS.get(key)
    return None if feed is None else _("importing %(data)s") % {"data": feed.label}


actors.register_prefix("import_", _imported)


def feed_for_appeal_effect(effect: str) -> Feed | None:
    for feed in _FEEDS.values():
        if feed.appeal_effect and feed.appeal_effect == effect:
            return feed
    return None


def recompute_touched(touched: Touched) -> int:
    """Recompute exactly the scores an import touched; returns how many stored scores changed."""
    from pramoen.framework.models import Assignment, FiscalYear, Period
    from pramoen.scoring.engine import recompute_agencies

    if not touched:
        return 0
    changed = 0
    for fy in FiscalYear.objects.filter(year__in=touched.fiscal_years).order_by("year"):
        assigned = set(
            Assignment.objects.filter(indicator__fiscal_year=fy, agency_id__in=touched.agency_ids)
            .values_list("agency_id", flat=True)
            .distinct()
        )
        if not assigned:
            continue
        periods = Period.objects.filter(fiscal_year=fy)
        if touched.period_codes is not None:
            periods = periods.filter(code__in=touched.period_codes)
        if touched.start is not None:
            periods = periods.filter(end__gte=touched.start)
        if touched.end is not None:
            periods = periods.filter(start__lte=touched.end)
        codes = list(periods.values_list("code", flat=True))
        if codes:
            changed += recompute_agencies(fiscal_year=fy.year, agency_ids=assigned, period_codes=codes)
    return changed


def rules_assignments(feed: Feed, fiscal_year: int) -> Any:
    """The assignments of ``fiscal_year`` whose indicator is computed by one of the feed's methods."""
    from pramoen.framework.models import Assignment

    return Assignment.objects.filter(
        indicator__fiscal_year__year=fiscal_year, indicator__method__in=feed.methods
    )


def rules_touched(feed: Feed, fiscal_year: int) -> Touched:
    """What a change of the feed's rules of ``fiscal_year`` touches: the agencies of ``rules_assignments``,
    in the periods where one of those assignments already has a score (a period nobody scored stays
    without rows)."""
    from pramoen.scoring.models import ScoreResult

    assignments = rules_assignments(feed, fiscal_year)
    agency_ids = set(assignments.values_list("agency_id", flat=True).distinct())
    codes = set(
        ScoreResult.objects.filter(assignment__in=assignments.values("pk"))
        .values_list("period__code", flat=True)
        .distinct()
    )
    return Touched(fiscal_years={fiscal_year} if codes else set(), agency_ids=agency_ids, period_codes=codes)


def rules_locked(fiscal_year: int) -> None:
    """Refuse (ApplicationError, in Thai) a change of a feed's rules of a year whose evaluation is closed."""
    from pramoen.framework.selectors import year_rules_closed

    if year_rules_closed(fiscal_year):
        raise ApplicationError(
            _(
                "The evaluation of fiscal year %(year)s is closed: the rules its scores were computed by "
                "can no longer change. To correct them, the evaluation office first sets the year's "
                "second half-year round back to open on the rounds page."
            )
            % {"year": fiscal_year},
            {"field": "fiscal_year", "reason": "locked"},
        )


def fiscal_years_between(start: dt.date, end: dt.date) -> set[int]:
    return set(range(fiscal_year_be(start), fiscal_year_be(end) + 1))
