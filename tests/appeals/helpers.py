"""Filing and deciding an appeal through the services, as the named personas."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pramoen.appeals import services
from pramoen.appeals.models import AppealCase, AppealCategory
from pramoen.framework.models import Assignment, Period
from pramoen.scoring.models import AgencyScore, ScoreResult

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def file(
    personas: dict[str, Any],
    category: AppealCategory,
    assignment: Assignment,
    *,
    items: list[str] | None = None,
    period: Period | None = None,
    requested: Decimal | None = None,
) -> AppealCase:
    staff, head = personas["bangrak.staff"], personas["bangrak.head"]
    case = services.appeal_create(
        actor=staff,
        category=category,
        assignment=assignment,
        reason="เหตุผลประกอบการอุทธรณ์",
        period=period,
        requested_value=requested,
    )
    if items:
        services.appeal_items_add(actor=staff, case=case, refs=items)
    services.appeal_evidence_add(actor=staff, case=case, document_code="letter", name="letter.pdf", data=PDF)
    return services.appeal_submit(actor=head, case=case)


def decide(
    personas: dict[str, Any], case: AppealCase, outcome: str = "approved", **kwargs: Any
) -> AppealCase:
    return services.appeal_decide(
        actor=personas["eval.officer"], case=case, outcome=outcome, reason="ตรวจสอบหลักฐานแล้ว", **kwargs
    )


def scores_of(agency_id: int) -> dict[str, Any]:
    """Every stored figure of the agency: each score row's fingerprint and every roll-up."""
    return {
        "scores": sorted(
            ScoreResult.objects.filter(assignment__agency_id=agency_id).values_list(
                "assignment_id", "period_id", "fingerprint", "score", "actual", "status"
            )
        ),
        "rollups": sorted(
            AgencyScore.objects.filter(agency_id=agency_id).values_list(
                "period_id", "component_id", "score", "weight_scored", "weight_total"
            ),
            key=str,
        ),
    }


def score(assignment: Assignment, code: str = "H1") -> ScoreResult:
    return ScoreResult.objects.get(assignment=assignment, period__code=code)
