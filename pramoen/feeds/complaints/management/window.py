"""The window options shared by the complaint commands: --fiscal-year/--period or --from/--to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from pramoen.core.errors import ApplicationError
from pramoen.core.inputs import MAX_DATE, MIN_DATE, date_in_range
from pramoen.framework.periods import period_bounds


def add_window_arguments(parser: CommandParser) -> None:
    parser.add_argument("--fiscal-year", type=int, help="BE fiscal year, e.g. 2566")
    parser.add_argument("--period", help="M01–M12, Q1–Q4, H1, H2 or FY")
    parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (inclusive)")
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (inclusive)")


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD, Christian Era): {text}") from None
    if not date_in_range(day):
        raise CommandError(f"a date from {MIN_DATE} to {MAX_DATE} is needed: {text}")
    return day


def window_from_options(options: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """(first, last) Bangkok dates of the window the options name."""
    if options["fiscal_year"] is not None or options["period"]:
        if options["start"] or options["end"]:
            raise CommandError("give either --fiscal-year/--period or --from/--to, not both")
        if options["fiscal_year"] is None or not options["period"]:
            raise CommandError("--fiscal-year and --period go together")
        try:
            return period_bounds(options["fiscal_year"], options["period"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
    if options["start"] and options["end"]:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to is before --from")
        return start, end
    raise CommandError("give --fiscal-year and --period, or --from and --to")
