"""The Innovation Base's writes are in the audit log, under the person who made them: an innovation
registered, edited and submitted by its agency, assessed and scored by the head of สำนักงาน ก.ก."""

import pytest

from pramoen.core.models import AuditEntry
from pramoen.innovations.models import Innovation
from tests.innovations.test_views import FORM

pytestmark = pytest.mark.django_db


def _entries(model: str, pk: int) -> list[tuple[str, str, list[str]]]:
    return [
        (e.action, e.actor.username if e.actor else e.actor_label, sorted(e.changes))
        for e in AuditEntry.objects.filter(model=model, object_pk=str(pk)).order_by("pk")
    ]


def test_each_step_of_an_innovation_is_recorded_with_who_did_it(client_for, component2):
    client_for("bangrak.staff").post("/innovations/new/", {**FORM, "results": "ผู้ปกครองรู้ทันที"})
    innovation = Innovation.objects.get()
    client_for("bangrak.staff").post(
        f"/innovations/{innovation.pk}/edit/",
        {**FORM, "title": "ระบบแจ้งการมาเรียนทันที", "results": "ผู้ปกครองรู้ทันที", "version": "1"},
    )
    client_for("bangrak.head").post(f"/innovations/{innovation.pk}/submit/")
    marks = {"mark_novelty": "4", "mark_usefulness": "5", "mark_results": "4", "mark_spread": "3"}
    client_for("ocsc.head").post(f"/innovations/{innovation.pk}/assess/", marks)
    client_for("ocsc.head").post(f"/innovations/{innovation.pk}/score/")
    innovation.refresh_from_db()
    assert innovation.state == "scored"
    steps = _entries("innovations.Innovation", innovation.pk)
    assert steps[0][:2] == ("create", "bangrak.staff")
    assert ("update", "bangrak.staff") in [s[:2] for s in steps if "title" in s[2]]
    who_moved = [s[1] for s in steps if s[0] == "update" and "state" in s[2]]
    assert who_moved == ["bangrak.head", "ocsc.head", "ocsc.head"]  # submitted, assessed, scored
    assessment = _entries("innovations.InnovationAssessment", innovation.assessment.pk)
    assert assessment[0][:2] == ("create", "ocsc.head") and "marks" in assessment[0][2]
    assert ("update", "ocsc.head") in [s[:2] for s in assessment if "scored_by_id" in s[2]]
