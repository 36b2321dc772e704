"""pramoen complaint_kpi (--fiscal-year 2566 --period Q1 | --from D --to D) [--dedup on|off] [--format …]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.feeds.complaints.exports import kpi_table_text, kpi_xlsx
from pramoen.feeds.complaints.management.window import add_window_arguments, window_from_options
from pramoen.feeds.complaints.selectors import district_kpis


class Command(BaseCommand):
    help = "The complaint KPI of all 50 districts for a fiscal-year period or a date window (Bangkok dates)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_window_arguments(parser)
        parser.add_argument("--dedup", choices=["on", "off"], default="on")
        parser.add_argument("--format", choices=["json", "table", "xlsx"], default="json")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = window_from_options(options)
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
