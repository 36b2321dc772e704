"""pramoen import_complaints PATH... — import Traffy Fondue files (any known format, .csv/.csv.gz/.json);
the scores the tickets touch are recomputed in the same job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from pramoen.feeds.management_base import FeedImportCommand


class Command(FeedImportCommand):
    help = "Import Traffy Fondue complaint files (format detected from the header); upsert by ticket_id."
    feed = "complaints"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--dedup", choices=["on", "off"], default="on", help="find duplicates after import"
        )

    def options_for_feed(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"dedup": options["dedup"] == "on"}
