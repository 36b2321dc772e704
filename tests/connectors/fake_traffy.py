"""A local fake of Traffy Fondue's public ``search`` endpoint, started by the tests on a free port.

``GET /search?last_activity_start=…&sort=ASC&limit=…&offset=…`` answers
``{"status": true, "total": N, "results": […]}`` with the tickets whose ``last_activity`` is at or after
the start, oldest first (ticket id breaking ties), as the real API's records look (coords a [lon, lat]
list of strings, times like ``2023-05-13 06:27:22.29142+00``).  Faults are queued per offset."""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


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
        position = len(self.tickets) - len(rows) + offset
        if self.faults.get(position):
            return self.faults[position].pop(0)
        if position == self.hold_at and not self.release.is_set():
            self.arrived.set()
            self.release.wait(60)
        body = {"status": True, "total": len(rows), "results": rows[offset : offset + limit]}
        return 200, json.dumps(body, ensure_ascii=False).encode()

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
