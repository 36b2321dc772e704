"""The Traffy Fondue connector: tickets created or changed since the last pull, from the public API's
``search`` endpoint, page by page, into the complaint feed's importer.

The API (``PRAMOEN_TRAFFY_URL``, by default the teamchadchart share of publicapi.traffy.in.th) answers
``GET …/search?last_activity_start=<time>&sort=ASC&limit=<n>&offset=<k>`` with
``{"status": true, "total": N, "results": [ticket, …]}``, each ticket an object with ``ticket_id``,
``timestamp``, ``last_activity``, ``state``, ``coords`` ([lon, lat]), … (see shared/data/traffy/SOURCE.md).

The cursor is the ``last_activity`` of the newest ticket committed, with how many tickets of that very
moment are already in (``offset``): the next page asks from that moment and skips those.  A page and the
cursor after it are committed in one transaction, so a crash re-pulls at most the page it was in.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import tempfile
import time
import urllib.error
import urllib.parse
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
from pramoen.core.rows import RowInvalid
from pramoen.feeds.complaints.values import parse_time

KEY = "traffy"
FIRST_PULL_DAYS = 7  # a first pull without --since starts this many days back


def _area() -> dict[str, str]:
    """``PRAMOEN_TRAFFY_AREA`` (e.g. ``district=บางรัก``) as query parameters."""
    return dict(urllib.parse.parse_qsl(settings.TRAFFY_AREA or "", keep_blank_values=False))


class TraffyClient:
    def __init__(self) -> None:
        self.base = settings.TRAFFY_URL.rstrip("/")
        self.page_size = int(settings.TRAFFY_PAGE_SIZE)
        self.tries = max(1, int(settings.TRAFFY_RETRIES))
        self.backoff = float(settings.TRAFFY_BACKOFF_SECONDS)
        self.timeout = int(settings.TRAFFY_TIMEOUT_SECONDS)

    def url(self, *, since: str, offset: int) -> str:
        query = {"last_activity_start": since, "sort": "ASC", "limit": self.page_size, "offset": offset}
        return f"{self.base}/search?{urllib.parse.urlencode({**query, **_area()})}"

    def page(
        self, *, since: str, offset: int, number: int, beat: Callable[[], None] | None = None
    ) -> tuple[list[dict[str, Any]], int | None, int]:
        """(tickets, total the source reports, retries it took).  Rate limits, server errors, no answer
        and garbage are retried with exponential back-off; then ``SourceError`` says what went wrong.
        ``beat`` is called before each try (the pull's sign of life)."""
        url = self.url(since=since, offset=offset)
        reason = ""
        for attempt in range(self.tries):
            if beat is not None:
                beat()
            wait = self.backoff * (2**attempt)
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as answer:
                    body = answer.read()
                records, total = _parse_page(body)
                return records, total, attempt
            except urllib.error.HTTPError as exc:
                reason = _("the source answered %(status)s") % {"status": exc.code}
                if exc.code != 429 and exc.code < 500:
                    break  # a request the source will never accept: no use retrying
                retry_after = str(exc.headers.get("Retry-After") or "") if exc.headers else ""
                if retry_after.isdigit():
                    wait = max(wait, min(float(retry_after), 60.0))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = _("no answer from the source (%(error)s)") % {"error": getattr(exc, "reason", exc)}
            except ValueError as exc:  # the page is not what the API gives
                reason = str(exc)
            if attempt + 1 < self.tries:
                time.sleep(wait)
        raise SourceError(
            _(
                "Traffy Fondue, page %(page)s of this pull (tickets changed from %(since)s): %(reason)s "
                "(tried %(tries)s times)"
            )
            % {"page": number, "since": _when(since), "reason": reason, "tries": self.tries}
        )


def _when(since: str) -> str:
    from pramoen.core.thai import format_datetime

    try:
        return format_datetime(timezone.localtime(dt.datetime.fromisoformat(since)))
    except (ValueError, TypeError):
        return since


def _parse_page(body: bytes) -> tuple[list[dict[str, Any]], int | None]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ValueError(_("the page is not valid JSON (%(error)s)") % {"error": exc}) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError(_("the page has no list of results"))
    records = data["results"]
    for i, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not record.get("ticket_id"):
            raise ValueError(_("result %(n)s of the page is not a ticket") % {"n": i})
    total = data.get("total")
    return records, total if isinstance(total, int) else None


def _moment(record: dict[str, Any]) -> dt.datetime | None:
    for name in ("last_activity", "timestamp"):
        try:
            moment = parse_time(record.get(name), name, required=False)
        except RowInvalid:
            moment = None
        if moment is not None:
            return moment
    return None


def advance(records: list[dict[str, Any]], since: dt.datetime, offset: int) -> tuple[dt.datetime, int]:
    """The cursor after a page read from ``since`` skipping ``offset``: the page's newest moment and how
    many of its tickets have exactly that moment (or, when the page did not move past ``since``, the same
    moment with the offset grown by the page)."""
    moments = [m for m in map(_moment, records) if m is not None]
    newest = max(moments, default=since)
    if newest > since:
        return newest, sum(1 for m in moments if m == newest)
    return since, offset + len(records)


def as_feature_collection(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The page as the public feed's GeoJSON, which the complaint importer reads."""
    features = []
    for record in records:
        props = {k: v for k, v in record.items() if k != "coords"}
        coords = record.get("coords")
        geometry = {"type": "Point", "coordinates": coords} if coords not in (None, "") else None
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


class TraffyConnector(Connector):
    def silence_limit(self) -> dt.timedelta:
        # the longest a page can take: every try waiting its whole timeout and the longest Retry-After,
        # plus the back-offs between tries, plus the import of the page and the recompute at the end
        client = TraffyClient()
        fetch = client.tries * (client.timeout + 60) + client.backoff * 2**client.tries
        return max(super().silence_limit(), dt.timedelta(seconds=fetch + 600))

    def describe(self) -> dict[str, Any]:
        return {
            "url": settings.TRAFFY_URL,
            "page_size": settings.TRAFFY_PAGE_SIZE,
            "area": settings.TRAFFY_AREA or "",
            "every_minutes": settings.TRAFFY_PULL_MINUTES,
        }

    def pull(self, *, run: Pull, progress: Progress) -> None:
        client = TraffyClient()
        state, _created = ConnectorState.objects.get_or_create(key=self.key)
        cursor = state.cursor or {}
        now = timezone.now()
        since = _cursor_time(cursor.get("since")) or now - dt.timedelta(days=FIRST_PULL_DAYS)
        offset = int(cursor.get("offset") or 0)
        touched = feeds.touched_from_json(run.pending)  # what a pull that died left to recompute
        expected: int | None = None

        def beat() -> None:
            Pull.objects.filter(pk=run.pk).update(alive_at=timezone.now())

        with tempfile.TemporaryDirectory(prefix="pramoen-traffy-") as folder:
            while True:
                records, total, retries = client.page(
                    since=since.isoformat(), offset=offset, number=run.pages + 1, beat=beat
                )
                run.retries += retries
                if total is not None and expected is None:
                    expected = run.pages + max(1, math.ceil(max(0, total - offset) / client.page_size))
                if not records:
                    break
                next_since, next_offset = advance(records, since, offset)
                path = Path(folder) / f"traffy_pull_{now:%Y-%m-%dT%H%MZ}_p{run.pages + 1}.json"
                path.write_text(json.dumps(as_feature_collection(records), ensure_ascii=False), "utf-8")
                # the page, the cursor after it and the pull's counts and pending recompute: one commit
                committed = _counts(run)
                try:
                    with transaction.atomic():
                        counts = feeds.import_page(self.feed, path, label=f"Traffy Fondue pull {run.pk}")
                        cursor = {"since": next_since.isoformat(), "offset": next_offset}
                        ConnectorState.objects.filter(pk=state.pk).update(cursor=cursor)
                        feeds.merge(touched, counts.touched)
                        _add(run, counts, first_row=run.new + run.changed + run.unchanged + run.rejected)
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
                since, offset = next_since, next_offset
                if len(records) < client.page_size:
                    break


def _cursor_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


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
