"""Score adjustments: what an approved appeal changes in the scoring of one assignment.

The appeals app decides; this module records the decision (``adjustment_add`` / ``adjustments_remove``)
and tells the engine what it changes (``adjustments_for`` + ``adjust``).  Removing an adjustment and
recomputing gives back exactly the figures from before, because nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pramoen.core.thai import format_date
from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.scoring import signals
from pramoen.scoring.explain import fmt
from pramoen.scoring.models import ScoreAdjustment

Kind = ScoreAdjustment.Kind


@dataclass(frozen=True)
class Adjustment:
    assignment_id: int
    period_id: int | None
    kind: str
    value: Decimal | None
    reference: str
    summary: str
    decided_by: str
    decided_at: dt.datetime


@dataclass
class Outcome:
    actual: Decimal | None
    target: Decimal | None
    excluded: bool = False
    deduction: Decimal = Decimal(0)
    lines: list[str] = field(default_factory=list)
    appeals: list[dict[str, Any]] = field(default_factory=list)


def adjustments_for(
    fy: FiscalYear, agency_ids: Iterable[int], period_ids: Iterable[int]
) -> dict[int, list[Adjustment]]:
    """The adjustments of these agencies' assignments that touch any of ``period_ids``, by assignment."""
    rows = (
        ScoreAdjustment.objects.filter(
            assignment__indicator__fiscal_year=fy, assignment__agency_id__in=list(agency_ids)
        )
        .filter(Q(period__isnull=True) | Q(period_id__in=list(period_ids)))
        .order_by("decided_at", "pk")
        .values_list(
            "assignment_id",
            "period_id",
            "kind",
            "value",
            "reference",
            "summary",
            "decided_by__full_name_th",
            "decided_by__username",
            "decided_at",
        )
    )
    result: dict[int, list[Adjustment]] = defaultdict(list)
    for a, p, kind, value, ref, summary, name, username, at in rows:
        result[a].append(Adjustment(a, p, kind, value, ref, summary, name or username or "", at))
    return result


def adjust(actual: Decimal | None, target: Decimal | None, applied: list[Adjustment]) -> Outcome:
    """Apply ``applied`` (oldest decision first; a later one of the same kind wins) to one score."""
    out = Outcome(actual, target)
    for adj in applied:
        who = f"โดย {adj.decided_by} " if adj.decided_by else ""
        when = format_date(timezone.localtime(adj.decided_at))
        decided = f"ตามผลอุทธรณ์เลขที่ {adj.reference} ซึ่งอนุมัติ{who}เมื่อ {when}"
        if adj.kind == Kind.EXCLUDE:
            out.excluded = True
            out.lines.append(f"ไม่นำตัวชี้วัดนี้มาคิดคะแนน และไม่นับน้ำหนักในคะแนนรวม {decided}")
        elif adj.kind == Kind.ACTUAL and adj.value is not None:
            out.lines.append(f"ใช้ผลการดำเนินงาน {fmt(adj.value)} แทน {fmt(out.actual)} {decided}")
            out.actual = adj.value
        elif adj.kind == Kind.DEDUCT and adj.value is not None:
            out.deduction += adj.value
            out.lines.append(f"หัก {fmt(adj.value)} คะแนน: {adj.summary} (บันทึก{who}เมื่อ {when})")
        elif adj.kind == Kind.TARGET and adj.value is not None:
            out.lines.append(f"ใช้ค่าเป้าหมาย {fmt(adj.value)} แทน {fmt(out.target)} {decided}")
            out.target = adj.value
        else:
            out.lines.append(f"{adj.summary} {decided}")
        out.appeals.append(
            {
                "reference": adj.reference,
                "kind": adj.kind,
                "summary": adj.summary,
                "value": None if adj.value is None else str(adj.value),
                "decided_by": adj.decided_by,
                "decided_at": adj.decided_at.isoformat(),
            }
        )
    return out


def adjustment_add(
    *,
    assignment: Assignment,
    kind: str,
    reference: str,
    summary: str,
    decided_by: Any,
    period: Period | None = None,
    value: Decimal | None = None,
) -> ScoreAdjustment:
    """Record a decision's effect and schedule the recompute.  The caller (the appeals service) has
    already checked that ``decided_by`` may decide; this function checks nothing else."""
    row = ScoreAdjustment.objects.create(
        assignment=assignment,
        period=period,
        kind=kind,
        value=value,
        reference=reference,
        summary=summary[:400],
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    _changed([assignment])
    return row


def adjustments_remove(*, reference: str) -> set[int]:
    """Remove every adjustment of a decision (withdrawn or reversed) and schedule the recompute; returns
    the agencies whose scores it touched."""
    rows = list(ScoreAdjustment.objects.filter(reference=reference).select_related("assignment__indicator"))
    for row in rows:
        row.delete()  # one by one so the audit log records each
    _changed([r.assignment for r in rows])
    return {r.assignment.agency_id for r in rows}


def _changed(assignments: list[Assignment]) -> None:
    by_year: dict[int, set[int]] = defaultdict(set)
    for a in assignments:
        by_year[a.indicator.fiscal_year.year].add(a.agency_id)
    for year, ids in by_year.items():
        signals.inputs_changed(fiscal_year=year, agency_ids=ids)


def recompute_now(
    fiscal_year: FiscalYear, agency_ids: Iterable[int], extra_codes: Iterable[str] = ()
) -> None:
    """Recompute these agencies at once, for every period that has a score or a verified result (plus
    ``extra_codes``) — a decision's effect is shown before its maker leaves the page."""
    from pramoen.scoring.engine import recompute_agencies
    from pramoen.scoring.models import ScoreResult, VerifiedResult

    ids = list(agency_ids)
    scope = {"assignment__agency_id__in": ids, "period__fiscal_year": fiscal_year}
    codes = set(extra_codes)
    for model in (ScoreResult, VerifiedResult):
        codes |= set(model.objects.filter(**scope).values_list("period__code", flat=True).distinct())
    if ids and codes:
        recompute_agencies(fiscal_year=fiscal_year.year, agency_ids=ids, period_codes=codes)
