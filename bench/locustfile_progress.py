"""Locust scenario of a deadline day: district officers open their list and report forms, save drafts and
submit; executives read the early-warning list and their home page.  Run by bench/locust_progress.py,
which prepares the database and the accounts (bench.officer.<district code>, bench.exec.<n>)."""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

from bench.locust_shared import FIGURES, PERIOD, headers, record, sign_in_form, version_in

OFFICERS = [c for c in os.environ.get("BENCH_OFFICERS", "").split(",") if c]
EXECUTIVES = int(os.environ.get("BENCH_EXECUTIVES", "3"))
OUT = os.environ.get("BENCH_SUBMITTED_FILE", "/tmp/pramoen-locust-submitted.json")
_next_officer = itertools.count()
_next_exec = itertools.count()
SESSIONS: dict[str, str] = json.loads(os.environ.get("BENCH_SESSIONS", "{}"))


def _sign_in(user: HttpUser, username: str) -> None:
    """Reuse the session the runner prepared (officers are signed in before the deadline rush), else
    sign in through the form."""
    key = SESSIONS.get(username)
    if key:
        host = user.host.split("//", 1)[-1].split(":")[0]
        user.client.cookies.set("sessionid", key, domain=host)
        user.client.get("/", name="/ (home)")  # sets the CSRF cookie
        return
    sign_in_form(user, username)


class Officer(HttpUser):
    """One district office's officer (reporter and head): every indicator of the period, one after another."""

    weight = 8
    wait_time = between(1, 3)

    def on_start(self) -> None:
        index = next(_next_officer)
        self.code = OFFICERS[index % len(OFFICERS)]
        _sign_in(self, f"bench.officer.{self.code}")
        listing = self.client.get(f"/progress/?period={PERIOD}", name="/progress/ (list)")
        self.to_open = re.findall(r'action="(/progress/open/\d+/' + PERIOD + r'/)"', listing.text)
        self.report: tuple[int, int] | None = None

    @task(3)
    def open_list(self) -> None:
        self.client.get(f"/progress/?period={PERIOD}", name="/progress/ (list)")

    @task(10)
    def work_on_a_report(self) -> None:
        if self.report is None:
            if not self.to_open:
                return
            url = self.to_open.pop(0)
            answer = self.client.post(url, headers=headers(self), name="/progress/open/ (start)")
            match = re.search(r"/progress/reports/(\d+)/", answer.url or "")
            version = version_in(answer.text, -1)
            if not match or version < 0:
                return
            self.report = (int(match.group(1)), version)
            return
        pk, version = self.report
        page = self.client.get(f"/progress/reports/{pk}/", name="/progress/reports/[id]/ (form)")
        version = version_in(page.text, version)
        saved = self.client.post(
            f"/progress/reports/{pk}/save/",
            {"version": version, **FIGURES},
            headers=headers(self, **{"HX-Request": "true"}),
            name="/progress/reports/[id]/save/ (autosave)",
        )
        version = version_in(saved.text, version + 1)
        with self.client.post(
            f"/api/v1/progress/reports/{pk}/submit/",
            json={"version": version},
            headers=headers(self),
            name="/api/v1/progress/reports/[id]/submit/",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200 and answer.json().get("status") == "submitted":
                record(OUT, pk)
                answer.success()
            elif answer.status_code == 400:  # e.g. a method this scenario does not fill: not a server error
                answer.success()
        self.report = None


class Executive(HttpUser):
    weight = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        _sign_in(self, f"bench.exec.{next(_next_exec) % EXECUTIVES}")

    @task(2)
    def warnings(self) -> None:
        self.client.get("/progress/warnings/", name="/progress/warnings/")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="/ (home)")
