"""The Traffy Fondue connector: tickets created or changed since the last pull, from the public API
(``PRAMOEN_TRAFFY_URL``, by default the teamchadchart share of publicapi.traffy.in.th), page by page, into
the complaint feed's importer.  Which endpoint it reads — ``search`` or the ``geojson`` feed — is a source
from the registry in ``traffy_sources.py`` (``PRAMOEN_TRAFFY_SOURCE``); see shared/data/traffy/SOURCE.md
for what each answers.

A page and the cursor after it are committed in one transaction, so a crash re-pulls at most the page it
was in.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.connectors import feeds
from pramoen.connectors.base import Connector, Progress, SourceError, register_connector
from pramoen.connectors.models import ConnectorState, Pull
from pramoen.connectors.traffy_sources import Page, TraffySource, get_source, source_keys

KEY = "traffy"


def source() -> TraffySource:
    """The source ``PRAMOEN_TRAFFY_SOURCE`` names (an unknown name fails the pull saying which exist)."""
    chosen = get_source(settings.TRAFFY_SOURCE)
    if chosen is None:
        raise SourceError(
            _("PRAMOEN_TRAFFY_SOURCE is “%(name)s”; it must be one of: %(known)s")
            % {"name": settings.TRAFFY_SOURCE, "known": ", ".join(source_keys())}
        )
    return chosen


class TraffyClient:
    def __init__(self) -> None:
        self.base = settings.TRAFFY_URL.rstrip("/")
        self.page_size = int(settings.TRAFFY_PAGE_SIZE)
        self.tries = max(1, int(settings.TRAFFY_RETRIES))
        self.backoff = float(settings.TRAFFY_BACKOFF_SECONDS)
        self.timeout = int(settings.TRAFFY_TIMEOUT_SECONDS)

    def page(
        self,
        src: TraffySource,
        position: dict[str, Any],
        *,
        number: int,
        beat: Callable[[], None] | None = None,
    ) -> tuple[Page | None, int]:
        """(the page at ``position`` or None when the pull is over, retries it took).  Rate limits, server
        errors, no answer and garbage are retried with exponential back-off; then ``SourceError`` says what
        went wrong.  ``beat`` is called before each try (the pull's sign of life)."""
        url = src.url(self.base, position, self.page_size)
        if url is None:
            return None, 0
        reason = ""
        for attempt in range(self.tries):
            if beat is not None:
                beat()
            wait = self.backoff * (2**attempt)
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as answer:
                    body = answer.read()
                return src.read(body, position, number=number, page_size=self.page_size), attempt
            except urllib.error.HTTPError as exc:
                reason = _("the source answered %(status)s") % {"status": exc.code}
                if exc.code != 429 and exc.code < 500:
                    break  # a request the source will never accept: no use retrying
                retry_after = str(exc.headers.get("Retry-After") or "") if exc.headers else ""
                if retry_after.isdigit():
                    wait = max(wait, min(float(retry_after), 60.0))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = _("no answer from the source (%(error)s)") % {"error": getattr(exc, "reason", exc)}
            except ValueError as exc:  # the page is not what the source gives
                reason = str(exc)
            if attempt + 1 < self.tries:
                time.sleep(wait)
        raise SourceError(
            _("Traffy Fondue, page %(page)s of this pull (%(where)s): %(reason)s (tried %(tries)s times)")
            % {"page": number, "where": src.where(position), "reason": reason, "tries": self.tries}
        )


class TraffyConnector(Connector):
    def silence_limit(self) -> dt.timedelta:
        # the longest a page can take: every try waiting its whole timeout and the longest Retry-After,
        # plus the back-offs between tries, plus the import of the page and the recompute at the end
        client = TraffyClient()
        fetch = client.tries * (client.timeout + 60) + client.backoff * 2**client.tries
        return max(super().silence_limit(), dt.timedelta(seconds=fetch + 600))

    def describe(self) -> dict[str, Any]:
        chosen = get_source(settings.TRAFFY_SOURCE)
        return {
            "url": settings.TRAFFY_URL,
            "source": chosen.label if chosen else settings.TRAFFY_SOURCE,
            "page_size": settings.TRAFFY_PAGE_SIZE,
            "area": settings.TRAFFY_AREA or "",
            "every_minutes": settings.TRAFFY_PULL_MINUTES,
        }

    def pull(self, *, run: Pull, progress: Progress) -> None:
        client, src = TraffyClient(), source()
        state, _created = ConnectorState.objects.get_or_create(key=self.key)
        now = timezone.now()
        position = src.start(state.cursor or {}, now)
        touched = feeds.touched_from_json(run.pending)  # what a pull that died left to recompute
        expected: int | None = None

        def beat() -> None:
            Pull.objects.filter(pk=run.pk).update(alive_at=timezone.now())

        with tempfile.TemporaryDirectory(prefix="pramoen-traffy-") as folder:
            while True:
                page, retries = client.page(src, position, number=run.pages + 1, beat=beat)
                run.retries += retries
                if page is None or (page.count == 0 and page.cursor == position):
                    break  # nothing more (the cursor stays where it is)
                if expected is None:
                    expected = page.expected
                # the page's records are as Traffy had them when it answered: a file imported a moment
                # before the pull (observed when imported) is older, not newer, than what the page says
                seen = timezone.now().astimezone(dt.UTC)
                path = Path(folder) / f"traffy_pull_{seen:%Y-%m-%dT%H%M%S.%fZ}_p{run.pages + 1}.json"
                path.write_text(json.dumps(page.collection, ensure_ascii=False), "utf-8")
                # the page, the cursor after it and the pull's counts and pending recompute: one commit
                committed = _counts(run)
                try:
                    with transaction.atomic():
                        if page.count:
                            counts = feeds.import_page(self.feed, path, label=f"Traffy Fondue pull {run.pk}")
                            feeds.merge(touched, counts.touched)
                            _add(run, counts, first_row=run.new + run.changed + run.unchanged + run.rejected)
                        ConnectorState.objects.filter(pk=state.pk).update(cursor=page.cursor)
                        run.rejects.extend(page.notes[: max(0, 1000 - len(run.rejects))])
                        run.pages += 1
                        run.pending = feeds.touched_json(touched)
                        run.alive_at = timezone.now()
                        run.save()
                except BaseException:
                    # the page was rolled back, so are its counts: the pull's record (saved when it fails)
                    # must not count a page the database does not hold
                    _restore(run, committed)
                    raise
                path.unlink()
                progress(run.pages, expected)
                position = page.cursor
                if page.last:
                    break


_PAGE_FIELDS = ("pages", "new", "changed", "unchanged", "state_changes", "rejected", "rejects", "pending")


def _counts(run: Pull) -> dict[str, Any]:
    return {name: copy.deepcopy(getattr(run, name)) for name in _PAGE_FIELDS}


def _restore(run: Pull, counts: dict[str, Any]) -> None:
    for name, value in counts.items():
        setattr(run, name, value)


def _add(run: Pull, counts: feeds.PageCounts, *, first_row: int) -> None:
    run.new += counts.new
    run.changed += counts.changed
    run.unchanged += counts.unchanged
    run.state_changes += counts.state_changes
    run.rejected += counts.rejected
    for r in counts.rejects:
        if len(run.rejects) < 1000:
            run.rejects.append({**r, "row": first_row + int(r.get("row") or 0)})


register_connector(
    TraffyConnector(KEY, gettext_lazy("Traffy Fondue complaints"), "complaints", job_kind="complaints_pull")
)
