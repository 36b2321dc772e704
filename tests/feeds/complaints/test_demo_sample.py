"""The demo's complaint tickets are the shipped real sample: imported through the feed, once; component 4
scored for every one of the 50 district offices in the rounds the window falls in; every comment in the
shipped file already masked; the complaint pages say the data are real and how narrow they are."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io

import pytest

from pramoen.core.audit import acting_as
from pramoen.core.pdpa import mask
from pramoen.feeds.complaints.demo import DEMO_FILE, demo_run, load_complaints_demo
from pramoen.feeds.complaints.models import Ticket
from pramoen.framework.demo import load_framework_demo
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult


def _rows() -> list[dict[str, str]]:
    with gzip.open(DEMO_FILE, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(io.StringIO(handle.read())))


def test_the_shipped_sample_is_the_real_export_with_every_comment_masked():
    rows = _rows()
    assert len(rows) == 2000 and len({r["ticket_id"] for r in rows}) == 2000
    moments = sorted(dt.datetime.strptime(r["timestamp"], "%d/%m/%Y %H:%M") for r in rows)
    assert (moments[0], moments[-1]) == (dt.datetime(2023, 11, 26, 17, 19), dt.datetime(2023, 11, 28, 21, 1))
    unmasked = [r["ticket_id"] for r in rows if mask(r["comment"]) != r["comment"]]
    assert unmasked == []
    placeholders = ("[โทรศัพท์]", "[เลขประจำตัว]", "[อีเมล]", "[บัญชีติดต่อ]", "[ชื่อ]")
    assert sum(any(p in r["comment"] for p in placeholders) for r in rows) == 142  # the masking happened


@pytest.mark.slow
def test_the_demo_scores_component_4_for_every_district_from_the_real_sample(db, personas, client_for):
    with acting_as(label="system:test"):
        fy = load_framework_demo()
        assert load_complaints_demo() == 2000
        assert load_complaints_demo() == 0  # once
        for code in ("M02", "Q1", "H1"):
            recompute(fiscal_year=fy.year, period_code=code, actor_label="system:test", resume=False)
    assert Ticket.objects.count() == 2000 and demo_run() is not None
    for code in ("M02", "Q1", "H1"):
        scored = ScoreResult.objects.filter(
            assignment__indicator__method="complaints", period__code=code, status="scored"
        )
        assert scored.values("assignment__agency").distinct().count() == 50, code

    page = client_for("eval.officer").get("/complaints/executive/")
    assert page.status_code == 200
    notice = page.content.decode()
    assert 'data-testid="real-sample-notice"' in notice and "2,000" in notice
    own = client_for("bangrak.staff").get("/complaints/district/1004/")
    assert own.status_code == 200 and b"real-sample-notice" in own.content
    # the page of another district is still closed to บางรัก's staff
    assert client_for("bangrak.staff").get("/complaints/district/1028/").status_code == 403
