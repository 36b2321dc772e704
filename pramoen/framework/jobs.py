"""The framework workbook's import as a job: the year becomes what the workbook says, and the scores its
changes touch are recomputed when it commits (``scoring.signals``), in the same job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.framework.workbook.apply import framework_workbook_import
from pramoen.framework.workbook.spec import DATA_SHEETS
from pramoen.jobs.models import Job
from pramoen.jobs.registry import Progress, job_kind
from pramoen.jobs.services import job_file_local


@job_kind("framework_workbook_import", label=gettext_lazy("framework workbook import"))
def workbook_import(
    *, progress: Progress, actor: Any | None, job: Job, fiscal_year: int, **_kw: Any
) -> dict[str, Any]:
    progress.stage(_("checking every sheet, then saving the year"))
    with job_file_local(job.source_file) as path:
        report = framework_workbook_import(actor=actor, fiscal_year=fiscal_year, source=path.read_bytes())
    lines = [
        _("FY%(year)s now follows the workbook: %(changed)d rows changed.")
        % {"year": fiscal_year, "changed": report.changed}
    ]
    counts = {}
    for spec in DATA_SHEETS:
        c = report.counts[spec.key]
        counts[spec.key] = {
            "created": c.created,
            "updated": c.updated,
            "removed": c.removed,
            "unchanged": c.unchanged,
        }
    return {"fiscal_year": fiscal_year, "changed": report.changed, "sheets": counts, "outcome": lines}
