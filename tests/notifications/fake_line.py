"""A local fake of the LINE Messaging API (push and reply), started by the tests on a free port.

It checks the bearer token, answers 409 to a retry key it has already accepted (as LINE does), 400
naming ``to`` for a user who blocked the account, and plays queued answers (e.g. 429 twice) first."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-channel-token"
SECRET = "test-channel-secret"


@dataclass
class FakeLine:
    token: str = TOKEN
    blocked: set[str] = field(default_factory=set)
    queued: list[tuple[int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    accepted_keys: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def pushes(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == "/v2/bot/message/push"]

    def answer(
        self, path: str, headers: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, str], dict]:
        self.requests.append({"path": path, "headers": headers, "body": body})
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"message": "Authentication failed. Confirm that the access token is valid."}
        if self.queued:
            return self.queued.pop(0)
        if path == "/v2/bot/message/push":
            key = headers.get("X-Line-Retry-Key", "")
            if key and key in self.accepted_keys:
                return 409, {}, {"message": "The retry key is already accepted"}
            if body.get("to") in self.blocked:
                return (
                    400,
                    {},
                    {
                        "message": "The request body has 1 error(s)",
                        "details": [{"message": "Failed to send messages", "property": "to"}],
                    },
                )
            if key:
                self.accepted_keys.add(key)
            return 200, {}, {"sentMessages": [{"id": str(len(self.requests)), "quoteToken": "q"}]}
        if path == "/v2/bot/message/reply":
            return 200, {}, {}
        return 404, {}, {"message": "Not found"}

    def start(self) -> FakeLine:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                status, extra, answer = fake.answer(self.path, dict(self.headers), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
