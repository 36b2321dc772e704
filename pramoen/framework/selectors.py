"""Reads of the framework: the evaluation rounds (which one is current, which are published) and the
period every page opens on.

    current_round(2567)                 # the round the evaluation office has made current, or None
    published_rounds(2567)              # the rounds whose results are public, oldest first
    round_is_published(2567, "H1")      # True once the evaluation office published H1
    default_period(fy)                  # the current round's period (H1 when no round is set)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pramoen.framework.models import EvaluationRound, FiscalYear, Period

ROUND_PERIOD_CODES = ("H1", "H2")
State = EvaluationRound.State


def current_round(fiscal_year: int | None = None) -> EvaluationRound | None:
    """The current round of ``fiscal_year`` (BE), or of the latest year that has one when None."""
    rounds = EvaluationRound.objects.filter(is_current=True).select_related("fiscal_year", "period")
    if fiscal_year is not None:
        return rounds.filter(fiscal_year__year=fiscal_year).first()
    return rounds.order_by("-fiscal_year__year").first()


def published_rounds(fiscal_year: int) -> list[EvaluationRound]:
    """The rounds of a year whose results the evaluation office has published, oldest first (a round
    stays published while later rounds open)."""
    return list(
        EvaluationRound.objects.filter(fiscal_year__year=fiscal_year, published_at__isnull=False)
        .select_related("fiscal_year", "period")
        .order_by("period__end", "period__start")
    )


def round_is_published(fiscal_year: int, period_code: str) -> bool:
    return EvaluationRound.objects.filter(
        fiscal_year__year=fiscal_year, period__code=period_code, published_at__isnull=False
    ).exists()


def year_rounds(fiscal_year: int) -> list[EvaluationRound]:
    return list(
        EvaluationRound.objects.filter(fiscal_year__year=fiscal_year)
        .select_related("fiscal_year", "period")
        .order_by("period__end", "period__start")
    )


def default_period(fy: FiscalYear) -> Period:
    """The period every scorecard, ranking and API opens on: the current round's, else the year's H1 —
    never "the latest period with a score" (a recompute of every period must not move it)."""
    found = EvaluationRound.objects.filter(fiscal_year=fy, is_current=True).select_related("period").first()
    if found is not None:
        return found.period
    return Period.objects.get(fiscal_year=fy, code="H1")


@dataclass(frozen=True)
class Step:
    """One step of a year: a round in a state, or the year closed (``period_code`` None)."""

    period_code: str | None
    state: str

    def label(self, fy: FiscalYear) -> str | Promise:
        """In words, with the period's name (never its code): "ครึ่งปีแรก: เปิดรับรายงาน"."""
        if self.period_code is None:
            return _("year closed")
        period = Period.objects.get(fiscal_year=fy, code=self.period_code)
        return _("%(period)s: %(state)s") % {"period": period.name, "state": State(self.state).label}


STEPS = [
    *(
        Step(code, state)
        for code in ROUND_PERIOD_CODES
        for state in (State.OPEN, State.CLOSED, State.PUBLISHED)
    ),
    Step(None, "closed"),
]


def current_step(fy: FiscalYear) -> Step | None:
    if fy.closed_at is not None:
        return STEPS[-1]
    found = current_round(fy.year)
    if found is None or found.state == State.PLANNED:
        return None
    return Step(found.period.code, found.state)


def next_step(fy: FiscalYear) -> Step | None:
    """What ``round_advance`` would do next (None: the year is closed)."""
    step = current_step(fy)
    if step is None:
        return STEPS[0]
    if step == STEPS[-1]:
        return None
    return STEPS[STEPS.index(step) + 1] if step in STEPS else STEPS[0]
