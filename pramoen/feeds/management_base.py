"""The feed import commands (import_complaints, import_service_records, import_budget): each file runs
through the feed's import job — inline with a progress bar by default, queued with ``--enqueue``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.jobs import feed_import_path
from pramoen.jobs.cli import print_job, progress_bar
from pramoen.jobs.models import Job


class FeedImportCommand(BaseCommand):
    feed: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--enqueue", action="store_true", help="queue the imports for a worker")
        parser.add_argument("--show-rejects", type=int, default=20, help="how many rejected rows to print")

    def options_for_feed(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        failures: list[str] = []
        with acting_as(label=f"system:import_{self.feed}"):
            for path in paths:
                try:
                    job = feed_import_path(
                        feed=self.feed,
                        path=path,
                        actor=None,
                        options=self.options_for_feed(options),
                        enqueue=options["enqueue"],
                        listener=progress_bar(),
                    )
                except ApplicationError as exc:
                    failures.append(f"{path}: {exc.message}")
                    continue
                if sys.stderr.isatty():
                    sys.stderr.write("\n")
                if options["enqueue"]:
                    self.stdout.write(f"{path}: queued as job #{job.pk}")
                    continue
                if job.state == Job.State.FAILED:
                    lines = [f"{path}: {job.error}"]
                    print_job(job, lines.append, show_rejects=options["show_rejects"])
                    failures.append("\n".join(lines))
                    continue
                print_job(job, self.stdout.write, show_rejects=options["show_rejects"])
        if failures:
            raise CommandError("\n".join([*failures, f"{len(failures)} file(s) not imported"]))
