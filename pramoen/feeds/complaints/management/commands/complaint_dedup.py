"""pramoen complaint_dedup (--fiscal-year 2566 --period Q1 | --from D --to D) — recompute duplicates, then
the complaint scores from the window's start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pramoen.core.audit import acting_as
from pramoen.feeds.base import fiscal_years_between
from pramoen.feeds.complaints.dedup import dedup_range
from pramoen.feeds.complaints.feed import complaint_scores_from
from pramoen.feeds.complaints.management.window import add_window_arguments, window_from_options
from pramoen.feeds.complaints.rules import rules_for, window_bounds


class Command(BaseCommand):
    help = (
        "Recompute the duplicates of the tickets created in a fiscal-year period or a date window "
        "(Bangkok dates), with the thresholds of each ticket's fiscal year, then the complaint scores of "
        "the periods from the window's start to the last day a duplicate may have moved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_window_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = window_from_options(options)
        lo, hi = window_bounds(start, end)
        with acting_as(label="system:complaint_dedup"):
            found = dedup_range(lo, hi)
            self.stdout.write(f"{found} duplicates among the tickets created from {start} to {end}")
            # a ticket up to the longest duplicate window after the window may have changed too
            span = max(rules_for(year).dedup_days for year in fiscal_years_between(start, end))
            last = end + dt.timedelta(days=span)
            changed = complaint_scores_from(start, last)
        self.stdout.write(
            f"{changed} stored complaint scores changed (periods overlapping {start} to {last})"
        )
