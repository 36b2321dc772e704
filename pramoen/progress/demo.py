"""Demo progress data for FY2567 (call after the framework demo): deadlines 15 days after each period,
action plans for bang rak's action-plan indicators, and bang rak's M07 drafts to continue.  Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.orgs.models import User
from pramoen.progress.models import PeriodControl, ProgressReport
from pramoen.progress.periods import rules_for
from pramoen.progress.plans import MilestoneInput, plan_save
from pramoen.progress.services import report_open

STEPS = [
    ("วางแผนและกำหนดเป้าหมาย", 10, (10, 1), (10, 31)),
    ("สำรวจและจัดเตรียมพื้นที่/ข้อมูล", 20, (11, 1), (12, 31)),
    ("ดำเนินการตามแผน ระยะที่ ๑", 30, (1, 1), (3, 31)),
    ("ดำเนินการตามแผน ระยะที่ ๒", 30, (4, 1), (7, 31)),
    ("ติดตามและสรุปผล", 10, (8, 1), (9, 30)),
]


def _day(fy: FiscalYear, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    return dt.date(fy.start.year if month >= 10 else fy.end.year, month, day)


@transaction.atomic
def load_progress_demo(*, year: int = 2567) -> int:
    """Returns the number of draft reports made ready for bang rak."""
    fy = FiscalYear.objects.filter(year=year).first()
    head = User.objects.filter(username="bangrak.head").first()
    if fy is None or head is None:
        return 0
    rules_for(fy.pk)
    for period in Period.objects.filter(fiscal_year=fy):
        PeriodControl.objects.get_or_create(
            period=period, defaults={"deadline": period.end + dt.timedelta(days=15)}
        )
    assignments = Assignment.objects.filter(indicator__fiscal_year=fy, agency__code="1004").select_related(
        "indicator"
    )
    for a in assignments.filter(indicator__method__in=["action_plan", "milestone_level"]):
        if hasattr(a, "action_plan"):
            continue
        levelled = a.indicator.method == "milestone_level"
        plan_save(
            actor=head,
            assignment=a,
            version=None,
            target_text="",
            milestones=[
                MilestoneInput(name, _day(fy, start), _day(fy, end), Decimal(w), n if levelled else None)
                for n, (name, w, start, end) in enumerate(STEPS, start=1)
            ],
        )
    m07 = Period.objects.get(fiscal_year=fy, code="M07")
    count = 0
    for a in assignments:
        report_open(actor=head, assignment=a, period=m07)
        count += 1
    return ProgressReport.objects.filter(period=m07, assignment__agency__code="1004").count() if count else 0
