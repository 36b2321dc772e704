"""Send what waits: deliveries held by quiet hours or to be retried, and the daily digests that are due.
Idempotent; run it every few minutes (the job layer schedules it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pramoen.core.audit import acting_as
from pramoen.notifications.services import deliveries_send, digests_send


class Command(BaseCommand):
    help = "Send the notification deliveries that are due and the daily digests."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="system:notifications_send"):
            counts = deliveries_send()
            digests = digests_send()
        sent = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"deliveries: {sent}; digests sent: {digests}")
