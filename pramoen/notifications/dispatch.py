"""Where deliveries go to be sent: the one place to switch from "right after the commit" to a job."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def dispatch(ids: list[int]) -> None:
    """Send these deliveries.  Runs after the transaction that created them commits; a failure here is
    logged and never undoes the step that notified (the delivery stays pending and is retried)."""
    from pramoen.notifications.services import deliveries_send

    try:
        deliveries_send(ids)
    except Exception:
        log.exception("sending notifications %s failed; they stay pending", ids[:20])
