from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pramoen.core.errors import ApplicationError
from pramoen.core.models import AuditEntry
from pramoen.feeds.complaints.models import ComplaintSettings, TicketExclusion
from pramoen.feeds.complaints.rules import rules_for
from pramoen.feeds.complaints.services import (
    complaint_settings_set,
    ticket_exclusion_add,
    ticket_exclusion_remove,
)

from .conftest import API_HEADER, api_row, inside, write_csv


def test_evaluation_officers_set_a_fiscal_years_rules_and_staff_may_not(personas):
    assert rules_for(2567).resolved_states == ("เสร็จสิ้น",) and not rules_for(2567).from_settings
    complaint_settings_set(
        actor=personas["eval.officer"],
        fiscal_year=2567,
        resolved_states=["เสร็จสิ้น", "ของบประมาณ"],
        dedup_meters=50,
    )
    rules = rules_for(2567)
    assert (
        rules.resolved_states == ("เสร็จสิ้น", "ของบประมาณ") and rules.dedup_meters == 50 and rules.from_settings
    )
    assert AuditEntry.objects.filter(model="complaints.ComplaintSettings").exists()
    with pytest.raises(PermissionDenied):
        complaint_settings_set(actor=personas["bangrak.head"], fiscal_year=2567)
    with pytest.raises(ApplicationError):
        complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2024)
    with pytest.raises(ApplicationError):
        complaint_settings_set(actor=personas["eval.officer"], fiscal_year=2567, dedup_similarity=1.5)
    assert ComplaintSettings.objects.count() == 1


def test_appeal_exclusions_are_written_by_evaluators_only_and_audited(tmp_path, run_import, personas):
    run_import(
        write_csv(
            tmp_path / "a.csv", API_HEADER, [api_row("2022-P00001", inside(1004), "2022-11-01 01:00:00+00")]
        )
    )
    with pytest.raises(PermissionDenied):
        ticket_exclusion_add(actor=personas["bangrak.staff"], ticket_id="2022-P00001", reference="appeal 7")
    row = ticket_exclusion_add(actor=personas["eval.officer"], ticket_id="2022-P00001", reference="appeal 7")
    assert row.created_by == personas["eval.officer"]
    assert (
        ticket_exclusion_add(actor=personas["eval.officer"], ticket_id="2022-P00001", reference="again")
        == row
    )
    with pytest.raises(ApplicationError):
        ticket_exclusion_add(actor=personas["eval.officer"], ticket_id="2022-NOPE00", reference="x")
    assert AuditEntry.objects.filter(model="complaints.TicketExclusion", action="create").count() == 1
    assert ticket_exclusion_remove(actor=personas["eval.officer"], ticket_id="2022-P00001") == 1
    assert TicketExclusion.objects.count() == 0
