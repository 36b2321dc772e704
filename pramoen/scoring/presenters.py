"""How the built-in methods (figures an agency reports) present their trail: the reported figures, the
milestones one line per step, and the progress report they came from (linked)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pramoen.scoring.methods import registered_methods
from pramoen.scoring.models import ScoreResult
from pramoen.scoring.trail import (
    Kind,
    Reader,
    Trail,
    TrailLine,
    Where,
    exclusion_lines,
    generic_lines,
    number,
    source_line,
)


def _figure(value: Any) -> str:
    try:
        return number(Decimal(str(value)))
    except ArithmeticError:
        return str(value)


def _steps(steps: Any) -> Iterator[TrailLine]:
    """One line per milestone: its name, how far it is done, its weight and level when it has them."""
    if not isinstance(steps, list):
        if steps:
            yield TrailLine(_("Milestones"), steps)
        return
    for n, step in enumerate(steps, start=1):
        if not isinstance(step, Mapping):
            yield TrailLine(_("Milestones"), step)
            continue
        parts = [gettext("%(done)s%% done") % {"done": _figure(step.get("done", 0))}]
        if "weight" in step:
            parts.append(gettext("weight %(weight)s") % {"weight": _figure(step["weight"])})
        if "level" in step:
            parts.append(gettext("level %(level)s") % {"level": _figure(step["level"])})
        name = str(step.get("name") or "").strip() or gettext("Step %(n)s") % {"n": n}
        yield TrailLine(name, ", ".join(parts))


def reported_trail(inputs: Mapping[str, Any], exclusions: Mapping[str, Any], where: Where) -> Trail:
    """``value``, ``ratio``, ``action_plan``, ``milestone_level``: the verified figures and their source."""
    r = Reader(inputs)
    lines = [
        *r.line("value", Kind.NUMBER),
        *r.line("numerator", Kind.NUMBER),
        *r.line("denominator", Kind.NUMBER),
        *_steps(r.get("milestones")),
        *source_line(r),
    ]
    return Trail(lines + r.rest(), exclusion_lines(exclusions))


def score_lines(result: ScoreResult) -> Trail:
    """A stored score's trail as lines, by the method that computed it (any stored shape is readable:
    keys an older version wrote, and a method no longer registered, fall back on ``generic_lines``)."""
    period = result.period
    where = Where(
        agency_id=result.assignment.agency_id,
        agency_code=result.assignment.agency.code,
        fiscal_year=period.fiscal_year.year,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
    )
    inputs = result.inputs if isinstance(result.inputs, Mapping) else {}
    exclusions = result.exclusions if isinstance(result.exclusions, Mapping) else {}
    method = registered_methods().get(result.method)
    if method is None:
        return Trail(generic_lines(inputs), exclusion_lines(exclusions))
    return method.trail(inputs, exclusions, where)


def as_json(lines: list[TrailLine]) -> list[dict[str, str]]:
    """Lines as the API and the page give them: label and value written in the active language."""
    return [{"label": str(line.label), "value": line.text, "link": line.link} for line in lines]
