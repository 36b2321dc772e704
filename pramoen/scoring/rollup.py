"""From indicator scores to component scores and the overall score — the one roll-up rule.

The engine stores what this returns (``AgencyScore``), the ranking recomputes it over the indicators it
keeps; both call :func:`roll_up`, so the rule is written once:

- a component's **own part** is the weighted mean of its indicators' scores, by assignment weight;
- a **sub-component** (``Component.parent`` set, e.g. 1.1 Function Base) is scored from its own
  indicators, then counts in its parent as one more part weighted by the sub-component's weight, on the
  same scale as the parent's assignment weights;
- the **overall** score is the weighted mean of the top-level components' scores, by component weight.

An indicator with no score keeps its weight in ``weight_total`` but not in ``weight_scored``; a component
nobody scored has ``score`` None and drops out of its parent's and the overall mean.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from pramoen.scoring.criteria import weighted_mean

Pairs = list[tuple[Decimal, Decimal]]  # (weight, score)


@dataclass(frozen=True)
class Node:
    """A component as the roll-up sees it."""

    pk: int
    parent_id: int | None
    weight: Decimal


@dataclass(frozen=True)
class Rolled:
    score: Decimal | None
    weight_scored: Decimal
    weight_total: Decimal


def nodes_of(rows: Iterable[tuple[int, int | None, Decimal]]) -> dict[int, Node]:
    """``Component.objects.values_list("pk", "parent_id", "weight")`` → the nodes by pk."""
    return {pk: Node(pk, parent, weight) for pk, parent, weight in rows}


def _rolled(pairs: Pairs, total: Decimal) -> Rolled:
    return Rolled(weighted_mean(pairs), sum((w for w, _ in pairs), Decimal(0)), total)


def roll_up(
    nodes: Mapping[int, Node], scored: Mapping[int, Pairs], assigned: Mapping[int, Decimal]
) -> tuple[dict[int, Rolled], Rolled]:
    """One agency in one period.

    ``scored[c]`` holds (assignment weight, score) of the scored indicators placed directly in component
    ``c``; ``assigned[c]`` the assignment weight of every indicator placed there that counts (an excluded one
    does not).  Returns every component the agency has indicators in (directly or through a sub-component)
    and the overall score."""
    result: dict[int, Rolled] = {}
    children: dict[int, list[int]] = defaultdict(list)
    for pk in assigned:
        node = nodes[pk]
        if node.parent_id is not None:
            result[pk] = _rolled(list(scored.get(pk, [])), assigned[pk])
            children[node.parent_id].append(pk)
    tops = {pk for pk in assigned if nodes[pk].parent_id is None} | set(children)
    for pk in sorted(tops):
        pairs = list(scored.get(pk, []))
        total = assigned.get(pk, Decimal(0))
        for child in children.get(pk, []):
            total += nodes[child].weight
            if (child_score := result[child].score) is not None:
                pairs.append((nodes[child].weight, child_score))
        result[pk] = _rolled(pairs, total)
    overall = [(nodes[pk].weight, s) for pk in sorted(tops) if (s := result[pk].score) is not None]
    return result, _rolled(overall, sum((nodes[pk].weight for pk in tops), Decimal(0)))
