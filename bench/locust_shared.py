"""What the locust scenarios share (bench/locustfile_progress.py, bench/locustfile_deadline.py,
bench/locustfile_overview.py): signing in through the form, the CSRF headers, a report's version, the
figures an autosave types, the record of what the server acknowledged (one line per answer, appended at
once: a crash later loses none), and response times kept per group of pages."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import HttpUser, events

PASSWORD = os.environ.get("BENCH_PASSWORD", "Bench-pass-2567!")
PERIOD = os.environ.get("BENCH_PERIOD", "M07")
_VERSION = re.compile(r'id="report-version" value="(\d+)"')
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_lock = threading.Lock()

# What an officer types into the form: enough for every method that takes figures (ratio, survey, value).
FIGURES = {
    "value": "87",
    "numerator": "87",
    "denominator": "100",
    "survey_responses": "200",
    "survey_satisfied": "170",
    "narrative": "ดำเนินการตามแผน (bench)",
}


def version_in(text: str, default: int) -> int:
    """The report's version as the form (or the autosave's answer) gives it."""
    found = _VERSION.search(text or "")
    return int(found.group(1)) if found else default


def headers(user: HttpUser, referer: str = "/progress/", **extra: str) -> dict[str, str]:
    """What a browser sends with a form post or a fetch from a page: the CSRF token and the page."""
    return {
        "X-CSRFToken": user.client.cookies.get("csrftoken", ""),
        "Referer": f"{user.host}{referer}",
        **extra,
    }


def sign_in_form(user: HttpUser, username: str, extra_headers: dict[str, str] | None = None) -> bool:
    """Sign in as a person does: the form, then the password (a redirect away from /login/ is success)."""
    sent = extra_headers or {}
    page = user.client.get("/login/", name="/login/", headers=sent)
    token = _TOKEN.search(page.text)
    with user.client.post(
        "/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": f"{user.host}/login/", **sent},
        name="/login/ (POST)",
        allow_redirects=False,
        catch_response=True,
    ) as answer:
        if answer.status_code == 302 and "/login/" not in answer.headers.get("Location", ""):
            answer.success()
            return True
        answer.failure(f"sign-in refused for {username} ({answer.status_code})")
        return False


def record(path: str, *fields: Any) -> None:
    """Append one acknowledged write to the run's record."""
    with _lock, open(path, "a", encoding="utf-8") as fh:
        fh.write(" ".join(str(f) for f in fields) + "\n")


def keep_group_times(group_of: Callable[[str, str], str], *, by_start: bool = False) -> None:
    """Keep every response time under its group (``group_of(method, name)``), also apart for the requests
    after the ramp (``BENCH_RAMP`` seconds from now: those answered after it, or with ``by_start`` those
    asked after it), and the errors per group; written as JSON to ``BENCH_GROUPS_FILE`` when the run stops."""
    times: dict[str, list[float]] = defaultdict(list)
    after_ramp: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    ramp_ends = time.monotonic() + float(os.environ.get("BENCH_RAMP", "0"))
    path = os.environ.get("BENCH_GROUPS_FILE", "/tmp/pramoen-locust-groups.json")

    def timed(request_type: str, name: str, response_time: float, exception: Any = None, **_: Any) -> None:
        group = group_of(request_type, name)
        times[group].append(response_time)
        if time.monotonic() - (response_time / 1000 if by_start else 0) > ramp_ends:
            after_ramp[group].append(response_time)
        if exception is not None:
            errors[group] += 1

    def write(**_: Any) -> None:
        Path(path).write_text(
            json.dumps({"times": times, "after_ramp": after_ramp, "errors": errors}), encoding="utf-8"
        )

    events.request.add_listener(timed)
    events.test_stop.add_listener(write)
