from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.thai import to_arabic_digits
from pramoen.monitoring.models import Round
from pramoen.monitoring.render import FORMATS, Margins, default_margins, render
from pramoen.monitoring.report import build_report


class Command(BaseCommand):
    help = (
        "Write a monitoring round's committee report as DOCX, PDF or HTML, laid out like the FY2567 report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", required=True, help="Buddhist Era fiscal year, e.g. 2567")
        parser.add_argument("--period", default="H1", help="H1 (half-year) or FY (whole year)")
        parser.add_argument("--committee", type=int, action="append", help="only this committee (repeatable)")
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), required=True)
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument(
            "--margins",
            default="",
            help="page margins in cm, top,right,bottom,left (default 2.5,2,2,3 or PRAMOEN_REPORT_MARGINS_CM)",
        )

    def handle(self, *args: Any, fiscal_year: str, period: str, committee: list[int] | None, fmt: str,
               output: str, margins: str, **options: Any) -> None:  # fmt: skip
        try:
            page = Margins.parse(margins, source="--margins") if margins else default_margins()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            year = int(to_arabic_digits(fiscal_year))
        except ValueError as exc:
            raise CommandError(f"--fiscal-year: {fiscal_year!r} is not a year such as 2567") from exc
        if year < 2500:
            raise CommandError(
                f"--fiscal-year: {year} looks like a CE year; give the Buddhist Era year (CE + 543)"
            )
        try:
            rnd = Round.objects.get(fiscal_year=year, period=period.upper())
        except Round.DoesNotExist as exc:
            rounds = ", ".join(str(r) for r in Round.objects.all()) or "none"
            raise CommandError(f"No monitoring round {year} {period}. Rounds: " + rounds) from exc
        report = build_report(round=rnd, committees=committee)
        if committee and len(report.committees) != len(set(committee)):
            raise CommandError(f"--committee: no such committee in round {rnd}: {committee}")
        data = render(report, fmt, margins=page)
        Path(output).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(f"{output}: {fmt}, {len(report.committees)} committee(s), {len(data):,} bytes")
        )
