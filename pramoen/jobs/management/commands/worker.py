from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pramoen.jobs.worker import run_worker


class Command(BaseCommand):
    help = "Run background jobs (imports, recomputes, report builds, reminders) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--burst", action="store_true", help="exit once the queue is empty")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument("--queues", default="*", help="comma-separated queue names (default: all)")

    def handle(self, *args: Any, burst: bool, interval: float, queues: str, **options: Any) -> None:
        self.stdout.write(
            f"pramoen worker: running jobs{' until the queue is empty' if burst else ''} (Ctrl-C stops)"
        )
        run_worker(burst=burst, interval=interval, queues=queues)
