"""Error reports reach Sentry when SENTRY_DSN is set, without what a person typed or their cookies; the
person still sees pramoen's Thai 500 page.  A local HTTP server started here stands in for Sentry."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sentry_sdk
from django.test import Client

from pramoen.core.observability import sentry_init
from tests.conftest import checkout_env

SECRET_PASSWORD = "Sentry-must-not-see-2567!"
SECRET_COOKIE = "cookie-value-sentry-must-not-see"


class _FakeSentry(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(self.path.encode() + b"\n" + body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_sentry() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_FakeSentry,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://public-key@127.0.0.1:{server.server_address[1]}/1", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sentry_on(fake_sentry: tuple[str, list[bytes]]) -> Iterator[list[bytes]]:
    dsn, received = fake_sentry
    env = {"SENTRY_DSN": dsn, "SENTRY_RELEASE": "pramoen@test-1", "SENTRY_ENVIRONMENT": "ci"}
    assert sentry_init(env)
    try:
        yield received
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.get_global_scope().set_client(None)


def _envelopes(received: list[bytes]) -> list[dict[str, Any]]:
    events = []
    for raw in received:
        for line in raw.split(b"\n")[1:]:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and "exception" in item:
                events.append(item)
    return events


@pytest.mark.urls("tests.core.sentry_urls")
def test_an_exception_in_a_view_reaches_sentry_without_secrets(sentry_on, personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["eval.officer"])
    client.cookies["csrftoken"] = SECRET_COOKIE
    session_id = client.cookies["sessionid"].value

    response = client.post("/boom/", {"username": "eval.officer", "password": SECRET_PASSWORD})

    assert response.status_code == 500
    page = response.content.decode()
    assert "ระบบขัดข้อง" in page and "Traceback" not in page and "RuntimeError" not in page
    sentry_sdk.flush(timeout=5)
    assert sentry_on, "no envelope reached the fake Sentry"
    raw = b"".join(sentry_on)
    assert all(path.startswith(b"/api/1/envelope/") for path in (r.split(b"\n", 1)[0] for r in sentry_on))
    events = _envelopes(sentry_on)
    assert events, raw[:500]
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["exception"]["values"][-1]["value"] == "the boom view failed on purpose"
    assert event["release"] == "pramoen@test-1" and event["environment"] == "ci"
    assert event["transaction"] == "/boom/"
    for secret in (SECRET_PASSWORD, SECRET_COOKIE, session_id, "eval.officer"):
        assert secret.encode() not in raw, f"{secret} was sent to Sentry"


def test_without_a_dsn_nothing_is_initialised():
    assert sentry_init({}) is False
    env = {k: v for k, v in checkout_env().items() if not k.startswith("SENTRY_")}
    code = (
        "import django, sentry_sdk; django.setup(); from django.conf import settings; "
        "print(settings.SENTRY_ENABLED, sentry_sdk.get_client().is_active())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "pramoen.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_a_bad_sample_rate_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SENTRY_TRACES_SAMPLE_RATE"):
        sentry_init({"SENTRY_DSN": "http://k@127.0.0.1:9/1", "SENTRY_TRACES_SAMPLE_RATE": "lots"})
