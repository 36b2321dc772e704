"""A published FY2567 H1: the appeals year (บางรัก with components 1, 3.2 and 4, fed by real imports and
scored by the real engine) plus สาทร on indicator 1.1, complaint tickets that are duplicates, not
relevant and forwarded — and tickets whose comments hold a telephone, an ID number and an e-mail — and the
half-year monitoring round transcribed from the report, published."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.importer import complaints_import
from pramoen.framework.models import Assignment, FiscalYear
from pramoen.orgs.models import Agency
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import VerifiedResult
from tests.appeals.conftest import build_year
from tests.feeds.complaints.conftest import API_HEADER, api_row, inside, offset, write_csv

PHONE, NATIONAL_ID, EMAIL = "089-555-0142", "3-1005-01234-56-7", "malee.s@example.com"
SECRETS = (PHONE, NATIONAL_ID, EMAIL, "0895550142", "3100501234567", "มาลี")
PII_COMMENT = f"ผู้แจ้ง : นางสาวมาลี ศรีสุข โทร {PHONE} เลขบัตร {NATIONAL_ID} อีเมล {EMAIL} ไฟทางดับทั้งซอย"


def add_tickets(tmp_path: Path) -> None:
    home = inside(1004)
    point = offset(home, 1000)
    rows = [
        api_row("2024-PD0001", point, "2024-01-15 03:00:00+00", comment=PII_COMMENT, state="เสร็จสิ้น",
                address=f"โทร {PHONE}", photo="https://example.com/p.jpg"),
        # same place, same words, two days later: a duplicate of PD0001
        api_row("2024-PD0002", point, "2024-01-17 03:00:00+00", comment=PII_COMMENT, state="รอรับเรื่อง"),
        api_row("2024-PD0003", offset(home, 100), "2024-01-18 03:00:00+00", state="ไม่เกี่ยวข้อง",
                comment=f"ติดต่อ {EMAIL}"),
        api_row("2024-PD0004", offset(home, 300), "2024-01-19 03:00:00+00", state="ส่งต่อ(ใหม่)",
                comment=f"เลขประจำตัว {NATIONAL_ID}"),
    ]  # fmt: skip
    complaints_import(actor=None, path=write_csv(tmp_path / "pd.csv", API_HEADER, rows))


def publish(year: int = 2567, period: str = "H1") -> None:
    """The evaluation office publishes the round (through the evaluation rounds of framework when they are
    there; until then, the year's ``scores_published``)."""
    try:
        from pramoen.framework.services import apply_round_state  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        FiscalYear.objects.filter(year=year).update(scores_published=True)
        return
    apply_round_state(FiscalYear.objects.get(year=year), period, "published")


def unpublish(year: int = 2567, period: str = "H1") -> None:
    try:
        from pramoen.framework.services import apply_round_state  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        FiscalYear.objects.filter(year=year).update(scores_published=False)
        return
    apply_round_state(FiscalYear.objects.get(year=year), period, "closed")


def build_published(tmp_path: Path) -> dict[str, Any]:
    from pramoen.monitoring.demo import load_demo_monitoring
    from pramoen.monitoring.models import Round

    year = build_year(tmp_path)
    sathon = Agency.objects.get(code="1028")
    with acting_as(label="system:test"):
        a = Assignment.objects.create(indicator=year["a"]["1.1"].indicator, agency=sathon, weight=D(10))
        VerifiedResult.objects.create(assignment=a, period=year["h1"], value=D("1.5"))
        add_tickets(tmp_path)
        recompute(fiscal_year=2567, period_code="H1", resume=False)
        rnd = load_demo_monitoring(reset=False)
        Round.objects.filter(pk=rnd.pk).update(status=Round.Status.PUBLISHED)
    publish()
    build_report_files()
    return {**year, "sathon": sathon}


def build_report_files() -> None:
    """Run the jobs publishing queued (the portal's PDF and DOCX), as the worker would."""
    from pramoen.jobs.models import Job
    from pramoen.jobs.services import job_execute

    for pk in Job.objects.filter(kind="monitoring_report", state=Job.State.QUEUED).values_list(
        "pk", flat=True
    ):
        job_execute(pk)


@pytest.fixture
def published(personas: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return build_published(tmp_path)
