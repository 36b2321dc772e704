"""``pramoen import_service_records FILE…``: import service-record files (CSV/XLSX) as the system."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.services.services import service_records_import


class Command(BaseCommand):
    help = "Import BMA OSS service-record files (CSV or XLSX; docs/services.md). All rows or none per file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        with acting_as(label="system:import_service_records"):
            for path in files:
                try:
                    batch = service_records_import(actor=None, upload=path.read_bytes(), filename=path.name)
                except (OSError, ApplicationError) as exc:
                    errors = getattr(exc, "extra", {}).get("errors", [])
                    lines = [f"  row {e['row']}, {e['column']}: {e['reason']}" for e in errors[:50]]
                    raise CommandError(
                        "\n".join([f"{path}: {getattr(exc, 'message', exc)}", *lines])
                    ) from exc
                added, replaced = batch.created, batch.updated
                self.stdout.write(
                    f"{path.name}: {batch.rows_read} rows, {added} counts added, {replaced} replaced"
                )
