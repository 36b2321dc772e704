"""Scoring work that runs as a job: a full recompute of a year (one period or all)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.framework.models import Period
from pramoen.framework.periods import name_of_code
from pramoen.jobs.registry import Progress, job_kind
from pramoen.scoring.engine import recompute


@job_kind("recompute_scores", label=gettext_lazy("recompute scores"))
def recompute_scores(
    *, progress: Progress, actor: Any | None, fiscal_year: int, period: str, restart: bool = False, **_kw: Any
) -> dict[str, Any]:
    codes = (
        list(Period.objects.filter(fiscal_year__year=fiscal_year).values_list("code", flat=True))
        if period == "all"
        else [period]
    )
    progress.stage(_("recomputing"), total=len(codes))
    written = assignments = 0
    for code in codes:
        summary = recompute(fiscal_year=fiscal_year, period_code=code, resume=not restart)
        written += summary.written
        assignments += summary.assignments
        progress.advance(1)
    line = _("FY%(year)s %(periods)s: %(assignments)d scores checked, %(written)d changed.") % {
        "year": fiscal_year,
        "periods": _("every period") if period == "all" else name_of_code(period),
        "assignments": assignments,
        "written": written,
    }
    return {"periods": codes, "assignments": assignments, "scores_changed": written, "outcome": [line]}
