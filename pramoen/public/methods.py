"""How each calculation method works, in words a citizen can follow (shown on the portal)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pramoen.scoring.methods import registered_methods

HOW: dict[str, Promise] = {
    "value": _(
        "The agency reports one figure (for example kilometres of footpath repaired); the evaluation office "
        "checks the evidence and verifies it. The verified figure is placed on the indicator's five-level "
        "criteria."
    ),
    "ratio": _(
        "The agency reports a numerator and a denominator (for example projects finished and projects "
        "planned); the result is numerator ÷ denominator × 100, placed on the five-level criteria."
    ),
    "survey": _(
        "A satisfaction survey: the share of respondents who answered satisfied or very satisfied, placed on "
        "the five-level criteria."
    ),
    "action_plan": _(
        "The action plan's milestones, each with a weight: the result is the weighted share of work done "
        "(a milestone half done counts half), placed on the five-level criteria."
    ),
    "milestone_level": _(
        "Each level has its milestones: the level reached is the highest level whose milestones are all done."
    ),
    "complaints": _(
        "Computed from Traffy Fondue, not typed: of the tickets the district received in the round, those "
        "marked not relevant, forwarded to another body, duplicates of an earlier ticket or left out by an "
        "approved appeal are excluded; the KPI is the share of the remaining tickets that are resolved. In a "
        "year whose criteria count the citizens' satisfaction stars (FY2567, as the seed report says), a "
        "part of the KPI set for the year (in the demo 20 %, a demo value: the seed report names none) is "
        "the star share instead: the mean stars of the resolved tickets the citizens rated ÷ 5 × 100; an "
        "unrated ticket neither raises nor lowers it, and with no rated ticket the KPI is the share "
        "resolved. The figure with the stars' other place is shown beside the official one. The ledger "
        "lists every ticket and the rule applied to it, so anyone can recompute it."
    ),
    "online_services": _(
        "Computed from the BMA OSS service records: the share of the district's service requests made "
        "online, placed on the five-level criteria."
    ),
    "budget_disbursement": _(
        "Computed from the budget records: the share of the agency's budget disbursed by the end of the "
        "round, placed on the five-level criteria."
    ),
}

CRITERIA = _(
    "Every indicator has five thresholds, level 1 to level 5. A result at level 5's threshold scores 5; "
    "between two thresholds the score rises in proportion (for example halfway from level 3 to level 4 "
    "scores 3.5); below level 1 it scores the indicator's floor. Component scores are the weighted mean of "
    "their indicators; the overall score is the weighted mean of the components."
)


def how_it_works(keys: list[str]) -> list[tuple[str, str, str]]:
    """(key, label, explanation) for each method key, in the given order."""
    methods = registered_methods()
    out = []
    for key in keys:
        method = methods.get(key)
        label = str(method.label) if method is not None else key
        out.append((key, label, str(HOW.get(key, label))))
    return out
