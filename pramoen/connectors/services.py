"""Pulling, pausing: the writes of the connectors app."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pramoen.connectors import feeds
from pramoen.connectors.base import Connector, Progress, SourceError, get_connector
from pramoen.connectors.models import ConnectorState, Pull
from pramoen.core import audit
from pramoen.core.database import connection_lost, when_database_back
from pramoen.core.errors import ApplicationError, thai_and_english
from pramoen.core.thai import format_datetime
from pramoen.feeds.base import Touched
from pramoen.orgs.policy import Action, require

HOST = socket.gethostname()
log = logging.getLogger(__name__)


def _connector(key: str) -> Connector:
    connector = get_connector(key)
    if connector is None:
        raise ApplicationError(_("There is no connector “%(key)s”.") % {"key": key}, {"field": "connector"})
    return connector


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def why_dead(run: Pull, connector: Connector, *, now: dt.datetime) -> str | None:
    """Why a pull still marked running has in fact died with its process — or None while it may be alive:
    on this machine its process id tells at once; elsewhere, silence beyond the connector's limit."""
    if run.host == HOST and run.pid and run.pid != os.getpid() and not _process_alive(run.pid):
        return _(
            "The process that ran this pull (%(host)s, process %(pid)s) ended before the pull did; the "
            "pages it committed are kept and the next pull went on from its cursor."
        ) % {"host": run.host, "pid": run.pid}
    if now - run.alive_at > connector.silence_limit():
        return _(
            "No sign of life from this pull since %(when)s: its process is taken to have ended; the "
            "pages it committed are kept and the next pull went on from its cursor."
        ) % {"when": format_datetime(timezone.localtime(run.alive_at))}
    return None


def connector_pull(*, key: str, actor: Any | None = None, progress: Progress | None = None) -> Pull:
    """Pull now.  ``actor`` None: the schedule or a command; a person needs MANAGE_FRAMEWORK.  A failing
    source fails the pull with a clear message (``ApplicationError``); the pages committed before stay.

    A pull left "running" by a process that died is closed as failed, and the scores its committed pages
    touched (``Pull.pending``) are recomputed by this one."""
    if actor is not None:
        require(actor, Action.MANAGE_FRAMEWORK)
    connector = _connector(key)
    now = timezone.now()
    with transaction.atomic():
        state, _created = ConnectorState.objects.select_for_update().get_or_create(key=key)
        inherited = Touched()
        for other in Pull.objects.filter(connector=key, state=Pull.State.RUNNING):
            why = why_dead(other, connector, now=now)
            if why is None:
                busy = _("A pull of %(name)s is already running; wait for it to end.")
                raise ApplicationError(busy % {"name": connector.label}, {"reason": "running"})
            feeds.merge(inherited, feeds.touched_from_json(other.pending))
            other.state, other.error, other.finished_at, other.pending = Pull.State.FAILED, why, now, {}
            other.save(update_fields=["state", "error", "finished_at", "pending"])
        run = Pull.objects.create(
            connector=key, started_by=actor, host=HOST, pid=os.getpid(), pending=feeds.touched_json(inherited)
        )
    report = progress or (lambda _done, _total: None)
    try:
        with audit.acting_as(actor, label=None if actor is not None else f"system:pull:{key}"):
            try:
                connector.pull(run=run, progress=report)
            finally:
                # once the database is back if it went away: the committed pages' scores must follow
                when_database_back(lambda: _recompute_pending(run), what=f"pull {run.pk}: recompute")
    except (SourceError, ApplicationError) as exc:
        _finish(run, state, Pull.State.FAILED, str(getattr(exc, "message", exc)))
        raise ApplicationError(run.error, {"connector": key, "pull": run.pk, **run.summary()}) from None
    except Exception as exc:
        if not connection_lost(exc):
            _finish(run, state, Pull.State.FAILED, _("unexpected error: %(error)s") % {"error": exc})
            raise
        # the database restarted or refused connections: the page in hand was rolled back, the pages
        # before it stay.  The recompute above waited for the database to be back, so the pull is now
        # recorded failed (left "running", it would hold the next pull back as a live one would)
        log.warning("pull %s: the database connection was lost", run.pk, exc_info=True)
        figures = {"page": run.pages + 1, **run.summary()}
        message, english = thai_and_english(DATABASE_LOST, figures)
        _finish(run, state, Pull.State.FAILED, message)
        extra = {"message_en": english, "connector": key, "pull": run.pk}
        raise ApplicationError(message, {**extra, **run.summary()}) from exc
    _finish(run, state, Pull.State.DONE, "")
    return run


DATABASE_LOST = gettext_noop(
    "The connection to the database was lost during page %(page)s of this pull (the database restarted or "
    "refused connections for a while); that page was not saved. Kept from the pages before it (%(pages)s "
    "committed): %(new)s new tickets, %(changed)s changed. Run it again, or wait for the next pull: it "
    "goes on from there."
)


def _recompute_pending(run: Pull) -> None:
    """Recompute the scores the committed pages touched (kept in ``run.pending`` until done)."""
    run.refresh_from_db(fields=["pending"])
    touched = feeds.touched_from_json(run.pending)
    Pull.objects.filter(pk=run.pk).update(alive_at=timezone.now())
    run.scores_changed = feeds.recompute(touched)
    run.pending = {}


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
