"""Evaluation rounds: the evaluation office moves the year on, everybody reads where it stands, and the
selectors the public portal uses say which rounds are published."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from pramoen.core.audit import acting_as
from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.framework.models import EvaluationRound
from pramoen.framework.selectors import (
    current_round,
    default_period,
    published_rounds,
    round_is_published,
)
from pramoen.framework.services import fiscal_year_ensure, round_advance, round_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def fy(personas):
    return fiscal_year_ensure(year=2567)


def _where(year: int) -> tuple[str, str] | None:
    found = current_round(year)
    return None if found is None else (found.period.code, found.state)


def test_the_year_moves_on_step_by_step_to_closed(fy, personas):
    officer = personas["eval.officer"]
    assert _where(2567) is None and default_period(fy).code == "H1"
    seen = []
    for _ in range(6):
        round_advance(actor=officer, fiscal_year=2567)
        seen.append(_where(2567))
    assert seen == [
        ("H1", "open"),
        ("H1", "closed"),
        ("H1", "published"),
        ("H2", "open"),
        ("H2", "closed"),
        ("H2", "published"),
    ]
    assert [r.period.code for r in published_rounds(2567)] == ["H1", "H2"]
    assert default_period(fy).code == "H2"
    h1 = EvaluationRound.objects.get(fiscal_year=fy, period__code="H1")
    assert not h1.is_current and h1.opened_at <= h1.closed_at <= h1.published_at
    fy = round_advance(actor=officer, fiscal_year=2567)
    assert fy.closed_at is not None
    with pytest.raises(ApplicationError):
        round_advance(actor=officer, fiscal_year=2567)
    # setting a round again reopens the year; going back from published unpublishes
    round_set(actor=officer, fiscal_year=2567, period_code="H2", state="closed")
    fy.refresh_from_db()
    assert fy.closed_at is None and not round_is_published(2567, "H2") and round_is_published(2567, "H1")
    assert EvaluationRound.objects.filter(fiscal_year=fy, is_current=True).count() == 1


def test_only_the_evaluation_office_changes_rounds_and_each_change_is_audited(fy, personas):
    for who in ("bangrak.staff", "executive", "committee1.secretary"):
        with pytest.raises(PermissionDenied):
            round_advance(actor=personas[who], fiscal_year=2567)
        with pytest.raises(PermissionDenied):
            round_set(actor=personas[who], fiscal_year=2567, period_code="H1", state="published")
    with acting_as(personas["eval.officer"]):
        round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H1", state="published")
        round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code="H2", state="open")
    entries = AuditEntry.objects.filter(model__icontains="evaluationround")
    assert entries.count() >= 3 and {e.actor_label for e in entries} == {"eval.officer"}
    # the H1 round stopped being current: that change is in the log too
    assert any("is_current" in e.changes and e.changes["is_current"][1] is False for e in entries)


@pytest.mark.parametrize(("period", "state"), [("FY", "open"), ("Q1", "open"), ("H1", "done")])
def test_a_round_is_a_half_year_in_a_known_state(fy, personas, period, state):
    with pytest.raises(ApplicationError):
        round_set(actor=personas["eval.officer"], fiscal_year=2567, period_code=period, state=state)
    with pytest.raises(ApplicationError):
        round_set(actor=personas["eval.officer"], fiscal_year=2599, period_code="H1", state="open")


def test_the_rounds_page(fy, client_for):
    officer = client_for("eval.officer")
    page = officer.get("/framework/rounds/")
    assert page.status_code == 200 and 'data-testid="advance"' in page.content.decode()
    response = officer.post("/framework/rounds/advance/", {"fiscal_year": 2567})
    assert response.status_code == 302 and _where(2567) == ("H1", "open")
    text = officer.get("/framework/rounds/").content.decode()
    assert "ครึ่งปีแรก" in text and "เปิดรับรายงาน" in text and ">H1<" not in text
    response = officer.post(
        "/framework/rounds/set/", {"fiscal_year": 2567, "period": "H1", "state": "published"}
    )
    assert response.status_code == 302 and _where(2567) == ("H1", "published")
    officer.post("/framework/rounds/set/", {"fiscal_year": 2567, "period": "Q3", "state": "open"})
    assert _where(2567) == ("H1", "published")  # refused, with a message
    # staff read where the year stands but cannot move it
    staff = client_for("bangrak.staff")
    text = staff.get("/framework/rounds/").content.decode()
    assert "เผยแพร่ผลแล้ว" in text and 'data-testid="advance"' not in text
    assert staff.post("/framework/rounds/advance/", {"fiscal_year": 2567}).status_code == 403
    assert (
        staff.post(
            "/framework/rounds/set/", {"fiscal_year": 2567, "period": "H2", "state": "open"}
        ).status_code
        == 403
    )
    assert _where(2567) == ("H1", "published")
    assert Client().get("/framework/rounds/").status_code == 302  # to sign-in


def test_the_rounds_api(fy, client_for):
    assert Client().get("/api/v1/rounds/").status_code in (401, 403)
    officer = client_for("eval.officer")
    data = officer.post(
        "/api/v1/rounds/advance/", {"fiscal_year": 2567}, content_type="application/json"
    ).json()
    assert data["current"]["period"] == "H1" and data["current"]["state"] == "open"
    assert data["current"]["state_th"] == "เปิดรับรายงาน" and data["closed_at"] is None
    data = officer.post(
        "/api/v1/rounds/set/",
        {"fiscal_year": 2567, "period": "H1", "state": "published"},
        content_type="application/json",
    ).json()
    assert data["rounds"][0]["published_at"] is not None
    listing = client_for("bangrak.staff").get("/api/v1/rounds/", {"fiscal_year": 2567}).json()
    assert listing[0]["current"]["state"] == "published"
    bad = officer.get("/api/v1/rounds/", {"fiscal_year": 2599})
    assert bad.status_code == 400 and bad.json()["extra"]["field"] == "fiscal_year"
    refused = client_for("bangrak.staff").post(
        "/api/v1/rounds/advance/", {"fiscal_year": 2567}, content_type="application/json"
    )
    assert refused.status_code == 403 and "message" in refused.json()
    wrong = officer.post(
        "/api/v1/rounds/set/",
        {"fiscal_year": 2567, "period": "Q1", "state": "open"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
