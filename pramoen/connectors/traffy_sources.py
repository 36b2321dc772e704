"""Where the Traffy Fondue connector reads tickets from: a registry of sources, chosen by
``PRAMOEN_TRAFFY_SOURCE``.  Each source says where a pull starts (from the stored cursor), which URL a
page is, how its answer reads, and the cursor after it; the connector (``traffy.py``) does the rest —
retries, the import, and committing each page with the cursor after it.

- ``search`` (the default): ``GET …/search?last_activity_start=<time>&sort=ASC&limit=<n>&offset=<k>``
  answers ``{"status": true, "total": N, "results": [ticket, …]}``: every ticket *changed* since the
  cursor, oldest first, in pages of ``PRAMOEN_TRAFFY_PAGE_SIZE``.
- ``geojson``: the public map's feed ``GET …/geojson?start=<day>&end=<day>`` answers a GeoJSON
  ``FeatureCollection`` (``total`` and at most ~1,000 ``features``, newest first) of the tickets *created*
  on that day (Bangkok).  It has no "changed since" filter, so each pull reads one page per day from
  ``PRAMOEN_TRAFFY_LOOKBACK_DAYS`` before the last day it read up to today: state changes of tickets older
  than that window are not seen.  See docs/connectors.md.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.core.rows import RowInvalid
from pramoen.core.thai import format_date, format_datetime
from pramoen.feeds.complaints.values import parse_time

FIRST_PULL_DAYS = 7  # a first pull without --since starts this many days back

Cursor = dict[str, Any]


@dataclass
class Page:
    """One page as read: the tickets as the GeoJSON the complaint importer reads, and what follows."""

    collection: dict[str, Any]
    count: int
    cursor: Cursor  # the cursor once this page is committed
    last: bool  # no page follows in this pull
    expected: int | None = None  # pages this pull should take in all, when the answer tells
    notes: list[dict[str, Any]] = field(default_factory=list)  # said of the page, kept with the pull


class TraffySource:
    key = ""
    label: str | Promise = ""

    def start(self, cursor: Cursor, now: dt.datetime) -> Cursor:
        """Where this pull begins, from the stored cursor (a source reads the other's cursor too, so
        switching sources goes on from about the same moment)."""
        raise NotImplementedError

    def url(self, base: str, position: Cursor, page_size: int) -> str | None:
        """The page at ``position`` (None: the pull is over)."""
        raise NotImplementedError

    def read(self, body: bytes, position: Cursor, *, number: int, page_size: int) -> Page:
        """The answer as a page; ``ValueError`` (translated) when it is not what the source gives."""
        raise NotImplementedError

    def where(self, position: Cursor) -> str:
        """What the page at ``position`` holds, for messages."""
        raise NotImplementedError


_sources: dict[str, TraffySource] = {}


def register_source(source: TraffySource) -> TraffySource:
    _sources[source.key] = source
    return source


def get_source(key: str) -> TraffySource | None:
    return _sources.get(key)


def source_keys() -> list[str]:
    return list(_sources)


def area() -> dict[str, str]:
    """``PRAMOEN_TRAFFY_AREA`` (e.g. ``district=บางรัก``) as query parameters."""
    return dict(urllib.parse.parse_qsl(settings.TRAFFY_AREA or "", keep_blank_values=False))


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ValueError(_("the page is not valid JSON (%(error)s)") % {"error": exc}) from None


def _time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- search: what changed since the cursor ---------------------------------------------------------


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
    """Search results as the public feed's GeoJSON, which the complaint importer reads."""
    features = []
    for record in records:
        props = {k: v for k, v in record.items() if k != "coords"}
        coords = record.get("coords")
        geometry = {"type": "Point", "coordinates": coords} if coords not in (None, "") else None
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


class SearchSource(TraffySource):
    key = "search"
    label = gettext_lazy("search (tickets changed since the last pull)")

    def start(self, cursor: Cursor, now: dt.datetime) -> Cursor:
        since = _time(cursor.get("since"))
        if since is not None:
            return {"since": since.isoformat(), "offset": int(cursor.get("offset") or 0)}
        day = _day(cursor.get("day"))  # a geojson cursor: from the start of the day it would read next
        if day is not None:
            begin = timezone.make_aware(dt.datetime.combine(day, dt.time()))
            return {"since": begin.isoformat(), "offset": 0}
        return {"since": (now - dt.timedelta(days=FIRST_PULL_DAYS)).isoformat(), "offset": 0}

    def url(self, base: str, position: Cursor, page_size: int) -> str | None:
        query = {
            "last_activity_start": position["since"],
            "sort": "ASC",
            "limit": page_size,
            "offset": position["offset"],
        }
        return f"{base}/search?{urllib.parse.urlencode({**query, **area()})}"

    def read(self, body: bytes, position: Cursor, *, number: int, page_size: int) -> Page:
        data = _json(body)
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise ValueError(_("the page has no list of results"))
        records = data["results"]
        for i, record in enumerate(records, start=1):
            if not isinstance(record, dict) or not record.get("ticket_id"):
                raise ValueError(_("result %(n)s of the page is not a ticket") % {"n": i})
        total = data.get("total")
        since = dt.datetime.fromisoformat(position["since"])
        next_since, next_offset = advance(records, since, int(position["offset"]))
        expected = None
        if isinstance(total, int):
            left = max(0, total - int(position["offset"]))
            expected = number - 1 + max(1, math.ceil(left / page_size))
        return Page(
            collection=as_feature_collection(records),
            count=len(records),
            cursor={"since": next_since.isoformat(), "offset": next_offset},
            last=len(records) < page_size,
            expected=expected,
        )

    def where(self, position: Cursor) -> str:
        since = _time(position.get("since"))
        when = format_datetime(timezone.localtime(since)) if since else str(position.get("since"))
        return _("tickets changed from %(since)s") % {"since": when}


# --- geojson: one page per day of creation -----------------------------------------------------------


class GeoJsonSource(TraffySource):
    key = "geojson"
    label = gettext_lazy("GeoJSON feed (tickets created in the last days, a page a day)")

    def start(self, cursor: Cursor, now: dt.datetime) -> Cursor:
        today = timezone.localdate(now)
        day, until = _day(cursor.get("day")), _day(cursor.get("until"))
        if day is not None and until is not None and day <= until:
            return {"day": day.isoformat(), "until": until.isoformat()}  # a pull that stopped part way
        if until is not None:  # read again the last days before the day the last pull ended on
            lookback = max(1, int(settings.TRAFFY_LOOKBACK_DAYS))
            begin = min(today, until - dt.timedelta(days=lookback - 1))
        elif (since := _time(cursor.get("since"))) is not None:
            begin = timezone.localdate(since)
        else:
            begin = today - dt.timedelta(days=FIRST_PULL_DAYS)
        return {"day": begin.isoformat(), "until": today.isoformat()}

    def url(self, base: str, position: Cursor, page_size: int) -> str | None:
        if position["day"] > position["until"]:
            return None
        query = {"start": position["day"], "end": position["day"]}
        return f"{base}/geojson?{urllib.parse.urlencode({**query, **area()})}"

    def read(self, body: bytes, position: Cursor, *, number: int, page_size: int) -> Page:
        data = _json(body)
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise ValueError(_("the page is not a GeoJSON FeatureCollection"))
        for i, feature in enumerate(features, start=1):
            props = feature.get("properties") if isinstance(feature, dict) else None
            if not isinstance(props, dict) or not props.get("ticket_id"):
                raise ValueError(_("result %(n)s of the page is not a ticket") % {"n": i})
        day, until = dt.date.fromisoformat(position["day"]), dt.date.fromisoformat(position["until"])
        total = data.get("total")
        notes = []
        if isinstance(total, int) and total > len(features):
            reason = _(
                "the feed sent %(sent)s of the %(total)s tickets created on %(day)s (it sends at most that "
                "many at a time); the others were not read — the search source reads them all"
            ) % {"sent": len(features), "total": total, "day": format_date(day)}
            notes.append({"row": None, "field": "page", "reason": reason})
        collection = {"type": "FeatureCollection", "features": features}
        return Page(
            collection=collection,
            count=len(features),
            cursor={"day": (day + dt.timedelta(days=1)).isoformat(), "until": until.isoformat()},
            last=day >= until,
            expected=number + (until - day).days,
            notes=notes,
        )

    def where(self, position: Cursor) -> str:
        day = _day(position.get("day"))
        return _("tickets created on %(day)s") % {"day": format_date(day) if day else position.get("day")}


register_source(SearchSource())
register_source(GeoJsonSource())
