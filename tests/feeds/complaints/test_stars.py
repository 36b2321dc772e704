"""The satisfaction stars' place in the complaint criteria, set per fiscal year (issue 17, point 5).

FY2567 counts them as the seed says (lines 16, 83) at the demo weight of 20 %; another year without settings
shows them beside the KPI.  Worked by hand on a small set: rated, unrated and no rated tickets."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.demo import DEMO_FISCAL_YEAR
from pramoen.feeds.complaints.exports import KPI_COLUMNS, kpi_table_text
from pramoen.feeds.complaints.models import DEMO_STARS_WEIGHT, ComplaintSettings, StarsPlace
from pramoen.feeds.complaints.selectors import district_kpis, kpi_with_stars
from pramoen.feeds.complaints.services import complaint_settings_set
from pramoen.feeds.jobs import feed_import_path
from pramoen.framework.models import FiscalYear
from pramoen.framework.services import apply_round_state
from pramoen.jobs.models import Job
from tests.feeds import test_flow

from .conftest import API_HEADER, api_row, inside, offset, write_csv

pytestmark = pytest.mark.django_db

year = test_flow.year  # FY2567: 3.1, 3.2 and 4 for บางรัก (1004) and สาทร (1028)
h1 = test_flow.h1

FY2567_Q2 = (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
FY2566_Q2 = (dt.date(2023, 1, 1), dt.date(2023, 3, 31))


def _rows(prefix: str, when: str) -> list[dict[str, Any]]:
    """บางรัก: 5 counted — resolved ★5, resolved ★3, resolved unrated, open, waiting for budget — and a
    not-relevant ★1 (left out, so its star too).  สาทร: resolved unrated, open (no ticket rated)."""
    p, s = inside(1004), inside(1028)
    states = [("เสร็จสิ้น", "5"), ("เสร็จสิ้น", "3"), ("เสร็จสิ้น", ""), ("กำลังดำเนินการ", ""), ("ของบประมาณ", "")]
    rows = [
        api_row(f"{prefix}-S0{i}", offset(p, 100 * i), when, state=state, star=star, type=f"{{t{i}}}")
        for i, (state, star) in enumerate(states)
    ]
    rows.append(api_row(f"{prefix}-S09", offset(p, 900), when, state="ไม่เกี่ยวข้อง", star="1"))
    rows += [
        api_row(f"{prefix}-T01", offset(s, 0), when, state="เสร็จสิ้น"),
        api_row(f"{prefix}-T02", offset(s, 300), when, state="กำลังดำเนินการ", type="{ไฟฟ้า}"),
    ]
    return rows


@pytest.fixture
def tickets(year: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    rows = _rows("2024", "2024-02-10 03:00:00+00") + _rows("2023", "2023-02-10 03:00:00+00")
    path = write_csv(tmp_path / "stars.csv", API_HEADER, rows)
    with acting_as(label="system:test"):
        job = feed_import_path(feed="complaints", path=path, actor=None)
    assert job.state == "done", job.error
    return year


def _row(report: dict[str, Any], code: str) -> dict[str, Any]:
    return next(r for r in report["districts"] if r["code"] == code)


@pytest.mark.parametrize(
    ("resolved", "counted", "star_sum", "rated", "weight", "kpi"),
    [
        (3, 5, 8, 2, 20, 64.0),  # 80 % × 60 + 20 % × (4 ÷ 5 × 100 = 80)
        (3, 5, 0, 0, 20, 60.0),  # nothing rated: the share resolved
        (0, 0, 0, 0, 20, None),  # nothing counted
        (1, 3, 5, 1, 100, 100.0),  # the stars alone
        (1, 3, 4, 1, 1, 33.8),  # 99 % × 33.333… + 1 % × 80 = 33.80
        (2, 3, 7, 2, 50, 68.33),  # 50 % × 66.666… + 50 % × 70 = 68.333… → 68.33
        (1, 8, 9, 2, 30, 35.75),  # 70 % × 12.5 + 30 % × 90 = 35.75 exactly (no float drift)
    ],
)
def test_the_formula(resolved, counted, star_sum, rated, weight, kpi):
    assert (
        kpi_with_stars(resolved=resolved, counted=counted, star_sum=star_sum, rated=rated, weight=weight)
        == kpi
    )


def test_fy2567_counts_the_stars_by_default_and_shows_the_share_resolved_beside(tickets):
    assert not ComplaintSettings.objects.exists()
    report = district_kpis(start=FY2567_Q2[0], end=FY2567_Q2[1])
    assert (report["stars_place"], report["stars_weight"], report["stars_weight_is_demo"]) == (
        "counted",
        20,
        True,
    )
    b = _row(report, "1004")
    assert (b["counted"], b["resolved"], b["rated"], b["mean_star"], b["star_percent"]) == (
        5,
        3,
        2,
        4.0,
        80.0,
    )
    assert b["kpi_percent_without_stars"] == 60.0  # 3 of 5
    assert b["kpi_percent"] == b["kpi_percent_with_stars"] == 64.0  # 80 % × 60 + 20 % × 80
    # with the pending step done: 80 % × 80 (4 of 5) + 20 % × 80
    assert b["kpi_percent_if_pending_steps_done"] == 80.0
    s = _row(report, "1028")  # nothing rated: the share resolved, whatever the place
    assert s["kpi_percent"] == s["kpi_percent_without_stars"] == s["kpi_percent_with_stars"] == 50.0
    assert s["star_percent"] is None
    assert "other%" in kpi_table_text(report) and "kpi_percent_without_stars" in KPI_COLUMNS


def test_a_year_the_seed_says_nothing_of_shows_the_stars_beside(tickets):
    report = district_kpis(start=FY2566_Q2[0], end=FY2566_Q2[1])
    assert report["stars_place"] == "beside"
    b = _row(report, "1004")
    assert b["kpi_percent"] == b["kpi_percent_without_stars"] == 60.0
    assert b["kpi_percent_with_stars"] == 64.0  # shown beside: the figure if they counted
    assert b["kpi_percent_if_pending_steps_done"] == 80.0  # 4 of 5, no stars


def test_the_year_settings_set_the_place_and_the_weight(tickets, personas):
    officer = personas["eval.officer"]
    complaint_settings_set(actor=officer, fiscal_year=2566, stars_place="counted", stars_weight=50)
    b = _row(district_kpis(start=FY2566_Q2[0], end=FY2566_Q2[1]), "1004")
    assert (b["kpi_percent"], b["kpi_percent_without_stars"]) == (70.0, 60.0)  # 50 % × 60 + 50 % × 80
    complaint_settings_set(
        actor=officer, fiscal_year=2567, stars_place="beside", stars_weight_source="มติ ที่ 2/2567"
    )
    report = district_kpis(start=FY2567_Q2[0], end=FY2567_Q2[1])
    assert (report["stars_place"], report["stars_weight_is_demo"]) == ("beside", False)
    assert _row(report, "1004")["kpi_percent"] == 60.0


def test_a_change_of_the_stars_place_moves_the_stored_score_through_the_job(
    tickets, personas, run_jobs, client_for
):
    score = h1(tickets["4:1004"])
    assert score.actual == D("64.0000")  # the import scored FY2567 with the stars counted
    assert score.inputs["stars_counted"] is True and score.inputs["kpi_percent_without_stars"] == 60.0
    assert "ผลตัวชี้วัด = 80% × 60.00 + 20% × 80.00 = 64.00%" in _arabic(score.explanation)
    saved = complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2567, stars_place="beside")
    assert saved.job is not None and saved.job.params["options"] == {"dedup": False}
    assert h1(tickets["4:1004"]).actual == D("64.0000")  # not yet: the job recomputes
    (ran,) = run_jobs()
    assert ran.state == "done", ran.error
    score = h1(tickets["4:1004"])
    assert score.actual == D("60.0000") and score.inputs["kpi_percent_with_stars"] == 64.0
    # a new weight alone moves it again, through another job
    saved = complaint_settings_set(
        actor=personas["eval.officer"], fiscal_year=2567, stars_place="counted", stars_weight=50
    )
    assert saved.job is not None
    run_jobs()
    assert h1(tickets["4:1004"]).actual == D("70.0000")
    # the trail reads in Thai, the other place's figure beside the official one
    page = client_for("bangrak.staff").get(f"/scores/{h1(tickets['4:1004']).pk}/").content.decode()
    assert "ผลตัวชี้วัดถ้าไม่นับดาว" in page and "คะแนนดาว (ดาวเฉลี่ย ÷ 5 × 100)" in page
    assert "stars_counted" not in page and "kpi_percent_without_stars" not in page
    # the source named: no longer a demo value; the source alone feeds no score, so no job
    named = complaint_settings_set(
        actor=personas["eval.officer"], fiscal_year=2567, stars_place="counted", stars_weight=50,
        stars_weight_source="มติ อ.ก.ก. ครั้งที่ 1/2567",
    )  # fmt: skip
    assert named.changed and named.job is None
    assert not district_kpis(start=FY2567_Q2[0], end=FY2567_Q2[1])["stars_weight_is_demo"]


def _arabic(text: str) -> str:
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def test_a_closed_year_and_a_user_who_may_not_change_nothing(tickets, personas):
    with pytest.raises(PermissionDenied):
        complaint_settings_set(actor=personas["bangrak.staff"], fiscal_year=2567, stars_place="beside")
    for bad in ({"stars_weight": 0}, {"stars_weight": 101}, {"stars_place": "somewhere"}):
        with pytest.raises(ApplicationError) as refused:
            complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2567, **bad)
        assert refused.value.extra["field"] == next(iter(bad))
    apply_round_state(FiscalYear.objects.get(year=2567), "H2", "closed")
    with pytest.raises(ApplicationError) as locked:
        complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2567, stars_place="beside")
    assert locked.value.extra["reason"] == "locked"
    assert (
        not ComplaintSettings.objects.exists() and not Job.objects.filter(kind="feed_rules_scores").exists()
    )
    assert h1(tickets["4:1004"]).actual == D("64.0000")


def test_the_admin_sets_the_place_for_a_year(tickets, client_for, run_jobs):
    data = {
        "fiscal_year": 2567, "resolved_states": '["เสร็จสิ้น"]',
        "alternative_resolved_states": '["เสร็จสิ้น", "ของบประมาณ", "จัดซื้อจัดจ้าง", "ขั้นตอนทางกฎหมาย"]',
        "dedup_days": 7, "dedup_meters": 30, "dedup_similarity": 0.8, "min_tickets_for_ranking": 30,
        "stars_place": "beside", "stars_weight": 20, "stars_weight_source": "",
    }  # fmt: skip
    assert (
        client_for("eval.officer").post("/admin/complaints/complaintsettings/add/", data).status_code == 302
    )
    assert not ComplaintSettings.objects.exists()  # not staff: sent to the admin's sign-in
    with translation.override("th"):
        form = client_for("admin").get("/admin/complaints/complaintsettings/add/").content.decode()
    assert "ปีงบประมาณ 2567 นำดาวมาคิดตามรายงานต้นเรื่อง" in form and 'name="stars_weight"' in form
    refused = client_for("admin").post(
        "/admin/complaints/complaintsettings/add/", {**data, "stars_weight": 0}
    )
    assert refused.status_code == 200 and not ComplaintSettings.objects.exists()
    assert client_for("admin").post("/admin/complaints/complaintsettings/add/", data).status_code == 302
    run_jobs()
    assert h1(tickets["4:1004"]).actual == D("60.0000")


def test_the_pages_and_the_api_show_the_other_figure(tickets, client_for):
    officer = client_for("eval.officer")
    window = "from=2024-01-01&to=2024-03-31"
    with translation.override("th"):
        district = officer.get(f"/complaints/district/1004/?{window}").content.decode()
        executive = officer.get(f"/complaints/executive/?{window}").content.decode()
    assert 'data-testid="kpi-percent">64%' in district.replace("64.00", "64")
    assert "ถ้าไม่นับดาว" in district and 'data-testid="kpi-stars-other">60' in district
    assert "น้ำหนักเป็นค่าสาธิต" in district and "คะแนนดาว" in district
    assert "ถ้าไม่นับดาว" in executive and "ค่าสาธิต" in executive
    assert client_for("sathon.staff").get(f"/complaints/district/1004/?{window}").status_code == 403
    api = json.loads(officer.get(f"/api/v1/complaints/kpi/?{window}").content)
    assert (api["stars_place"], api["stars_weight"]) == ("counted", DEMO_STARS_WEIGHT)
    row = _row(api, "1004")
    assert (row["kpi_percent"], row["kpi_percent_without_stars"], row["star_percent"]) == (64.0, 60.0, 80.0)
    beside = officer.get("/complaints/district/1004/?from=2023-01-01&to=2023-03-31").content.decode()
    assert "ถ้านับดาวด้วยน้ำหนักร้อยละ 20" in beside and 'data-testid="kpi-stars-other">64' in beside


def test_the_demo_saves_fy2567_as_the_seed_says():
    from pramoen.feeds.complaints.services import settings_defaults

    values = settings_defaults(DEMO_FISCAL_YEAR)
    assert values["stars_place"] == StarsPlace.COUNTED and values["stars_weight"] == DEMO_STARS_WEIGHT
    assert settings_defaults(2568)["stars_place"] == StarsPlace.BESIDE
