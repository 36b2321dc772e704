"""Deliveries as jobs: each batch of fresh deliveries, and every few minutes what waited (quiet hours,
retries, digests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.jobs.registry import Progress, job_kind, schedule
from pramoen.notifications.services import deliveries_send, digests_send

SEND = "notifications_send"
DUE = "notifications_due"


@job_kind(SEND, label=gettext_lazy("sending notifications"))
def send_job(*, progress: Progress, ids: list[int] | None = None, **_kw: Any) -> dict[str, Any]:
    progress.stage(_("sending"), total=len(ids or []))
    counts = deliveries_send(ids or [])
    progress.set(sum(counts.values()))
    return counts


@job_kind(DUE, label=gettext_lazy("notifications that waited"))
def due_job(*, progress: Progress, **_kw: Any) -> dict[str, Any]:
    progress.stage(_("sending"))
    counts = deliveries_send()
    return {**counts, "digests": digests_send()}


schedule(DUE, every=dt.timedelta(minutes=15))
