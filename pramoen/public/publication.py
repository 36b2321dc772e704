"""Which rounds the public may see: only those the evaluation office has published.

Every portal page and open-data file asks here first; an unpublished round is a 404, as if it did not
exist."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from pramoen.framework.models import FiscalYear, Period


def published_periods(fiscal_year: FiscalYear) -> list[Period]:
    """The year's published rounds, oldest first."""
    try:  # the evaluation rounds of issue 17 (framework.selectors); until they reach main, see _interim
        from pramoen.framework.selectors import published_rounds  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _interim(fiscal_year)
    return [r.period for r in published_rounds(fiscal_year.year)]


def _interim(fiscal_year: FiscalYear) -> list[Period]:
    """A published year's half-years up to the last one with verified results."""
    from pramoen.scoring.models import VerifiedResult

    if not fiscal_year.scores_published:
        return []
    last = (
        VerifiedResult.objects.filter(period__fiscal_year=fiscal_year)
        .order_by("-period__end")
        .values_list("period__end", flat=True)
        .first()
    )
    if last is None:
        return []
    return list(
        Period.objects.filter(fiscal_year=fiscal_year, kind=Period.Kind.HALF, end__lte=last).order_by("end")
    )


def is_published(fiscal_year: FiscalYear, period: Period) -> bool:
    return any(p.pk == period.pk for p in published_periods(fiscal_year))


def published_rounds() -> list[Period]:
    """Every published round of every year, newest first."""
    rounds: list[Period] = []
    for fy in FiscalYear.objects.order_by("-year"):
        rounds += reversed(published_periods(fy))
    return rounds


def published_round_or_404(year: int, period_code: str) -> Period:
    period = (
        Period.objects.select_related("fiscal_year").filter(fiscal_year__year=year, code=period_code).first()
    )
    if period is None or not is_published(period.fiscal_year, period):
        raise Http404(_("This round has not been published."))
    return period
