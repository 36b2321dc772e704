"""A small FY2567 year for บางรัก (1004) with three indicators that appeals can touch: the budget
disbursement (3.2), the complaint KPI (4) and a reported value (1.1) — fed by real imports, scored by
the real engine — and published appeal categories whose windows are open today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from pramoen.appeals.models import AppealCategory, Decider, Effect
from pramoen.core.audit import acting_as
from pramoen.feeds.budget.services import budget_import
from pramoen.feeds.complaints.importer import complaints_import
from pramoen.framework.models import Assignment, Component, Indicator, Period
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import VerifiedResult
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

BUDGET = (
    "record,agency,fiscal_year,line,name,budget_type,source,welfare,approved,date,amount,ref,event,note\n"
    "line,1004,2567,OP,ค่าใช้สอย,operating,annual,,100000000,,,,,\n"
    "line,1004,2567,INV,ค่าก่อสร้างทางเท้า,investment,annual,,100000000,,,,,\n"
    "disbursement,1004,2567,OP,,,,,,2024-02-01,50000000,DV-1,,\n"
)
FIVE = {"t1": D(20), "t2": D(35), "t3": D(50), "t4": D(65), "t5": D(80)}


def _thresholds(*values: int) -> dict[str, D]:
    return {f"t{i}": D(v) for i, v in enumerate(values, start=1)}


@pytest.fixture
def year(personas: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return build_year(tmp_path)


def build_year(tmp_path: Path) -> dict[str, Any]:
    """The year, its data and scores (the reference data and the demo personas must exist)."""
    fy = fiscal_year_ensure(year=2567)
    c1 = Component.objects.create(fiscal_year=fy, code="1", name_th="ผลสัมฤทธิ์", weight=D(60), order=1)
    c32 = Component.objects.create(fiscal_year=fy, code="3.2", name_th="การเบิกจ่าย", weight=D(20), order=2)
    c4 = Component.objects.create(fiscal_year=fy, code="4", name_th="เรื่องร้องเรียน", weight=D(20), order=3)
    bang_rak = Agency.objects.get(code="1004")
    ind = {
        "1.1": Indicator.objects.create(
            fiscal_year=fy,
            component=c1,
            code="1.1",
            name_th="ทางเท้า",
            method="value",
            **_thresholds(1, 2, 3, 4, 5),
        ),
        "1.2": Indicator.objects.create(
            fiscal_year=fy,
            component=c1,
            code="1.2",
            name_th="ขุดลอกท่อ",
            method="value",
            **_thresholds(1, 2, 3, 4, 5),
        ),
        "3.2": Indicator.objects.create(
            fiscal_year=fy,
            component=c32,
            code="3.2",
            name_th="การเบิกจ่าย",
            method="budget_disbursement",
            **FIVE,
        ),
        "4": Indicator.objects.create(
            fiscal_year=fy, component=c4, code="4", name_th="Traffy Fondue", method="complaints", **FIVE
        ),
    }
    a = {
        code: Assignment.objects.create(indicator=i, agency=bang_rak, weight=D(10)) for code, i in ind.items()
    }
    h1 = Period.objects.get(fiscal_year=fy, code="H1")
    VerifiedResult.objects.create(assignment=a["1.1"], period=h1, value=D("2.5"))
    VerifiedResult.objects.create(assignment=a["1.2"], period=h1, value=D("4.5"))
    with acting_as(label="system:test"):
        budget_import(actor=None, upload=BUDGET.encode(), filename="budget.csv")
        point = inside(1004)
        rows = [
            api_row("2024-AP0001", offset(point, 200), "2024-01-10 03:00:00+00", state="เสร็จสิ้น"),
            api_row(
                "2024-AP0002", offset(point, 400), "2024-01-11 03:00:00+00", state="เสร็จสิ้น", type="{น้ำท่วม}"
            ),
            api_row(
                "2024-AP0003", offset(point, 600), "2024-02-12 03:00:00+00", state="รอรับเรื่อง", type="{ไฟฟ้า}"
            ),
            api_row(
                "2024-AP0004",
                offset(point, 800),
                "2024-03-13 03:00:00+00",
                state="กำลังดำเนินการ",
                type="{ขยะ}",
            ),
            api_row("2024-XX0005", inside(1028), "2024-03-13 03:00:00+00", state="รอรับเรื่อง"),
            api_row("2022-OLD006", point, "2022-03-13 03:00:00+00", state="รอรับเรื่อง"),
        ]
        complaints_import(actor=None, path=write_csv(tmp_path / "t.csv", API_HEADER, rows))
        recompute(fiscal_year=2567, period_code="H1", resume=False)
    today = timezone.localdate()
    categories = {}
    for code, effect, component in [
        ("budget-line", Effect.BUDGET_LINES, c32),
        ("tickets-prank", Effect.TICKETS, c4),
        ("force-majeure", Effect.EXCLUDE_INDICATOR, None),
        ("correct-value", Effect.CORRECT_VALUE, None),
        ("adjust-target", Effect.ADJUST_TARGET, None),
    ]:
        categories[code] = AppealCategory.objects.create(
            fiscal_year=fy,
            code=code,
            effect=effect,
            name_th=f"หมวด {code}",
            name_en=f"Category {code}",
            eligibility_th="ตามหลักเกณฑ์",
            required_documents=[{"code": "letter", "name_th": "หนังสือขออุทธรณ์", "name_en": "Appeal letter"}],
            component=component,
            opens_on=today - dt.timedelta(days=30),
            closes_on=today + dt.timedelta(days=30),
            decider=Decider.EVALUATION_OFFICE,
            published_at=timezone.now(),
        )
    return {"fy": fy, "a": a, "h1": h1, "categories": categories, "agency": bang_rak}


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
