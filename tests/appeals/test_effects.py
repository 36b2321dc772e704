"""Each category's effect on a real computation, and reversal restoring the exact previous figures."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from pramoen.appeals import services
from pramoen.appeals.models import AppealCase
from pramoen.core.errors import ApplicationError
from pramoen.scoring.models import AgencyScore
from pramoen.scoring.selectors import score_trail, score_verification

from .helpers import decide, file, score, scores_of

pytestmark = pytest.mark.django_db


def _component(year, code: str) -> D | None:
    return AgencyScore.objects.get(agency=year["agency"], period=year["h1"], component__code=code).score


def test_a_budget_line_leaves_the_3_2_figure_and_reversal_restores_every_score(year, personas):
    before = scores_of(year["agency"].pk)
    assert score(year["a"]["3.2"]).actual == D("25.0000")  # 50M of 200M
    case = file(personas, year["categories"]["budget-line"], year["a"]["3.2"], items=["INV"])
    decide(personas, case)
    result = score(year["a"]["3.2"])
    assert result.actual == D("50.0000")  # 50M of the 100M left
    assert result.exclusions["appeal"]["lines"] == ["INV"]
    trail = score_trail(result, score_verification(result))
    assert trail["appeals"][0]["reference"] == case.number
    assert trail["appeals"][0]["decided_by"] == personas["eval.officer"].display_name
    assert any(case.number in step for step in trail["explanation_th"])
    case.refresh_from_db()
    assert case.scores_before["H1"]["actual"] == "25.0000" and case.scores_after["H1"]["actual"] == "50.0000"
    assert case.scores_before["H1"]["overall"] != case.scores_after["H1"]["overall"]

    services.appeal_reverse(actor=personas["eval.officer"], case=case, reason="หลักฐานไม่ครบ")
    assert scores_of(year["agency"].pk) == before
    assert score(year["a"]["3.2"]).appeals == []


def _kpi_1004() -> dict:
    out = io.StringIO()
    call_command("complaint_kpi", "--fiscal-year", "2567", "--period", "H1", stdout=out)
    return next(d for d in json.loads(out.getvalue())["districts"] if d["code"] == "1004")


def test_tickets_leave_component_4_and_show_as_excluded_appeal_until_withdrawn(year, personas):
    before = scores_of(year["agency"].pk)
    kpi = _kpi_1004()
    assert (kpi["received"], kpi["resolved"], kpi["excluded"]["appeal"]) == (4, 2, 0)
    assert score(year["a"]["4"]).actual == D("50.0000")
    case = file(personas, year["categories"]["tickets-prank"], year["a"]["4"], items=["2024-AP0003"])
    decide(personas, case)
    kpi = _kpi_1004()
    assert (kpi["counted"], kpi["excluded"]["appeal"], kpi["kpi_percent"]) == (3, 1, 66.67)
    assert score(year["a"]["4"]).actual == D("66.6700")  # the KPI is rounded to 2 places
    assert score(year["a"]["4"]).appeals[0]["reference"] == case.number

    services.appeal_withdraw(actor=personas["bangrak.head"], case=case)
    assert _kpi_1004()["excluded"]["appeal"] == 0
    assert scores_of(year["agency"].pk) == before


def test_a_partly_approved_ticket_appeal_leaves_out_only_the_approved_tickets(year, personas):
    case = file(
        personas, year["categories"]["tickets-prank"], year["a"]["4"], items=["2024-AP0003", "2024-AP0004"]
    )
    decide(personas, case, "partly_approved", approved_refs=["2024-AP0004"])
    assert {i.ref: i.decision for i in case.items.all()} == {
        "2024-AP0003": "rejected",
        "2024-AP0004": "approved",
    }
    assert _kpi_1004()["excluded"]["appeal"] == 1
    with pytest.raises(ApplicationError):  # "partly" with every item is not partly
        other = file(personas, year["categories"]["tickets-prank"], year["a"]["4"], items=["2024-AP0003"])
        decide(personas, other, "partly_approved", approved_refs=["2024-AP0003"])


def test_an_excluded_indicator_drops_its_weight_from_the_roll_up(year, personas):
    before = scores_of(year["agency"].pk)
    assert _component(year, "1") == D("3.5000")  # (2.5 × 10 + 4.5 × 10) / 20
    case = file(personas, year["categories"]["force-majeure"], year["a"]["1.1"])
    decide(personas, case)
    excluded = score(year["a"]["1.1"])
    assert excluded.status == "excluded" and excluded.score is None
    row = AgencyScore.objects.get(agency=year["agency"], period=year["h1"], component__code="1")
    assert (row.score, row.weight_total) == (D("4.5000"), D(10))
    assert "ไม่นับน้ำหนัก" in excluded.explanation and case.number in excluded.explanation

    services.appeal_reverse(actor=personas["eval.officer"], case=case, reason="ทบทวน")
    assert scores_of(year["agency"].pk) == before


def test_a_corrected_value_replaces_the_reported_one_and_keeps_it_in_the_trail(year, personas):
    case = file(
        personas, year["categories"]["correct-value"], year["a"]["1.1"], period=year["h1"], requested=D("4")
    )
    decide(personas, case, "partly_approved", approved_value=D("3.5"))
    result = score(year["a"]["1.1"])
    assert (result.actual, result.score) == (D("3.5000"), D("3.5000"))
    assert result.inputs["computed_actual"] == "2.5000"
    assert _component(year, "1") == D("4.0000")
    case.refresh_from_db()
    assert case.status == AppealCase.Status.PARTLY_APPROVED and case.approved_value == D("3.5")


def test_an_adjusted_target_replaces_the_target(year, personas):
    case = file(
        personas, year["categories"]["adjust-target"], year["a"]["1.2"], period=year["h1"], requested=D("3")
    )
    decide(personas, case)
    assert score(year["a"]["1.2"]).target == D("3.0000")
    assert score(year["a"]["1.2"]).appeals[0]["kind"] == "target"


def test_a_rejected_appeal_changes_nothing(year, personas):
    before = scores_of(year["agency"].pk)
    case = file(personas, year["categories"]["budget-line"], year["a"]["3.2"], items=["INV"])
    decide(personas, case, "rejected")
    assert scores_of(year["agency"].pk) == before
    assert case.items.get().decision == "rejected"


def test_an_item_already_left_out_by_another_decision_stays_out_when_one_is_reversed(year, personas):
    first = file(personas, year["categories"]["tickets-prank"], year["a"]["4"], items=["2024-AP0003"])
    decide(personas, first)
    second = file(personas, year["categories"]["tickets-prank"], year["a"]["4"], items=["2024-AP0003"])
    decide(personas, second)
    services.appeal_reverse(actor=personas["eval.officer"], case=second, reason="ซ้ำ")
    assert _kpi_1004()["excluded"]["appeal"] == 1
    services.appeal_reverse(actor=personas["eval.officer"], case=first, reason="ทบทวน")
    assert _kpi_1004()["excluded"]["appeal"] == 0
