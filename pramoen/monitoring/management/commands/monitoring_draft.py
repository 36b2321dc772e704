from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.thai import to_arabic_digits
from pramoen.jobs.services import job_run_inline


class Command(BaseCommand):
    help = (
        "Draft the committees' sheets of a monitoring round from the data (lagging indicators, obstacles "
        "tagged in progress reports, recurring obstacles, open follow-ups); opens the round if needed. "
        "Items stay drafts until a secretary accepts, edits or drops them; running again never overwrites "
        "their work."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fiscal-year", required=True, help="Buddhist Era fiscal year, e.g. 2567")
        parser.add_argument("--period", required=True, choices=["H1", "FY", "h1", "fy"], help="H1 or FY")
        parser.add_argument("--committee", type=int, action="append", help="only this committee (repeatable)")

    def handle(self, *args: Any, fiscal_year: str, period: str, committee: list[int] | None,
               **options: Any) -> None:  # fmt: skip
        try:
            year = int(to_arabic_digits(fiscal_year))
        except ValueError as exc:
            raise CommandError(f"--fiscal-year: {fiscal_year!r} is not a year such as 2567") from exc
        if year < 2500:
            raise CommandError(
                f"--fiscal-year: {year} looks like a CE year; give the Buddhist Era year (CE + 543)"
            )
        started = time.perf_counter()
        params = {"fiscal_year": year, "period": period.upper(), "committees": committee or []}
        with acting_as(label="system:monitoring_draft"):
            job = job_run_inline(kind="monitoring_draft", actor=None, params=params, label="monitoring_draft")
        if job.state != job.State.DONE:
            raise CommandError(job.error_en or job.error)
        summary = job.summary
        for row in summary["committees"]:
            self.stdout.write(
                f"committee {row['committee']}: {row['new']} new, {row['refreshed']} refreshed, "
                f"{row['kept']} kept (accepted, edited or dropped), {row['withdrawn']} withdrawn"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Job {job.pk}: round {summary['round']} drafted ({len(summary['committees'])} committee(s)) "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
