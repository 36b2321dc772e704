"""Sample sizes by a stated rule, at a 95 % confidence level.

Yamane (1967):          n = N / (1 + N·e²)
Krejcie & Morgan (1970): n = χ²·N·P(1−P) / (e²·(N−1) + χ²·P(1−P)),  χ² = 3.841 (1 degree of freedom, 95 %),
                         P = 0.5
Both rounded to the nearest whole person, as the published tables of both authors are."""

from __future__ import annotations

import math
from decimal import Decimal

CHI_SQUARE_95 = 3.841
P = 0.5


def yamane(population: int, margin: Decimal | float = 0.05) -> int:
    if population <= 0:
        return 0
    e = float(margin)
    return _nearest(population / (1 + population * e * e))


def krejcie_morgan(population: int, margin: Decimal | float = 0.05) -> int:
    if population <= 0:
        return 0
    d = float(margin)
    n = CHI_SQUARE_95 * population * P * (1 - P) / (d * d * (population - 1) + CHI_SQUARE_95 * P * (1 - P))
    return _nearest(n)


def _nearest(x: float) -> int:
    return math.floor(x + 0.5)


RULES = {"yamane": yamane, "krejcie_morgan": krejcie_morgan}


def sample_size(rule: str, population: int | None, margin: Decimal | float) -> int | None:
    if not population:
        return None
    return RULES[rule](population, margin)
