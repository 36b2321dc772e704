"""Progress work that runs as a job: the plan deductions (a recompute of every plan-scored indicator),
and the daily deadline reminders and early warnings (a schedule the worker starts at 07:00)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.framework.models import FiscalYear
from pramoen.jobs.registry import Progress, job_kind, schedule
from pramoen.progress.alerts import warnings_send
from pramoen.progress.deductions import plan_deductions_apply
from pramoen.progress.periods import reminders_send, today
from pramoen.progress.selectors import current_year


@job_kind("plan_deductions", label=gettext_lazy("deduction for incomplete action plans"))
def plan_deductions(
    *, progress: Progress, actor: Any | None, fiscal_year: int, clear: bool = False, **_kw: Any
) -> dict[str, Any]:
    progress.stage(_("checking the action plans and recomputing their scores"))
    fy = FiscalYear.objects.get(year=fiscal_year)
    done = plan_deductions_apply(actor=actor, fiscal_year=fy, clear=clear)
    line = _("%(checked)s plans checked; %(deducted)s incomplete plans lose points (scores recomputed).") % {
        "checked": done.checked,
        "deducted": done.deducted,
    }
    return {"checked": done.checked, "deducted": done.deducted, "outcome": [line]}


@job_kind("progress_notify", label=gettext_lazy("deadline reminders and early warnings"))
def progress_notify(*, progress: Progress, on: str | None = None, **_kw: Any) -> dict[str, Any]:
    day = dt.date.fromisoformat(on) if on else today()
    reminders = reminders_send(on=day)
    fy = current_year()
    warned = warnings_send(fiscal_year=fy, on=day) if fy else 0
    line = _("%(day)s: %(reminders)d reminders, %(warned)d early warnings sent.") % {
        "day": day.isoformat(),
        "reminders": reminders,
        "warned": warned,
    }
    return {"reminders": reminders, "warnings": warned, "outcome": [line]}


schedule("progress_notify", hour=7)
