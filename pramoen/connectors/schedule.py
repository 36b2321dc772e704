"""How pulls are started: "pull now" by a person queues the pull as a job; the schedule is in ``jobs``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pramoen.connectors.base import get_connector
from pramoen.core.errors import ApplicationError
from pramoen.jobs.models import Job
from pramoen.jobs.services import job_enqueue
from pramoen.orgs.policy import Action, require


def pull_now(*, actor: Any, key: str) -> Job:
    """Queue a pull started by ``actor`` (a worker runs it; its page shows the progress)."""
    require(actor, Action.MANAGE_FRAMEWORK)
    connector = get_connector(key)
    if connector is None:
        raise ApplicationError(_("There is no connector “%(key)s”.") % {"key": key}, {"field": "connector"})
    from pramoen.connectors.jobs import KIND

    return job_enqueue(kind=KIND, actor=actor, params={"key": key}, label=str(connector.label))
