"""Pull Traffy Fondue tickets created or changed since the last pull, now, with a progress bar."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pramoen.connectors.services import connector_pull, connector_start_from
from pramoen.connectors.traffy import KEY
from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Pull Traffy Fondue tickets created or changed since the last successful pull (PRAMOEN_TRAFFY_URL)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--since",
            help="start from this date or time (YYYY-MM-DD or ISO time) instead of the stored cursor",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="system:pull_complaints"):
            if options.get("since"):
                try:
                    since = dt.datetime.fromisoformat(options["since"])
                except ValueError:
                    raise CommandError(
                        f"--since: {options['since']!r} is not a date such as 2023-10-01"
                    ) from None
                if timezone.is_naive(since):
                    since = timezone.make_aware(since)
                connector_start_from(actor=None, key=KEY, since=since)
            try:
                run = connector_pull(key=KEY, progress=self._bar)
            except ApplicationError as exc:
                self._end_bar()
                raise CommandError(exc.message) from None
        self._end_bar()
        summary = run.summary()
        self.stdout.write(
            "pages {pages}: {new} new, {changed} changed, {unchanged} unchanged, "
            "{state_changes} state changes, {rejected} rejected, {retries} retries".format(**summary)
        )
        if summary["scores_changed"] is not None:
            self.stdout.write(f"scores changed: {summary['scores_changed']}")
        for r in run.rejects[:20]:
            self.stdout.write(f"  record {r.get('row')}, {r.get('field')}: {r.get('reason')}")

    _shown = False

    def _bar(self, done: int, total: int | None) -> None:
        if total:
            width = 30
            filled = min(width, round(width * done / total))
            text = f"\r[{'#' * filled}{'.' * (width - filled)}] page {done} of {total}"
        else:
            text = f"\rpage {done}"
        sys.stderr.write(text)
        sys.stderr.flush()
        self._shown = True

    def _end_bar(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            self._shown = False
