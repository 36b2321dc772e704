"""pramoen import_complaints PATH... — import Traffy Fondue files (any known format, .csv/.csv.gz/.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.importer import complaints_import


class Command(BaseCommand):
    help = "Import Traffy Fondue complaint files (format detected from the header); upsert by ticket_id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--dedup", choices=["on", "off"], default="on", help="find duplicates after import"
        )
        parser.add_argument("--show-rejects", type=int, default=20, help="how many rejected rows to print")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["paths"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        with acting_as(label="system:import_complaints"):
            for path in options["paths"]:
                try:
                    summary = complaints_import(actor=None, path=path, dedup_on=options["dedup"] == "on")
                except ApplicationError as exc:
                    failed += 1
                    self.stderr.write(self.style.ERROR(exc.message))
                    continue
                self.stdout.write(summary.line())
                if summary.repeated_in_file:
                    self.stdout.write(
                        f"  {summary.repeated_in_file} tickets repeated in the file: the last row kept"
                    )
                if summary.duplicates is not None:
                    self.stdout.write(f"  duplicates in the imported period: {summary.duplicates}")
                for reject in summary.rejects[: options["show_rejects"]]:
                    self.stdout.write(f"  row {reject['row']}, {reject['field']}: {reject['reason']}")
                if summary.rejected > options["show_rejects"]:
                    self.stdout.write(
                        f"  … and {summary.rejected - options['show_rejects']} more rejected rows"
                    )
        if failed:
            raise CommandError(f"{failed} file(s) not imported")
