"""Trails anyone can read: the trail of every registered method, computed by the real engine from real
imports, shown on the explain page as labelled Thai lines — no raw key, list, dict or None — with links
that open for the agency's staff and not for another agency's; old stored shapes stay readable."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.services import service_records_import
from pramoen.framework.models import Assignment, Component, Indicator, Period
from pramoen.orgs.models import Agency, Role, RoleAssignment, User
from pramoen.progress.models import ProgressReport
from pramoen.scoring.engine import recompute
from pramoen.scoring.methods import CalculationMethod, registered_methods
from pramoen.scoring.models import ScoreResult, VerifiedResult
from pramoen.scoring.trail import Kind, write
from tests.appeals.conftest import build_year
from tests.feeds.services.conftest import csv_bytes
from tests.innovations.conftest import HOST, scored

pytestmark = pytest.mark.django_db

FIVE = {"t1": D(20), "t2": D(35), "t3": D(50), "t4": D(65), "t5": D(80)}
STEPS = [
    {"name": "ออกแบบระบบ", "weight": 40, "done": 100, "level": 1},
    {"name": "ทดลองใช้", "weight": 60, "done": 50, "level": 2},
]


def _indicator(fy: Any, component: Component, code: str, method: str, **extra: Any) -> Indicator:
    return Indicator.objects.create(
        fiscal_year=fy, component=component, code=code, name_th=f"ตัวชี้วัด {code}", method=method,
        **{**FIVE, **extra},
    )  # fmt: skip


@pytest.fixture
def every_method(personas: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """บางรัก (1004) scored by every registered method at H1: value, budget and complaints from the
    appeals year (real budget and Traffy imports), ratio/action plan/milestone level/survey from verified
    results of a progress report, online services from a service-records import, and an innovation
    scored by its host."""
    year = build_year(tmp_path)
    fy, h1, bang_rak = year["fy"], year["h1"], year["agency"]
    c5 = Component.objects.create(fiscal_year=fy, code="5", name_th="ตัวชี้วัดอื่น", weight=D(10), order=5)
    host = Agency.objects.get(code=HOST)
    ind = {
        "5.1": _indicator(fy, c5, "5.1", "ratio"),
        "5.2": _indicator(fy, c5, "5.2", "action_plan"),
        "5.3": _indicator(fy, c5, "5.3", "milestone_level", t1=D(1), t2=D(2), t3=D(3), t4=D(4), t5=D(5)),
        "5.4": _indicator(fy, c5, "5.4", "survey"),
        "5.5": _indicator(fy, c5, "5.5", "online_services", params={"exclude_processes": ["REG-06"]}),
        "5.6": _indicator(fy, c5, "5.6", "innovation", host_agency=host),
    }
    a = {
        code: Assignment.objects.create(indicator=i, agency=bang_rak, weight=D(10)) for code, i in ind.items()
    }
    report = ProgressReport.objects.create(assignment=a["5.1"], period=h1)
    source = f"progress report #{report.pk}"
    VerifiedResult.objects.create(
        assignment=a["5.1"], period=h1, numerator=D(1234), denominator=D(1500), source=source
    )
    VerifiedResult.objects.create(assignment=a["5.2"], period=h1, milestones=STEPS, source=source)
    VerifiedResult.objects.create(assignment=a["5.3"], period=h1, milestones=STEPS, source=source)
    VerifiedResult.objects.create(
        assignment=a["5.4"], period=h1, survey_responses=1200, survey_satisfied=1044, source=source
    )
    load_processes()
    service_records_import(
        actor=None,
        upload=csv_bytes(
            "1004,ENV-03,2566-10,online,3000",
            "1004,ENV-03,2566-10,counter,1700",
            "1004,REG-06,2566-10,counter,250",
            "1004,REV-03,2567-03,other,50",
        ),
        filename="h1.csv",
    )
    reviewer = User.objects.create_user(username="ocsc.reviewer", password="x-Test-2567!")
    RoleAssignment.objects.create(user=reviewer, role=Role.HOST_REVIEWER, agency=host)
    scored(personas, reviewer, "1004", "แจ้งผู้ปกครองเมื่อนักเรียนขาดเรียน", (4, 4, 3, 3))
    recompute(fiscal_year=2567, period_code="H1", resume=False)
    scores = {
        s.method: s
        for s in ScoreResult.objects.filter(assignment__agency=bang_rak, period=h1).order_by("assignment__pk")
    }
    return {**year, "scores": scores, "report": report, "more": a}


_SECTION = re.compile(r'data-testid="(?:trail-lines|trail-left-out|steps)">(.*?)</(?:ul|ol)>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_RAW_KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_REPR = ("[", "]", "{", "}", "None", "True", "False", "Decimal(", "'")
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def _trail_text(html: str) -> str:
    return " ".join(_TAGS.sub(" ", part) for part in _SECTION.findall(html))


def _labels(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<div class="small text-secondary">(.*?)</div>', html, re.S)]


def test_every_registered_method_names_its_own_lines(every_method):
    for key, method in registered_methods().items():
        assert type(method).trail is not CalculationMethod.trail, f"{key} has no presenter of its own"
        assert key in every_method["scores"], f"{key}: the fixture computes no score with it"


def test_every_methods_trail_reads_as_thai_without_a_raw_key_or_repr(every_method, client_for):
    client = client_for("bangrak.staff")
    for key in registered_methods():
        result = every_method["scores"][key]
        assert result.inputs, f"{key}: nothing stored to show"
        page = client.get(f"/scores/{result.pk}/")
        assert page.status_code == 200, key
        html = page.content.decode()
        text = _trail_text(html)
        assert text.strip(), key
        for raw in _RAW_KEY.findall(text):
            pytest.fail(f"{key}: raw key {raw!r} on the page: {text}")
        for repr_ in _REPR:
            assert repr_ not in text, f"{key}: {repr_!r} on the page: {text}"
        labels = _labels(html)
        assert labels, key
        for label in labels:
            assert _THAI.search(label), f"{key}: untranslated label {label!r}"


def test_the_trails_say_what_each_figure_is(every_method, client_for):
    client = client_for("bangrak.staff")
    pages = {k: client.get(f"/scores/{s.pk}/").content.decode() for k, s in every_method["scores"].items()}
    budget = _trail_text(pages["budget_disbursement"])
    assert "งบประมาณหลังโอนเปลี่ยนแปลง" in budget and "200,000,000.00 บาท" in budget
    assert "31 มี.ค. 2567" in budget  # as of the period's end, in BE
    complaints = _trail_text(pages["complaints"])
    assert "เรื่องที่ได้รับ" in complaints and "1 ต.ค. 2566 – 31 มี.ค. 2567" in complaints
    ratio = _trail_text(pages["ratio"])
    assert "1,234" in ratio and "1,500" in ratio
    assert f"รายงานความก้าวหน้าเลขที่ {every_method['report'].pk}" in ratio
    services = _trail_text(pages["online_services"])
    assert "3,000 คำขอ" in services and "กระบวนงานที่ไม่นับตามอุทธรณ์ที่อนุมัติแล้ว" in services
    assert "เสร็จ 50%, น้ำหนัก 60" in _trail_text(pages["action_plan"])
    assert "1,044 คน" in _trail_text(pages["survey"])
    assert "แจ้งผู้ปกครองเมื่อนักเรียนขาดเรียน" in _trail_text(pages["innovation"])
    client.cookies["django_language"] = "en"
    english = client.get(f"/scores/{every_method['scores']['budget_disbursement'].pk}/")
    assert "Budget after transfers" in english.content.decode()
    assert "200,000,000.00 baht" in english.content.decode()


def test_links_open_for_the_agencys_staff_and_not_for_another_agency(every_method, client_for):
    own, other = client_for("bangrak.staff"), client_for("sathon.staff")
    links: set[str] = set()
    for result in every_method["scores"].values():
        html = own.get(f"/scores/{result.pk}/").content.decode()
        for section in _SECTION.findall(html):
            links |= {h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', section)}
    wanted = (
        "/budget/agencies/1004/",
        "/complaints/district/1004/",
        "/progress/reports/",
        "/services/districts/",
    )
    for prefix in wanted:
        assert any(link.startswith(prefix) for link in links), (prefix, links)
    for link in sorted(links):
        assert own.get(link).status_code == 200, link
        if link.startswith("/innovations/"):
            continue  # a submitted innovation is shared knowledge for everyone signed in (innovations.selectors)
        assert other.get(link).status_code in (403, 404), link


def test_an_old_stored_trail_is_still_readable(every_method, client_for):
    """Shapes an older version stored (the raw dicts of issue 17) and a method no longer registered."""
    result = every_method["scores"]["budget_disbursement"]
    legacy_inputs = {
        "budget_after_transfers": "10354000.00",
        "excluded_reasons": ["carried_over", "personnel"],
        "kpi_percent_if_pending_steps_done": None,
        "dedup": True,
        "retired_figure": {"a_b": [1, None, {"c": "2024-03-31"}]},
    }
    legacy_exclusions = {
        "carried_over": {"budget": "10354000.00", "count": 1, "lines": ["CO-01"], "disbursed": "0.00"},
        "strange_reason": [1, 2],
    }
    client = client_for("bangrak.staff")
    for method in ("budget_disbursement", "retired_method"):
        ScoreResult.objects.filter(pk=result.pk).update(
            method=method, inputs=legacy_inputs, exclusions=legacy_exclusions
        )
        page = client.get(f"/scores/{result.pk}/")
        assert page.status_code == 200
        text = _trail_text(page.content.decode())
        assert not _RAW_KEY.findall(text), (method, text)
        for repr_ in _REPR:
            assert repr_ not in text, (method, repr_, text)
        assert "10,354,000.00 บาท" in text and "เงินกันไว้เบิกเหลื่อมปี" in text


def test_a_period_with_nothing_stored_says_no_data_yet(every_method, client_for):
    assignment = every_method["a"]["1.1"]
    page = client_for("bangrak.staff").get(f"/scores/explain/{assignment.pk}/M05/")
    assert page.status_code == 200 and "ยังไม่มีข้อมูล" in page.content.decode()
    assert client_for("sathon.staff").get(f"/scores/explain/{assignment.pk}/M05/").status_code == 403
    assert client_for("bangrak.staff").get(f"/scores/explain/{assignment.pk}/X9/").status_code == 404
    stored = client_for("bangrak.staff").get(f"/scores/explain/{assignment.pk}/H1/")
    assert stored.status_code == 302 and stored["Location"].startswith("/scores/")
    # a stored score without data (nothing verified for 1.2 at Q1 after a recompute) reads the same
    recompute(fiscal_year=2567, period_code="Q1", resume=False)
    q1 = Period.objects.get(fiscal_year=every_method["fy"], code="Q1")
    empty = ScoreResult.objects.get(assignment=every_method["a"]["1.2"], period=q1)
    text = client_for("bangrak.staff").get(f"/scores/{empty.pk}/").content.decode()
    assert empty.actual is None and "ยังไม่มีข้อมูล" in text


@pytest.mark.parametrize(
    ("value", "kind", "thai", "english"),
    [
        ("10354000.00", Kind.MONEY, "10,354,000.00 บาท", "10,354,000.00 baht"),
        (D("79.0234"), Kind.PERCENT, "79.02%", "79.02%"),
        ("2024-03-31", Kind.DATE, "31 มี.ค. 2567", "31 Mar 2567 BE"),
        (1234, Kind.NUMBER, "1,234", "1,234"),
        ("12.5000", Kind.NUMBER, "12.5", "12.5"),
        (None, Kind.PERCENT, "–", "–"),
        (True, Kind.TEXT, "ใช่", "yes"),
        (["carried_over", "personnel"], Kind.TEXT, "เงินกันไว้เบิกเหลื่อมปี, งบบุคลากร", "funds carried over"),
    ],
)
def test_values_are_written_for_people(value, kind, thai, english):
    with translation.override("th"):
        assert write(value, kind) == thai
    with translation.override("en"):
        assert write(value, kind).startswith(english)


def test_dates_in_the_trail_are_buddhist_era():
    with translation.override("th"):
        assert write(dt.date(2023, 10, 1), Kind.DATE) == "1 ต.ค. 2566"


def test_the_trail_api_gives_the_lines_next_to_the_stored_inputs(every_method, client_for):
    result = every_method["scores"]["budget_disbursement"]
    data = client_for("bangrak.staff").get(f"/api/v1/scores/{result.pk}/").json()
    assert data["inputs"] == result.inputs and data["exclusions"] == result.exclusions  # as stored
    lines = {line["label"]: line for line in data["lines"]}
    assert lines["งบประมาณหลังโอนเปลี่ยนแปลง"]["value"] == "200,000,000.00 บาท"
    assert lines["งบประมาณหลังโอนเปลี่ยนแปลง"]["link"].startswith("/budget/agencies/1004/?")
    assert all(set(line) == {"label", "value", "link"} for line in data["lines"] + data["left_out"])
