"""Locust scenario of the deadline day at BMA scale (issue 22): every person signs in through the form, then
works with pauses of 3–10 s.  Run by bench/locust_deadline.py, which makes the accounts and writes the plan
(``BENCH_PLAN_FILE``: who works on which indicators).

- officers (several per district office and bureau) open each report of their share, autosave it one to
  three times and send it to their head; a report the evaluation office sent back is done again;
- heads take the reports waiting for them from their list and submit them;
- host-agency reviewers review the supporting agencies' submitted reports (each a share of the queue);
- the evaluation office verifies what is ready (one in ten sent back with a comment) and asks for the
  monitoring report's DOCX/PDF (built by the job worker);
- executives read the overview, the ranking, scorecards, score explanations, the early warnings and the API.

Each person comes from an address of their own (``X-Forwarded-For``; the bench's gunicorn trusts one proxy
hop, as behind the production reverse proxy), so the per-address sign-in lock-out sees 300 people, not one.
Every write the server acknowledged is appended to ``BENCH_ACK_FILE``; response times are kept per group
(pages, API, autosave/submit, sign-in) and written to ``BENCH_GROUPS_FILE`` when the run stops."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

from bench.locust_shared import (
    FIGURES,
    PERIOD,
    headers,
    keep_group_times,
    record,
    sign_in_form,
    version_in,
)

_plan_file = os.environ.get("BENCH_PLAN_FILE", "")
PLAN: dict[str, Any] = json.loads(Path(_plan_file).read_text(encoding="utf-8")) if _plan_file else {}
COUNTS: dict[str, int] = PLAN.get("composition", {})
YEAR = PLAN.get("year", 2567)
ACKS = os.environ.get("BENCH_ACK_FILE", "/tmp/pramoen-deadline-acks.txt")
LIST = f"/progress/?period={PERIOD}"
THINK = [float(x) for x in os.environ.get("BENCH_THINK", "3,10").split(",")]
_next = defaultdict(itertools.count)
_address = itertools.count(1)
_REPORT_LINK = re.compile(r'href="/progress/reports/(\d+)/"')
_QUEUE = re.compile(r'data-testid="review-queue">(.*?)</section>', re.S)


# --- response times per group (and per group after the sign-in ramp) --------------------------------
def group_of(method: str, name: str) -> str:
    if name == "/login/ (POST)":
        return "sign-in"
    if "(autosave)" in name or name.startswith("/progress/open/") or (method == "POST" and "/api/" in name):
        return "autosave/submit"
    return "API" if name.startswith("/api/") else "pages"


keep_group_times(group_of)


# --- people ----------------------------------------------------------------------------------------
class Person(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    kind = ""

    def on_start(self) -> None:
        people = PLAN[self.kind]
        self.me = people[next(_next[self.kind]) % len(people)]
        n = next(_address)
        self.client.headers["X-Forwarded-For"] = f"127.10.{n // 250}.{n % 250 + 1}"
        username = self.me if isinstance(self.me, str) else self.me["username"]
        self.signed_in = sign_in_form(self, username)
        if self.signed_in:
            self.client.get("/", name="/ (home)")

    @task(1)  # everyone looks at what is new for them now and then
    def notifications(self) -> None:
        self.client.get("/notifications/", name="/notifications/")

    def queue(self, slice_: int = 0, of: int = 1) -> list[int]:
        """The reports waiting for this person on their list (their share of it)."""
        page = self.client.get(LIST, name="/progress/ (list)")
        section = _QUEUE.search(page.text or "")
        found = [int(pk) for pk in _REPORT_LINK.findall(section.group(1) if section else "")]
        return [pk for pk in found if pk % of == slice_]

    def step(self, pk: int, action: str, version: int, expect: str, comment: str = "") -> bool:
        """A workflow step through the API, as the form's buttons call it; True when acknowledged."""
        body: dict[str, Any] = {"version": version}
        if comment:
            body["comment"] = comment
        with self.client.post(
            f"/api/v1/progress/reports/{pk}/{action}/",
            json=body,
            headers=headers(self, f"/progress/reports/{pk}/"),
            name=f"/api/v1/progress/reports/[id]/{action}/",
            catch_response=True,
        ) as answer:
            status = answer.json().get("status") if answer.status_code == 200 else None
            if status == expect:
                record(ACKS, "step", pk, action)
                answer.success()
                return True
            answer.failure(f"{action}: {answer.status_code} {answer.text[:200]}")
            return False

    def form(self, pk: int) -> str:
        return self.client.get(f"/progress/reports/{pk}/", name="/progress/reports/[id]/ (form)").text or ""

    def take_waiting(self, action: str, expect: str, slice_: int = 0, of: int = 1, comment: str = "") -> None:
        """The first report on this person's list whose form offers ``action``: that step.  Only what
        could be verified is sent back (a report still with the host reviewer is theirs to act on)."""
        button = "verify" if action == "send-back" else action.replace("-", "_")
        for pk in self.queue(slice_, of)[:3]:
            page = self.form(pk)
            if f'value="{button}"' in page:
                self.step(pk, action, version_in(page, 0), expect, comment)
                return


class Officer(Person):
    """Reporter of one agency, with a share of its indicators (nobody else types into them)."""

    kind = "officer"
    fixed_count = COUNTS.get("officer", 0)

    def on_start(self) -> None:
        super().on_start()
        self.todo: list[int] = [aid for aid, _code in self.me["todo"]]
        self.by_code = {code: aid for aid, code in self.me["todo"]}
        self.current: list[int] | None = None  # [report, version, autosaves still to make]
        self.client.get(LIST, name="/progress/ (list)")

    @task(8)
    def work(self) -> None:
        if not self.signed_in:
            return
        if self.current is None:
            if not self.todo:
                self.returned()
                return
            aid = self.todo.pop(0)
            page = self.client.post(
                f"/progress/open/{aid}/{PERIOD}/", headers=headers(self), name="/progress/open/[id]/ (start)"
            )
            found = re.search(r"/progress/reports/(\d+)/", page.url or "")
            version = version_in(page.text, -1)
            if found and version >= 0:
                self.current = [int(found.group(1)), version, random.randint(1, 3)]
            return
        pk, version, saves = self.current
        if saves > 0:
            saved = self.client.post(
                f"/progress/reports/{pk}/save/",
                {"version": version, **FIGURES},
                headers=headers(self, f"/progress/reports/{pk}/", **{"HX-Request": "true"}),
                name="/progress/reports/[id]/save/ (autosave)",
            )
            if saved.status_code == 200:
                version = version_in(saved.text, version + 1)
                record(ACKS, "save", pk, version)
            self.current = [pk, version, saves - 1]
            return
        self.step(pk, "send-to-head", version, "ready")
        self.current = None

    def returned(self) -> None:
        """Reports of this officer's share that the evaluation office sent back: done again."""
        rows = self.client.get(
            f"/api/v1/progress/reports/?fy={YEAR}&period={PERIOD}&status=returned&agency={self.me['agency']}",
            name="/api/v1/progress/reports/ (returned)",
        )
        if rows.status_code == 200:
            for row in rows.json().get("results", []):
                aid = self.by_code.get(row["indicator"])
                if aid is not None and aid not in self.todo:
                    self.todo.append(aid)

    @task(2)
    def browse(self) -> None:
        self.client.get(LIST, name="/progress/ (list)")


class Head(Person):
    """The agency head: submits what the staff sent."""

    kind = "head"
    fixed_count = COUNTS.get("head", 0)

    @task(6)
    def submit_waiting(self) -> None:
        self.take_waiting("submit", "submitted")

    @task(1)
    def scorecard(self) -> None:
        code = self.me.rsplit(".", 1)[1]
        self.client.get(f"/scores/agency/{code}/", name="/scores/agency/[code]/")


class HostReviewer(Person):
    kind = "host_reviewer"
    fixed_count = COUNTS.get("host_reviewer", 0)

    @task(6)
    def review(self) -> None:
        self.take_waiting("review", "reviewed", self.me["slice"], self.me["of"])


class Evaluator(Person):
    """The evaluation office: verifies (one in ten sent back) and asks for the monitoring report."""

    kind = "evaluator"
    fixed_count = COUNTS.get("evaluator", 0)

    @task(8)
    def verify(self) -> None:
        if random.random() < 0.1:
            comment = "ตัวเลขไม่ตรงกับหลักฐาน (bench)"
            self.take_waiting("send-back", "returned", self.me["slice"], self.me["of"], comment)
        else:
            self.take_waiting("verify", "verified", self.me["slice"], self.me["of"])

    @task(1)
    def monitoring_report(self) -> None:
        """The file is built by the job worker the first time (the answer is the job's page), then kept."""
        fmt = random.choice(["docx", "pdf"])
        self.client.get(f"/monitoring/{YEAR}/H1/report.{fmt}", name=f"/monitoring/[year]/H1/report.{fmt}")

    @task(1)
    def warnings(self) -> None:
        self.client.get("/progress/warnings/", name="/progress/warnings/")


class Executive(Person):
    """Reads: the overview, the ranking, scorecards and what explains a score, the warnings, the API."""

    kind = "executive"
    fixed_count = COUNTS.get("executive", 0)

    @task
    def read(self) -> None:
        agency = random.choice(PLAN["agencies"])
        path, name = random.choices(
            [
                ("/overview/", "/overview/"),
                ("/scores/ranking/", "/scores/ranking/"),
                (f"/scores/agency/{agency}/", "/scores/agency/[code]/"),
                ("/progress/warnings/", "/progress/warnings/"),
                ("/", "/ (home)"),
                (f"/api/v1/scorecards/{agency}/", "/api/v1/scorecards/[code]/"),
                (f"/api/v1/progress/reports/?fy={YEAR}&period={PERIOD}&status=submitted,verified", None),
            ],
            weights=[2, 2, 3, 1, 1, 1, 1],
        )[0]
        page = self.client.get(path, name=name or path.split("?")[0])
        scores = re.findall(r'href="/scores/(\d+)/"', page.text or "") if "/agency/" in path else []
        if scores:  # what explains one of the agency's scores
            self.client.get(f"/scores/{random.choice(scores)}/", name="/scores/[id]/ (explain)")
