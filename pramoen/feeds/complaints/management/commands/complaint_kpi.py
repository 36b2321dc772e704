"""pramoen complaint_kpi (--fiscal-year 2566 --period Q1 | --from D --to D) [--dedup on|off] [--format …]"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.exports import kpi_table_text, kpi_xlsx
from pramoen.feeds.complaints.periods import period_dates
from pramoen.feeds.complaints.selectors import district_kpis


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD, Christian Era): {text}") from None


class Command(BaseCommand):
    help = "The complaint KPI of all 50 districts for a fiscal-year period or a date window (Bangkok dates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", type=int, help="BE fiscal year, e.g. 2566")
        parser.add_argument("--period", help="Q1–Q4, H1, H2 or FY")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--dedup", choices=["on", "off"], default="on")
        parser.add_argument("--format", choices=["json", "table", "xlsx"], default="json")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fiscal_year"] is not None or options["period"]:
            if options["start"] or options["end"]:
                raise CommandError("give either --fiscal-year/--period or --from/--to, not both")
            if options["fiscal_year"] is None or not options["period"]:
                raise CommandError("--fiscal-year and --period go together")
            try:
                start, end = period_dates(options["fiscal_year"], options["period"])
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
        elif options["start"] and options["end"]:
            start, end = _date(options["start"]), _date(options["end"])
            if end < start:
                raise CommandError("--to is before --from")
        else:
            raise CommandError("give --fiscal-year and --period, or --from and --to")
        report = district_kpis(start=start, end=end, dedup=options["dedup"] == "on")
        fmt, out = options["format"], options["output"]
        if fmt == "xlsx":
            if out is None:
                raise CommandError("--format xlsx needs -o FILE")
            out.write_bytes(kpi_xlsx(report))
            self.stdout.write(f"written {out}")
            return
        text = (
            json.dumps(report, ensure_ascii=False, indent=2) + "\n"
            if fmt == "json"
            else kpi_table_text(report)
        )
        if out is None:
            self.stdout.write(text, ending="")
        else:
            out.write_text(text, encoding="utf-8")
            self.stdout.write(f"written {out}")
