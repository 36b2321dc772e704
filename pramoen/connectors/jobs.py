"""Pulls as jobs: on a schedule (``PRAMOEN_TRAFFY_PULL_MINUTES``; paused on /connectors/ or /jobs/), and
"pull now"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.connectors.services import connector_pull
from pramoen.jobs.registry import Progress, job_kind, schedule

KIND = "complaints_pull"


@job_kind(KIND, label=gettext_lazy("Traffy Fondue pull"))
def pull_job(*, progress: Progress, actor: Any = None, key: str = "traffy", **_kw: Any) -> dict[str, Any]:
    """One pull (the worker skips the schedule while the evaluation office has it paused)."""
    progress.stage(_("pulling pages"))

    def pages(done: int, total: int | None) -> None:
        progress.set(done, total)

    run = connector_pull(key=key, actor=actor, progress=pages)
    line = (
        _(
            "%(pages)s pages: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
            "%(state_changes)s state changes, %(rejected)s rejected."
        )
        % run.summary()
    )
    return {**run.summary(), "pull": run.pk, "rejects": run.rejects, "outcome": [line]}


if settings.TRAFFY_SCHEDULED:
    schedule(KIND, every=dt.timedelta(minutes=settings.TRAFFY_PULL_MINUTES), params={"key": "traffy"})
