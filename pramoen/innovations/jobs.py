"""Innovation Base work that runs as a job: component 2 after a change of a year's criteria."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pramoen.innovations import selectors
from pramoen.jobs.registry import Progress, job_kind
from pramoen.scoring.signals import recompute_now


@job_kind("innovation_scores", label=gettext_lazy("component 2 after a change of the innovation criteria"))
def innovation_scores(
    *, progress: Progress, actor: Any | None, fiscal_year: int, **_kw: Any
) -> dict[str, Any]:
    """Recompute, in every period already scored, the agencies whose component 2 the year's criteria
    move (``selectors.component2_agencies``)."""
    touched = selectors.component2_agencies(int(fiscal_year))
    progress.stage(_("recomputing component 2"), total=len(touched))
    changed = 0
    for year, agency_ids in sorted(touched.items()):
        changed += recompute_now(fiscal_year=year, agency_ids=agency_ids)
        progress.advance(1)
    agencies = sum(len(ids) for ids in touched.values())
    line = ngettext(
        "Innovation criteria of FY %(year)s: %(agencies)d agencies checked, %(n)d stored score changed.",
        "Innovation criteria of FY %(year)s: %(agencies)d agencies checked, %(n)d stored scores changed.",
        changed,
    ) % {"year": fiscal_year, "agencies": agencies, "n": changed}
    return {
        "fiscal_year": int(fiscal_year),
        "years": sorted(touched),
        "agencies": agencies,
        "scores_changed": changed,
        "outcome": [line],
    }
