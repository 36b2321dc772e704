"""The real BMA record in ../shared (KPI monitor, FY2563 Q1) recomputed through import and method."""

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pramoen.feeds.budget.services import budget_import
from pramoen.orgs.models import Agency
from pramoen.scoring.methods import MethodContext, get_method
from tests.feeds.budget.conftest import budget_csv

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared/data/other/bma_kpi_monitor_samples.csv"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(not SAMPLES.exists(), reason="../shared is not on this machine"),
]


def _baht(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_the_budget_record_of_the_kpi_monitor_gives_its_reported_percent():
    with SAMPLES.open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if "เบิกจ่ายงบประมาณ" in r["kpi_name"])
    text = row["detail_excerpt"]
    approved = _baht(re.search(r"อนุมัติ ([\d,]+)", text)[1])
    after = _baht(re.search(r"หลังปรับโอน ([\d,]+)", text)[1])
    disbursed = _baht(re.search(r"= ([\d,.]+) บาท", text)[1])
    day, month, year = map(int, re.search(r"–(\d\d)/(\d\d)/(\d\d)", text).groups())
    as_of = dt.date(2500 + year - 543, month, day)  # "29/01/63" is BE 2563
    budget_import(
        actor=None,
        upload=budget_csv(
            f"line,1049,2563,ALL,งบประมาณในภาพรวม,operating,annual,,{approved},,,,,",
            f"transfer_out,1049,2563,ALL,,,,,,2019-12-01,{approved - after},TR-1,,",
            f"disbursement,1049,2563,ALL,,,,,,{as_of.isoformat()},{disbursed},DV-1,,",
        ),
        filename="kpi-monitor-5049.csv",
    )
    agency = Agency.objects.get(code="1049")
    ctx = MethodContext(
        agency_id=agency.pk, agency_code="1049", fiscal_year=2563, period_code="Q1",
        period_start=dt.date(2019, 10, 1), period_end=as_of, indicator_code="3.2",
    )  # fmt: skip
    result = get_method("budget_disbursement").compute(ctx)
    assert f"{result.actual:.2f}" == row["q1_result"] == "15.03"
    assert result.inputs["budget_after_transfers"] == f"{after}.00"
