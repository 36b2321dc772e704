"""One stored score row, made from what a method found for an assignment and period.

An indicator's settings are read once per slot (``indicator_infos``); ``scored`` gives a row's status,
score, level and sentences, ``adjusted`` applies the approved appeals, ``fingerprint`` says whether the
stored row already shows exactly this.  A row is the tuple of ``ROW_COLUMNS``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from pramoen.framework.criteria import criteria_table
from pramoen.framework.models import Indicator, Period
from pramoen.scoring import explain
from pramoen.scoring.adjust import Adjustment, adjust
from pramoen.scoring.criteria import criteria_score, level_reached, scorer
from pramoen.scoring.models import ScoreResult

ROW_COLUMNS = (
    "status",
    "actual",
    "target",
    "level",
    "score",
    "method",
    "criteria",
    "inputs",
    "exclusions",
    "appeals",
    "explanation",
)
SCORED, NO_DATA, EXCLUDED = ScoreResult.Status.SCORED, ScoreResult.Status.NO_DATA, ScoreResult.Status.EXCLUDED
_PLACES = Decimal("0.0001")
_ZERO, _FIVE = Decimal(0), Decimal(5)

# one encoder for every row: json.dumps(cls=…) would build a new one per call
to_json = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True).encode


@dataclass(frozen=True)
class IndicatorInfo:
    """What scoring needs of an indicator, read once per slot (not once per assignment)."""

    pk: int
    code: str
    method: str
    params: dict[str, Any]
    thresholds: tuple[Decimal, ...]
    higher_is_better: bool
    floor: Decimal
    is_joint: bool
    component_id: int
    criteria_json: str
    # (score, level) of an actual value and the sentence saying how; None when the thresholds are not
    # strictly monotone (milestone_level needs no monotone criteria; the others report it when scored)
    score_level: Callable[[Decimal], tuple[Decimal, int]] | None
    sentence: Callable[[Decimal, Decimal, int], str] | None


def _criteria_parts(
    thresholds: tuple[Decimal, ...], higher: bool, floor: Decimal
) -> tuple[Callable[[Decimal], tuple[Decimal, int]] | None, Callable[[Decimal, Decimal, int], str] | None]:
    try:
        return (
            scorer(thresholds, higher_is_better=higher, floor=floor),
            explain.score_sentences(thresholds, higher_is_better=higher, floor=floor),
        )
    except ValueError:
        return None, None


def indicator_infos(indicator_ids: set[int]) -> dict[int, IndicatorInfo]:
    """Each indicator's settings with its year-end criteria (``period_infos`` gives a period's)."""
    infos = {}
    for row in Indicator.objects.filter(pk__in=indicator_ids).values(
        "pk",
        "code",
        "method",
        "params",
        "t1",
        "t2",
        "t3",
        "t4",
        "t5",
        "higher_is_better",
        "floor",
        "is_joint",
        "component_id",
    ):
        thresholds = (row["t1"], row["t2"], row["t3"], row["t4"], row["t5"])
        higher, floor = row["higher_is_better"], row["floor"]
        criteria = {
            "thresholds": [str(t) for t in thresholds],
            "higher_is_better": higher,
            "floor": str(floor),
        }
        score_level, sentence = _criteria_parts(thresholds, higher, floor)
        infos[row["pk"]] = IndicatorInfo(
            pk=row["pk"],
            code=row["code"],
            method=row["method"],
            params=row["params"] or {},
            thresholds=thresholds,
            higher_is_better=higher,
            floor=floor,
            is_joint=row["is_joint"],
            component_id=row["component_id"],
            criteria_json=to_json(criteria),
            score_level=score_level,
            sentence=sentence,
        )
    return infos


def period_infos(
    infos: dict[int, IndicatorInfo], periods: list[Period]
) -> dict[tuple[int, int], IndicatorInfo]:
    """Each indicator's settings with the criteria in force for each period (framework.criteria, the one
    source of thresholds): {(indicator id, period id): info}."""
    indicators = Indicator.objects.filter(pk__in=infos).only(
        "pk", "fiscal_year_id", "t1", "t2", "t3", "t4", "t5", "higher_is_better", "floor"
    )
    result = {}
    for (ind, pid), c in criteria_table(indicators, periods).items():
        score_level, sentence = _criteria_parts(c.thresholds, c.higher_is_better, c.floor)
        result[(ind, pid)] = replace(
            infos[ind],
            thresholds=c.thresholds,
            criteria_json=to_json(c.as_json()),
            score_level=score_level,
            sentence=sentence,
        )
    return result


def scored(
    info: IndicatorInfo, actual: Decimal | None, explanation: str
) -> tuple[str, Decimal | None, int | None, list[str]]:
    """Status, score, level and the sentences that explain them, given the method's own sentence."""
    # Only what differs per row is stored; the method and criteria sentences are derived when shown.
    lines = [explanation] if explanation else []
    if actual is None:
        return NO_DATA, None, None, lines
    if info.method == "milestone_level":
        # the level reached is the score itself: no interpolation between levels
        level = int(min(max(actual, _ZERO), _FIVE))
        lines.append(f"ได้ {level} คะแนนตามระดับที่บรรลุ (ไม่เทียบสัดส่วนระหว่างระดับ)")
        return SCORED, max(Decimal(level), info.floor).quantize(_PLACES), level, lines
    if info.score_level is not None and info.sentence is not None:
        score, level = info.score_level(actual)
        lines.append(info.sentence(actual, score, level))
        return SCORED, score, level, lines
    # raises the ValueError that names the thresholds at fault
    score = criteria_score(actual, info.thresholds, higher_is_better=info.higher_is_better, floor=info.floor)
    level = level_reached(actual, info.thresholds, higher_is_better=info.higher_is_better)
    lines.append(
        explain.score_sentence(
            actual, info.thresholds, score, higher_is_better=info.higher_is_better, floor=info.floor
        )
    )
    return SCORED, score, level, lines


def adjusted(
    info: IndicatorInfo, explanation: str, row: tuple[Any, ...], applied: list[Adjustment]
) -> tuple[Any, ...]:
    """The score row of one assignment after the approved appeals that concern it (``explanation``: the
    method's own sentence)."""
    status, actual, target, level, score, method, criteria, inputs_json, excl_json, _, text = row
    outcome = adjust(actual, target, applied)
    lines = text.splitlines()
    if outcome.actual != actual:
        status, score, level, lines = scored(info, outcome.actual, explanation)
        inputs = {**json.loads(inputs_json), "computed_actual": actual}
        inputs_json = to_json(inputs)
    if outcome.deduction and score is not None:
        score = max(score - outcome.deduction, _ZERO).quantize(_PLACES)
    if outcome.excluded:
        status, score, level = EXCLUDED, None, None
    lines += outcome.lines
    return (
        status,
        outcome.actual,
        outcome.target,
        level,
        score,
        method,
        criteria,
        inputs_json,
        excl_json,
        to_json(outcome.appeals),
        "\n".join(lines),
    )


def fingerprint(row: tuple[Any, ...]) -> str:
    """A hash of everything a row shows (its fields as text, unit-separated): equal means unchanged."""
    return hashlib.md5("\x1f".join(map(str, row)).encode(), usedforsecurity=False).hexdigest()
