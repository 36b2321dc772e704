"""A local fake of Traffy Fondue's public ``search`` endpoint and GeoJSON feed, started by the tests on a
free port.

``GET /search?last_activity_start=…&sort=ASC&limit=…&offset=…`` answers
``{"status": true, "total": N, "results": […]}`` with the tickets whose ``last_activity`` is at or after
the start, oldest first (ticket id breaking ties), as the real API's records look (coords a [lon, lat]
list of strings, times like ``2023-05-13 06:27:22.29142+00``).

``GET /geojson?start=<day>&end=<day>`` answers a ``FeatureCollection`` of the tickets created on those
days (Bangkok), newest first, at most ``geojson_cap`` of them, with ``total`` the number there are — the
shape of the saved feed snapshots (properties ``description``, ``photo_url``, ``problem_type_abdul`` a
list, no district: located by the Point's coordinates).

Faults are queued per page, by the position among all tickets (oldest first) of the page's first one."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def traffy_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")


def ticket(
    ticket_id: str,
    point: tuple[float, float],
    created: dt.datetime,
    *,
    state: str = "รอรับเรื่อง",
    last_activity: dt.datetime | None = None,
    district: str = "บางรัก",
) -> dict[str, Any]:
    return {
        "message_id": ticket_id[-4:],
        "type": "ถนน",
        "type_id": "6",
        "org": "กรุงเทพมหานคร",
        "comment": f"ถนนชำรุด {ticket_id}",
        "ticket_id": ticket_id,
        "coords": [f"{point[0]:.5f}", f"{point[1]:.5f}"],
        "photo": "",
        "after_photo": "",
        "address": f"เขต{district} กรุงเทพมหานคร",
        "district": district,
        "subdistrict": "",
        "province": "กรุงเทพมหานคร",
        "timestamp": traffy_time(created),
        "problem_type_abdul": "{ถนน}",
        "status": "report",
        "star": None,
        "count_reopen": "0",
        "state": state,
        "last_activity": traffy_time(last_activity or created),
    }


def feature(record: dict[str, Any]) -> dict[str, Any]:
    """A ticket as the GeoJSON feed shows it."""
    props = {
        "description": record["comment"],
        "photo_url": record["photo"],
        "after_photo": record["after_photo"],
        "org": record["org"],
        "type": record["type"],
        "address": record["address"],
        "timestamp": record["timestamp"],
        "state": record["state"],
        "ticket_id": record["ticket_id"],
        "star": record["star"],
        "count_reopen": record["count_reopen"],
        "problem_type_abdul": [t for t in record["problem_type_abdul"].strip("{}").split(",") if t],
        "last_activity": record["last_activity"],
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": record["coords"]},
        "properties": props,
    }


@dataclass
class FakeTraffy:
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)
    # position of a page's first ticket among all (oldest first) → answers to give before the real page
    faults: dict[int, list[tuple[int, bytes]]] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    # a page (by the position of its first ticket) whose answer waits until ``release`` is set;
    # ``arrived`` is set when its request comes in (to kill the puller while it waits)
    hold_at: int | None = None
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    geojson_cap: int = 1000  # the most features the feed sends at once

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/share/teamchadchart"

    def put(self, *records: dict[str, Any]) -> None:
        for r in records:
            self.tickets[r["ticket_id"]] = r

    def change(self, ticket_id: str, *, state: str, at: dt.datetime) -> None:
        self.tickets[ticket_id] = {
            **self.tickets[ticket_id],
            "state": state,
            "last_activity": traffy_time(at),
        }

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append({"path": path, **query})
        if path.endswith("/geojson"):
            return self.geojson(query)
        if not path.endswith("/search"):
            return 404, b'{"message": "not found"}'
        offset = int(query.get("offset", "0"))
        limit = int(query.get("limit", "1000"))
        start = query.get("last_activity_start")
        since = dt.datetime.fromisoformat(start) if start else None

        def moment(r: dict[str, Any]) -> dt.datetime:
            return dt.datetime.fromisoformat(r["last_activity"].replace("+00", "+00:00"))

        rows = sorted(
            (r for r in self.tickets.values() if since is None or moment(r) >= since),
            key=lambda r: (moment(r), r["ticket_id"]),
        )
        # faults are keyed by the position in all tickets of the page's first one
        fault = self._fault_or_hold(len(self.tickets) - len(rows) + offset)
        if fault is not None:
            return fault
        body = {"status": True, "total": len(rows), "results": rows[offset : offset + limit]}
        return 200, json.dumps(body, ensure_ascii=False).encode()

    def geojson(self, query: dict[str, str]) -> tuple[int, bytes]:
        start = dt.date.fromisoformat(query["start"]) if query.get("start") else dt.date.min
        end = dt.date.fromisoformat(query["end"]) if query.get("end") else dt.date.max

        def day(r: dict[str, Any]) -> dt.date:
            created = dt.datetime.fromisoformat(r["timestamp"].replace("+00", "+00:00"))
            return created.astimezone(BANGKOK).date()

        rows = sorted(
            (r for r in self.tickets.values() if start <= day(r) <= end),
            key=lambda r: (r["timestamp"], r["ticket_id"]),
            reverse=True,
        )
        fault = self._fault_or_hold(sum(1 for r in self.tickets.values() if day(r) < start))
        if fault is not None:
            return fault
        body = {
            "type": "FeatureCollection",
            "total": len(rows),
            "features": [feature(r) for r in rows[: self.geojson_cap]],
        }
        return 200, json.dumps(body, ensure_ascii=False).encode()

    def _fault_or_hold(self, position: int) -> tuple[int, bytes] | None:
        if self.faults.get(position):
            return self.faults[position].pop(0)
        if position == self.hold_at and not self.release.is_set():
            self.arrived.set()
            self.release.wait(60)
        return None

    def start(self) -> FakeTraffy:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
                status, data = fake.answer(parsed.path, query)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the puller is gone (killed while it waited)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
