"""Locust scenario of the executive overview and the public portal under load (issue 19 point 5).  Run by
bench/locust_overview.py, which prepares the database and writes the plan (``BENCH_PLAN_FILE``: the
executives' sessions, the published round, each district's ledger size, the baseline scorecard).

- executives (signed in beforehand: the runner made their sessions) read the overview (now and then
  with the district offices only) and, as the same run's baseline, one agency's scorecard;
- anonymous visitors open the portal's home (it redirects to the newest published round's scores) and
  one district's ticket ledger for that round — its first page, now and then a later one.

Pauses are short (``BENCH_THINK``, default 1–2 s).  Response times are kept per group (overview, ledger,
portal home, baseline), also for the requests asked after the ramp (``BENCH_RAMP``) alone, and written to
``BENCH_GROUPS_FILE`` when the run stops."""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

from bench.locust_shared import keep_group_times

_plan_file = os.environ.get("BENCH_PLAN_FILE", "")
PLAN: dict[str, Any] = json.loads(Path(_plan_file).read_text(encoding="utf-8")) if _plan_file else {}
THINK = [float(x) for x in os.environ.get("BENCH_THINK", "1,2").split(",")]
LEDGER_PAGE = 100  # pramoen.public.views.LEDGER_PAGE
_next = defaultdict(itertools.count)


def group_of(_method: str, name: str) -> str:
    if name.startswith("/overview/"):
        return "overview"
    if "/complaints/" in name:
        return "ledger"
    if name.startswith("/public/"):
        return "portal home"
    return "baseline"


# a request asked during the ramp and answered after it counts as the ramp's
keep_group_times(group_of, by_start=True)


class Executive(HttpUser):
    weight = 2
    wait_time = between(*THINK)

    def on_start(self) -> None:
        sessions = PLAN["sessions"]
        host = self.host.split("//", 1)[-1].split(":")[0]
        self.client.cookies.set("sessionid", sessions[next(_next["exec"]) % len(sessions)], domain=host)

    def signed_in_get(self, url: str, name: str) -> None:
        """A page only a signed-in person sees: sent to the sign-in form instead is a failure."""
        with self.client.get(url, name=name, catch_response=True) as answer:
            if "/login/" in (answer.url or ""):
                answer.failure("not signed in: sent to the sign-in form")

    @task(4)
    def overview(self) -> None:
        self.signed_in_get("/overview/", "/overview/")

    @task(1)
    def overview_districts(self) -> None:
        self.signed_in_get("/overview/?kind=district_office", "/overview/?kind=district_office")

    @task(2)
    def scorecard(self) -> None:  # the baseline: one agency's scorecard, a plain page of one agency's rows
        card = f"/scores/agency/{PLAN['card']}/?fy={PLAN['year']}&period={PLAN['period']}"
        self.signed_in_get(card, "/scores/agency/[code]/ (baseline)")


class Visitor(HttpUser):
    weight = 3
    wait_time = between(*THINK)

    def on_start(self) -> None:
        ledgers = sorted(PLAN["ledgers"].items())
        code, count = ledgers[next(_next["visitor"]) % len(ledgers)]  # the visitors spread over the districts
        self.ledger = f"/public/{PLAN['year']}/{PLAN['period']}/complaints/{code}/"
        self.pages = max(1, -(-count // LEDGER_PAGE))

    @task(2)
    def home(self) -> None:
        self.client.get("/public/", name="/public/ (portal home)")

    @task(3)
    def ledger_first_page(self) -> None:
        self.client.get(self.ledger, name="/public/[year]/[period]/complaints/[code]/")

    @task(1)
    def ledger_later_page(self) -> None:
        page = random.randint(min(2, self.pages), self.pages)
        self.client.get(
            f"{self.ledger}?page={page}", name="/public/[year]/[period]/complaints/[code]/?page=n"
        )
