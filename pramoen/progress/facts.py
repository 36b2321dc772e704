"""What a person filling in a report needs beside the form: the indicator's definition, unit, this
period's target, the five-level criteria in force for the period (framework.criteria), last period's
value and the evidence asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pramoen.framework.criteria import criteria_for
from pramoen.framework.models import Period, Target
from pramoen.progress.models import ProgressReport
from pramoen.scoring.models import ScoreResult


@dataclass(frozen=True)
class ReportFacts:
    definition: str
    unit: str
    target: Decimal | None
    year_target: Decimal | None = None
    criteria: list[tuple[int, Decimal]] = field(default_factory=list)  # (score 1..5, threshold)
    higher_is_better: bool = True
    last_period: Period | None = None
    last_value: Decimal | None = None
    evidence: str = ""


def report_facts(report: ProgressReport) -> ReportFacts:
    assignment = report.assignment
    indicator = assignment.indicator
    target = Target.objects.filter(assignment=assignment, period=report.period).values_list(
        "value", flat=True
    )
    last_period = (
        Period.objects.filter(
            fiscal_year=report.period.fiscal_year_id, kind=report.period.kind, end__lt=report.period.start
        )
        .order_by("-end")
        .first()
    )
    last_value = None
    if last_period is not None:
        last_value = (
            ScoreResult.objects.filter(assignment=assignment, period=last_period)
            .values_list("actual", flat=True)
            .first()
        )
    evidence = indicator.params.get("evidence", "") if isinstance(indicator.params, dict) else ""
    year_target = (
        Target.objects.filter(assignment=assignment, period__kind=Period.Kind.YEAR)
        .values_list("value", flat=True)
        .first()
    )
    return ReportFacts(
        definition=indicator.definition,
        unit=indicator.unit,
        target=target.first(),
        year_target=year_target,
        criteria=list(enumerate(criteria_for(indicator, report.period).thresholds, start=1)),
        higher_is_better=indicator.higher_is_better,
        last_period=last_period,
        last_value=last_value,
        evidence=str(evidence),
    )
