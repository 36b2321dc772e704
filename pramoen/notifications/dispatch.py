"""Where deliveries go to be sent: a job (``notifications_send``) that a worker runs."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def dispatch(ids: list[int]) -> None:
    """Queue these deliveries for sending.  Runs after the transaction that created them commits; a
    failure here is logged and never undoes the step that notified (the deliveries stay pending and the
    scheduled ``notifications_due`` job sends them)."""
    from pramoen.jobs.services import job_enqueue
    from pramoen.notifications.jobs import SEND

    try:
        job_enqueue(
            kind=SEND,
            actor=None,
            params={"ids": ids},
            label=_("sending %(count)s notifications") % {"count": len(ids)},
        )
    except Exception:
        log.exception("queueing notifications %s failed; they stay pending", ids[:20])
