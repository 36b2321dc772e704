"""The deadline day's people and the count afterwards, run inside Django by bench/locust_deadline.py
(``pramoen shell -c "from bench.deadline_setup import …"``).

``prepare(users, plan_file)`` starts the day again (the period's reports, verified results, jobs, built
report files and sign-in failures of the last run removed; the progress demo loaded again) and makes the
accounts the scenario signs in with, through the project's own services (``role_assign``), for ``users``
simultaneous people: officers (several per district office and per bureau, each with their own share of
the agency's indicators, so two people never type into one report), one head per agency, host-agency
reviewers (each with a share of the waiting reports), the evaluation office and executives.  It writes
the plan (who works on what) as JSON.

``count(ack_file)`` compares what locust saw acknowledged with what the database holds."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Max

from pramoen.core.audit import acting_as
from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.jobs.models import Job
from pramoen.orgs.models import Agency, LoginAttempt, Role, User
from pramoen.orgs.services import role_assign
from pramoen.progress.demo import load_progress_demo
from pramoen.progress.models import ProgressReport, ReportEvent
from pramoen.scoring.models import VerifiedResult

YEAR = 2567
PERIOD = "M07"
PREFIX = "deadline."
# A workflow step as the API names it → as the report's trail (ReportEvent.action) records it.
STEPS = {"send-to-head": "send_to_head", "submit": "submit", "review": "review", "verify": "verify"}
STEPS["send-back"] = "send_back"


def composition(users: int, agencies: int, hosts: int) -> dict[str, int]:
    """How many of each kind of person among ``users``: the offices' staff are most of them."""
    evaluators = max(1, round(users * 0.025))
    reviewers = min(hosts, max(1, round(users * 0.04)))
    executives = max(1, round(users * 0.08))
    heads = min(agencies, max(1, round(users * 0.25)))
    officers = max(1, users - evaluators - reviewers - executives - heads)
    return {
        "officer": officers,
        "head": heads,
        "host_reviewer": reviewers,
        "evaluator": evaluators,
        "executive": executives,
    }


def _reset(period: Period) -> None:
    ProgressReport.objects.filter(period=period).delete()  # their events and evidence go with them
    VerifiedResult.objects.filter(period=period).delete()
    Job.objects.all().delete()
    LoginAttempt.objects.all().delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "monitoring", ignore_errors=True)  # built report files
    User.objects.filter(username__startswith=PREFIX).delete()
    load_progress_demo(year=YEAR)


def _account(username: str, hashed: str, roles: list[tuple[Role, Agency | None]], admin: Any) -> str:
    user = User.objects.create(username=username, password=hashed, full_name_th=f"ผู้ทดสอบ {username}")
    for role, agency in roles:
        role_assign(actor=admin, user=user, role=role, agency=agency)
    return username


def _completable(assignment: Assignment) -> bool:
    """Reports the scenario can fill in: an action-plan indicator needs its plan (only the demo's one
    district office has plans), every other method takes the form's figures or none."""
    if assignment.indicator.method in ("action_plan", "milestone_level"):
        return hasattr(assignment, "action_plan")
    return True


def prepare(users: int, plan_file: str, password: str) -> None:
    fy = FiscalYear.objects.get(year=YEAR)
    period = Period.objects.get(fiscal_year=fy, code=PERIOD)
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    hashed = make_password(password)  # hashed once, at the production cost; every account shares it
    with acting_as(label="system:bench"):
        _reset(period)
        assignments = (
            Assignment.objects.filter(indicator__fiscal_year=fy)
            .select_related("indicator", "agency", "action_plan")
            .order_by("agency__kind", "agency__code", "indicator__code")
        )
        todo: dict[str, list[Assignment]] = defaultdict(list)
        for a in assignments:
            if _completable(a):
                todo[a.agency.code].append(a)
        agencies = {a.agency.code: a.agency for a in assignments}
        # district offices first: they are most of the staff on a deadline day
        codes = sorted(todo, key=lambda c: (agencies[c].kind != "district_office", c))
        host_codes = sorted({a.indicator.host_agency.code for a in assignments if a.indicator.host_agency})
        wanted = composition(users, len(codes), len(host_codes))
        codes = codes[: wanted["head"]]
        plan: dict[str, Any] = {"composition": wanted, "period": PERIOD, "year": YEAR}
        plan["head"] = [
            _account(f"{PREFIX}head.{c}", hashed, [(Role.APPROVER, agencies[c])], admin) for c in codes
        ]
        # officers dealt round-robin over the agencies: 3 officers each for 150 at 50 district offices
        staff: dict[str, int] = Counter()
        order = [codes[i % len(codes)] for i in range(wanted["officer"])]
        for c in order:
            staff[c] += 1
        plan["officer"] = []
        for c in codes:
            for n in range(staff[c]):
                mine = todo[c][n :: staff[c]]
                name = _account(f"{PREFIX}officer.{c}.{n}", hashed, [(Role.REPORTER, agencies[c])], admin)
                plan["officer"].append(
                    {"username": name, "agency": c, "todo": [[a.pk, a.indicator.code] for a in mine]}
                )
        plan["officer"].sort(key=lambda o: int(o["username"].rsplit(".", 1)[1]))  # one per agency first
        reviewers = [host_codes[i % len(host_codes)] for i in range(wanted["host_reviewer"])]
        plan["host_reviewer"] = []
        for c in host_codes:
            share = reviewers.count(c)
            for n in range(share):
                host = Agency.objects.get(code=c)
                name = _account(f"{PREFIX}host.{c}.{n}", hashed, [(Role.HOST_REVIEWER, host)], admin)
                plan["host_reviewer"].append({"username": name, "slice": n, "of": share})
        plan["evaluator"] = [
            {
                "username": _account(f"{PREFIX}eval.{n}", hashed, [(Role.EVALUATOR, None)], admin),
                "slice": n,
                "of": wanted["evaluator"],
            }
            for n in range(wanted["evaluator"])
        ]
        plan["executive"] = [
            _account(f"{PREFIX}exec.{n}", hashed, [(Role.EXECUTIVE, None)], admin)
            for n in range(wanted["executive"])
        ]
        plan["agencies"] = sorted(agencies)
    Path(plan_file).write_text(json.dumps(plan), encoding="utf-8")
    print(f"ACCOUNTS {User.objects.filter(username__startswith=PREFIX).count()} {json.dumps(wanted)}")


def count(ack_file: str, wait: float = 0) -> dict[str, Any]:
    """What locust saw acknowledged against the database: every workflow step acknowledged has its row
    in the report's trail, every autosave acknowledged at version v left the report at v or later.  Waits
    up to ``wait`` seconds for the job queue to empty first."""
    deadline = time.monotonic() + wait
    while jobs_open() and time.monotonic() < deadline:
        time.sleep(2)
    acked_steps: Counter[tuple[int, str]] = Counter()
    acked_saves: dict[int, int] = {}
    saves = 0
    path = Path(ack_file)
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        kind, pk, value = line.split()
        if kind == "save":
            saves += 1
            acked_saves[int(pk)] = max(acked_saves.get(int(pk), 0), int(value))
        else:
            acked_steps[(int(pk), STEPS[value])] += 1
    events = Counter(
        (pk, action)
        for pk, action in ReportEvent.objects.filter(report__period__code=PERIOD).values_list(
            "report_id", "action"
        )
    )
    versions = dict(
        ProgressReport.objects.filter(pk__in=acked_saves)
        .values("pk")
        .annotate(v=Max("version"))
        .values_list("pk", "v")
    )
    by_step = {}
    for step in STEPS.values():
        acked = sum(n for (pk, action), n in acked_steps.items() if action == step)
        lost = sum(max(0, n - events[(pk, a)]) for (pk, a), n in acked_steps.items() if a == step)
        stored = sum(n for (pk, action), n in events.items() if action == step)
        by_step[step] = {"acknowledged": acked, "lost": lost, "in_database": stored}
    saves_lost = sum(1 for pk, v in acked_saves.items() if versions.get(pk, -1) < v)
    jobs = Counter(Job.objects.values_list("state", flat=True))
    result = {
        "steps": by_step,
        "saves": {"acknowledged": saves, "reports_behind": saves_lost},
        "jobs": {"all": sum(jobs.values()), **dict(jobs)},
        "reports": dict(
            Counter(ProgressReport.objects.filter(period__code=PERIOD).values_list("status", flat=True))
        ),
    }
    print("COUNT " + json.dumps(result))
    return result


def jobs_open() -> int:
    return Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).count()
