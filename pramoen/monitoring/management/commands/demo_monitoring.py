from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.monitoring.demo import load_demo_monitoring
from pramoen.orgs.models import Committee


class Command(BaseCommand):
    help = (
        "Load the FY2567 half-year monitoring round transcribed from the report (all six committees) and "
        "an empty FY2568 round. Safe to run again; needs `pramoen demo` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="reload the FY2567 records, dropping edits")

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        if Committee.objects.count() < 6:
            raise CommandError("The six committees are missing: run `pramoen demo` first.")
        with acting_as(label="system:demo_monitoring"):
            rnd = load_demo_monitoring(reset=reset)
        self.stdout.write(
            self.style.SUCCESS(
                f"Monitoring round {rnd} loaded (published) and FY{rnd.fiscal_year + 1} H1 (draft)."
            )
        )
