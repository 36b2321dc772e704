"""Reads of the framework: the evaluation rounds (which one is current, which are published) and the
period every page opens on.

    current_round(2567)                 # the round the evaluation office has made current, or None
    published_rounds(2567)              # the rounds whose results are public, oldest first
    round_is_published(2567, "H1")      # True once the evaluation office published H1
    default_period(fy)                  # the current round's period (H1 when no round is set)
    reporting_closed(period)            # why results of ``period`` may no longer be reported, or None
    year_rules_closed(2567)             # True once the year's evaluation is over: its feed rules are fixed
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pramoen.framework.models import EvaluationRound, FiscalYear, Period
from pramoen.framework.periods import current_fiscal_year

ROUND_PERIOD_CODES = ("H1", "H2")
State = EvaluationRound.State


def current_round(fiscal_year: int | None = None) -> EvaluationRound | None:
    """The current round of ``fiscal_year`` (BE), or of the latest year that has one when None."""
    rounds = EvaluationRound.objects.filter(is_current=True).select_related("fiscal_year", "period")
    if fiscal_year is not None:
        return rounds.filter(fiscal_year__year=fiscal_year).first()
    return rounds.order_by("-fiscal_year__year").first()


def working_fiscal_year() -> int:
    """The fiscal year (BE) pages open on when none is asked for: the current round's, else the one the
    calendar is in (a set-up with no round yet)."""
    found = current_round()
    return found.fiscal_year.year if found is not None else current_fiscal_year()


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


def round_of(period: Period) -> EvaluationRound | None:
    """The round a period's results belong to: the half-year that holds the period's last day (M01–M06, Q1,
    Q2 and H1 are H1's; the whole year is H2's), or None when that round was never set."""
    return (
        EvaluationRound.objects.filter(
            fiscal_year_id=period.fiscal_year_id,
            period__start__lte=period.end,
            period__end__gte=period.end,
            period__code__in=ROUND_PERIOD_CODES,
        )
        .select_related("period", "fiscal_year")
        .first()
    )


@dataclass(frozen=True)
class Closed:
    """Why a period is closed for reporting: the year is closed (no exceptions), or its round is."""

    message: Promise | str
    year_closed: bool


def reporting_closed(period: Period) -> Closed | None:
    """None while agencies may report results of ``period``.  Closing a round for reporting (or publishing
    it) closes every period of it; closing the year closes them all.  A round never set leaves its periods
    to the period locks of the progress app alone."""
    fy = period.fiscal_year
    if fy.closed_at is not None:
        return Closed(_("Fiscal year %(year)s is closed.") % {"year": fy.year}, year_closed=True)
    found = round_of(period)
    if found is not None and found.state in (State.CLOSED, State.PUBLISHED):
        return Closed(
            _("The %(round)s round of FY %(year)s is closed for reporting.")
            % {"round": found.period.name, "year": fy.year},
            year_closed=False,
        )
    return None


def year_rules_closed(fiscal_year: int) -> bool:
    """True when the evaluation of ``fiscal_year`` (BE) is over, so that the rules its feed KPIs were
    computed by (budget rules, complaint settings) may no longer change: the year is closed
    (``FiscalYear.closed_at``), or its last round, the second half-year (whose results hold the whole
    year's), is closed for reporting or published.  A year the framework does not hold is not closed;
    setting the last round back to open (the rounds page) opens the rules again."""
    fy = FiscalYear.objects.filter(year=fiscal_year).first()
    if fy is None:
        return False
    if fy.closed_at is not None:
        return True
    return EvaluationRound.objects.filter(
        fiscal_year=fy, period__code=ROUND_PERIOD_CODES[-1], state__in=(State.CLOSED, State.PUBLISHED)
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
