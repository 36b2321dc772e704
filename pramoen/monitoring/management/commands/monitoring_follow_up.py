from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pramoen.core.audit import acting_as
from pramoen.monitoring.follow_up import DUE_SOON_DAYS, remind


class Command(BaseCommand):
    help = (
        f"Tell the assigned agencies about committee observations due within {DUE_SOON_DAYS} days, and them "
        "and the committee's secretaries about overdue ones (once per observation and due date). Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="system:monitoring_follow_up"):
            sent = remind()
        self.stdout.write(
            self.style.SUCCESS(
                f"{sent['due_soon']} due-soon and {sent['overdue']} overdue notification(s) sent."
            )
        )
