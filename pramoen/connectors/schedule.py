"""How pulls are started: now, by a person; and on a schedule.  (The switch to the job layer is here.)"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pramoen.connectors.services import connector_pull
from pramoen.orgs.policy import Action, require


def pull_now(*, actor: Any, key: str) -> str:
    """Start a pull for ``actor``; the message to show them."""
    require(actor, Action.MANAGE_FRAMEWORK)
    run = connector_pull(key=key, actor=actor)
    return _(
        "Pull done: %(new)s new, %(changed)s changed, %(state_changes)s state changes, %(rejected)s rejected."
    ) % (run.summary())
