"""Full recompute of a BMA-sized year (150 agencies × 60 assignments × 12 monthly periods) against the
time to merely read the same input rows (assignments with indicators, targets, verified results)."""

from __future__ import annotations

import os
import random
import time
from decimal import Decimal

from bench.run import Result
from pramoen.framework.models import Assignment, Component, Indicator, Target
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency
from pramoen.scoring import signals
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import VerifiedResult

YEAR = 2590
AGENCIES, INDICATORS, MONTHS = int(os.environ.get("BENCH_AGENCIES", 150)), 60, 12
METHODS = ["ratio", "value", "action_plan", "survey", "milestone_level"]


def _build() -> list[str]:
    fy = fiscal_year_ensure(year=YEAR)
    months = list(fy.periods.filter(kind="month").order_by("start"))
    comp = Component.objects.create(
        fiscal_year=fy, code="1", name_th="องค์ประกอบที่ ๑", name_en="C1", weight=Decimal(100)
    )
    agencies = list(Agency.objects.all()[:AGENCIES])
    for i in range(AGENCIES - len(agencies)):
        agencies.append(
            Agency.objects.create(
                code=f"bench-{i}", kind="bureau", name_th=f"สำนักทดสอบ {i}", name_en=f"Bench {i}"
            )
        )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            fiscal_year=fy,
            component=comp,
            code=f"B{i}",
            name_th=f"ตัวชี้วัด {i}",
            method=METHODS[i % 5],
            t1=Decimal(1 if i % 5 == 4 else 60),
            t2=Decimal(2 if i % 5 == 4 else 70),
            t3=Decimal(3 if i % 5 == 4 else 80),
            t4=Decimal(4 if i % 5 == 4 else 90),
            t5=Decimal(5 if i % 5 == 4 else 100),
        )
        for i in range(INDICATORS)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(indicator=ind, agency=a, weight=Decimal(10)) for a in agencies for ind in indicators
    )
    rng = random.Random(1)
    targets, results = [], []
    for a in assignments:
        method = METHODS[int(a.indicator.code[1:]) % 5]
        for m, period in enumerate(months, start=1):
            targets.append(Target(assignment=a, period=period, value=Decimal(100)))
            figures: dict = {}
            if method == "ratio":
                figures = {"numerator": Decimal(rng.randint(0, 120)), "denominator": Decimal(100)}
            elif method == "value":
                figures = {"value": Decimal(rng.randint(40, 110))}
            elif method == "survey":
                figures = {"survey_responses": 200, "survey_satisfied": rng.randint(100, 200)}
            else:
                figures = {
                    "milestones": [
                        {"name": f"s{k}", "weight": 20, "level": k, "done": 100 if k <= m // 3 else 50}
                        for k in range(1, 6)
                    ]
                }
            results.append(VerifiedResult(assignment=a, period=period, source="bench", **figures))
    Target.objects.bulk_create(targets, batch_size=5000)
    VerifiedResult.objects.bulk_create(results, batch_size=5000)
    return [p.code for p in months]


def _read_inputs() -> int:
    n = len(
        list(
            Assignment.objects.filter(indicator__fiscal_year__year=YEAR).select_related("indicator", "agency")
        )
    )
    n += len(
        list(
            Target.objects.filter(period__fiscal_year__year=YEAR, period__kind="month").values_list(
                "assignment_id", "period_id", "value"
            )
        )
    )
    n += len(list(VerifiedResult.objects.filter(period__fiscal_year__year=YEAR, period__kind="month")))
    return n


def run() -> list[Result]:
    with signals.paused():
        codes = _build()
    _read_inputs()  # warm the database cache like the recompute will find it
    start = time.perf_counter()
    rows = _read_inputs()
    read = time.perf_counter() - start
    start = time.perf_counter()
    written = sum(recompute(fiscal_year=YEAR, period_code=c, resume=False).written for c in codes)
    full = time.perf_counter() - start
    start = time.perf_counter()
    rewritten = sum(recompute(fiscal_year=YEAR, period_code=c, resume=False).written for c in codes)
    again = time.perf_counter() - start
    print(
        f"  inputs read: {rows:,} rows; scores written: {written:,}; "
        f"written on an unchanged re-run: {rewritten}"
    )
    return [
        Result(
            f"full recompute ({AGENCIES}×{INDICATORS}×{MONTHS})",
            full,
            "read the same inputs",
            read,
            target_ratio=3,
        ),
        Result("re-run with unchanged inputs", again, "read the same inputs", read),
    ]
