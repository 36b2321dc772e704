"""Daily: remind agencies of draft appeals whose filing window is about to close (idempotent per day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from pramoen.appeals.notices import filing_reminders_send
from pramoen.core.audit import acting_as


class Command(BaseCommand):
    help = "Remind agencies of draft appeals whose filing window closes within --days days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="the day (YYYY-MM-DD)")
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args: Any, on: dt.date | None, days: int, **options: Any) -> None:
        day = on or timezone.localdate()
        with acting_as(label="system:appeal_reminders"):
            sent = filing_reminders_send(on=day, days=days)
        self.stdout.write(f"{day.isoformat()}: {sent} appeal reminders sent.")
