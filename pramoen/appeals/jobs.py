"""The daily appeal reminders, as a schedule the worker starts at 07:30."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.appeals.notices import filing_reminders_send
from pramoen.jobs.registry import Progress, job_kind, schedule


@job_kind("appeal_reminders", label=gettext_lazy("appeal filing reminders"))
def appeal_reminders(
    *, progress: Progress, on: str | None = None, days: int = 3, **_kw: Any
) -> dict[str, Any]:
    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    sent = filing_reminders_send(on=day, days=days)
    line = _("%(day)s: %(sent)d appeal reminders sent.") % {"day": day.isoformat(), "sent": sent}
    return {"sent": sent, "outcome": [line]}


schedule("appeal_reminders", hour=7, minute=30)
