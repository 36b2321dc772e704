"""Daily: deadline reminders and early-warning notifications (idempotent: run it as often as you like)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pramoen.core.audit import acting_as
from pramoen.progress.alerts import warnings_send
from pramoen.progress.periods import reminders_send, today
from pramoen.progress.selectors import current_year


class Command(BaseCommand):
    help = "Send deadline reminders and early warnings (in the app and by e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="the day (YYYY-MM-DD)")

    def handle(self, *args: Any, on: dt.date | None, **options: Any) -> None:
        day = on or today()
        with acting_as(label="system:progress_notify"):
            reminders = reminders_send(on=day)
            fy = current_year()
            warned = warnings_send(fiscal_year=fy, on=day) if fy else 0
        self.stdout.write(f"{day.isoformat()}: {reminders} reminders, {warned} early warnings sent.")
