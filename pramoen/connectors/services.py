"""Pulling, pausing: the writes of the connectors app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.connectors.base import Connector, Progress, SourceError, get_connector
from pramoen.connectors.models import ConnectorState, Pull
from pramoen.core import audit
from pramoen.core.errors import ApplicationError
from pramoen.orgs.policy import Action, require

STALE = dt.timedelta(hours=2)  # a pull still "running" after this long died with its process


def _connector(key: str) -> Connector:
    connector = get_connector(key)
    if connector is None:
        raise ApplicationError(_("There is no connector “%(key)s”.") % {"key": key}, {"field": "connector"})
    return connector


def connector_pull(*, key: str, actor: Any | None = None, progress: Progress | None = None) -> Pull:
    """Pull now.  ``actor`` None: the schedule or a command; a person needs MANAGE_FRAMEWORK.  A failing
    source fails the pull with a clear message (``ApplicationError``); the pages committed before stay."""
    if actor is not None:
        require(actor, Action.MANAGE_FRAMEWORK)
    connector = _connector(key)
    with transaction.atomic():
        state, _created = ConnectorState.objects.select_for_update().get_or_create(key=key)
        running = Pull.objects.filter(
            connector=key, state=Pull.State.RUNNING, started_at__gt=timezone.now() - STALE
        ).exists()
        if running:
            raise ApplicationError(
                _("A pull of %(name)s is already running; wait for it to end.") % {"name": connector.label},
                {"reason": "running"},
            )
        run = Pull.objects.create(connector=key, started_by=actor)
    report = progress or (lambda _done, _total: None)
    try:
        with audit.acting_as(actor, label=None if actor is not None else f"system:pull:{key}"):
            connector.pull(run=run, progress=report)
    except (SourceError, ApplicationError) as exc:
        _finish(run, state, Pull.State.FAILED, str(getattr(exc, "message", exc)))
        raise ApplicationError(run.error, {"connector": key, "pull": run.pk, **run.summary()}) from None
    except Exception as exc:
        _finish(run, state, Pull.State.FAILED, _("unexpected error: %(error)s") % {"error": exc})
        raise
    _finish(run, state, Pull.State.DONE, "")
    return run


def _finish(run: Pull, state: ConnectorState, outcome: str, error: str) -> None:
    now = timezone.now()
    run.state, run.error, run.finished_at = outcome, error, now
    run.save()
    fields: dict[str, Any] = {"last_pull_at": now}
    if outcome == Pull.State.DONE:
        fields["last_success_at"] = now
    ConnectorState.objects.filter(pk=state.pk).update(**fields)


def connector_pause(*, actor: Any, key: str, paused: bool) -> bool:
    """Pause or resume a connector's schedule (the job layer's schedule of its job kind; a pull started
    by hand still runs).  Returns whether it is paused now."""
    from pramoen.jobs.models import Schedule

    require(actor, Action.MANAGE_FRAMEWORK)
    connector = _connector(key)
    if not connector.job_kind:
        raise ApplicationError(
            _("%(name)s has no schedule.") % {"name": connector.label}, {"field": "connector"}
        )
    row, _created = Schedule.objects.get_or_create(kind=connector.job_kind)
    row.paused = paused
    row.save(update_fields=["paused"])
    return paused


def connector_paused(connector: Connector) -> bool:
    from pramoen.jobs.models import Schedule

    return Schedule.objects.filter(kind=connector.job_kind, paused=True).exists()


def connector_start_from(*, actor: Any | None, key: str, since: dt.datetime) -> ConnectorState:
    """Set where the next pull starts (a first pull of a whole year, or a re-pull after a repair)."""
    if actor is not None:
        require(actor, Action.MANAGE_FRAMEWORK)
    _connector(key)
    state, _created = ConnectorState.objects.get_or_create(key=key)
    state.cursor = {"since": since.isoformat(), "offset": 0}
    state.save(update_fields=["cursor"])
    return state
