"""Start, run and retry jobs.

    job = job_enqueue(kind="feed_import", actor=user, params={...}, label="…")   # a worker runs it
    job = job_run_inline(kind=..., actor=None, params=..., label=..., listener=bar)  # run it here, now

A job's work runs inside ``job_execute``: it marks the job running, keeps a heartbeat in the shared cache
while it runs (so that a job whose process died is noticed: ``jobs_reap``), and records the summary or a
Thai error message the person who started it can act on.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from pramoen.core import audit
from pramoen.core.database import connection_lost, when_database_back
from pramoen.core.errors import ApplicationError, thai_and_english
from pramoen.core.rows import shaped
from pramoen.jobs.models import Job
from pramoen.jobs.registry import CACHE, Progress, get_kind, progress_key

log = logging.getLogger(__name__)

BEAT_EVERY = 5  # seconds between two heartbeats of a running job
BEAT_LOST = 60  # a running job whose heartbeat is older than this has lost its process
MAX_REJECTS = 1000


def _beat_key(job_id: int) -> str:
    return f"pramoen:job:{job_id}:beat"


def job_enqueue(
    *,
    kind: str,
    actor: Any | None,
    params: dict[str, Any] | None = None,
    label: str = "",
    source_file: str = "",
    retry_of: Job | None = None,
) -> Job:
    """Record the job and hand it to the task backend (a worker picks it up)."""
    get_kind(kind)  # fail now, not in the worker, on a kind nobody registered
    job = _create(
        kind=kind, actor=actor, params=params, label=label, source_file=source_file, retry_of=retry_of
    )
    from pramoen.jobs.tasks import run_job

    def send() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    if run_job.get_backend().__class__.__module__.startswith("django_tasks_db"):
        send()  # the task row commits with the job row: a worker never sees one without the other
    else:
        transaction.on_commit(send)  # Redis: only once the job row is there to be read
    return job


def job_run_inline(
    *,
    kind: str,
    actor: Any | None,
    params: dict[str, Any] | None = None,
    label: str = "",
    source_file: str = "",
    listener: Callable[[str, int, int | None], None] | None = None,
) -> Job:
    """Run the job in this process now (the commands' default); the record is kept as for a worker's."""
    get_kind(kind)
    job = _create(kind=kind, actor=actor, params=params, label=label, source_file=source_file, retry_of=None)
    job_execute(job.pk, worker=f"inline:{socket.gethostname()}:{os.getpid()}", listener=listener)
    job.refresh_from_db()
    return job


def _create(
    *,
    kind: str,
    actor: Any | None,
    params: dict[str, Any] | None,
    label: str,
    source_file: str,
    retry_of: Job | None,
) -> Job:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Job.objects.create(
        kind=kind,
        label=(label or str(get_kind(kind).label))[:300],
        params=params or {},
        started_by=user,
        actor_label=(user.get_username() if user is not None else audit.current_actor().label)[:150],
        source_file=source_file,
        retry_of=retry_of,
    )


def job_retry(*, actor: Any, job: Job) -> Job:
    """Ask for a failed job again (same kind, parameters and file)."""
    from pramoen.jobs.selectors import can_retry

    if not can_retry(actor, job):
        raise ApplicationError(_("Only a failed job can be run again, by whoever may start it."))
    return job_enqueue(
        kind=job.kind,
        actor=actor,
        params=job.params,
        label=job.label,
        source_file=job.source_file,
        retry_of=job,
    )


def job_execute(
    job_id: int, *, worker: str = "", listener: Callable[[str, int, int | None], None] | None = None
) -> None:
    """Run one job: what the worker's task does, and ``job_run_inline``."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        started_at=timezone.now(),
        worker=(worker or f"{socket.gethostname()}:{os.getpid()}")[:100],
    )
    if not claimed:
        log.warning("job %s is not waiting to run; skipped", job_id)
        return
    job = Job.objects.select_related("started_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    kind = get_kind(job.kind)
    progress = Progress(job.pk, listener)
    actor = job.started_by
    try:
        with _heartbeat(job.pk), audit.acting_as(actor, label=job.actor_label or None, job_id=job.pk):
            summary = kind.func(progress=progress, actor=actor, job=job, **job.params) or {}
    except ApplicationError as exc:
        _finish(job.pk, Job.State.FAILED, error=exc.message, error_en=_english(exc), rejects=_rejects(exc))
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        if connection_lost(exc):  # the database restarted or refused connections: say so, in words
            thai, english = thai_and_english(DATABASE_LOST)
            _finish(job.pk, Job.State.FAILED, error=thai, error_en=english)
            return
        detail = f"{type(exc).__name__}: {exc}"[:2000]
        _finish(
            job.pk,
            Job.State.FAILED,
            error=_("The job stopped on an unexpected error; nothing it was writing was saved. "
                    "Run it again, or tell the administrator: %(error)s") % {"error": detail},
            error_en=f"The job stopped on an unexpected error; nothing it was writing was saved: {detail}",
        )  # fmt: skip
    else:
        rejects = summary.pop("rejects", []) if isinstance(summary, dict) else []
        outcome = summary.pop("outcome", []) if isinstance(summary, dict) else []
        _finish(job.pk, Job.State.DONE, summary=summary, rejects=rejects, outcome=outcome)
    finally:
        caches[CACHE].delete(progress_key(job.pk))


DATABASE_LOST = gettext_noop(
    "The connection to the database was lost while this job was running (the database restarted or "
    "refused connections for a while). Nothing it was writing at that moment was saved; run it again."
)


def _english(exc: ApplicationError) -> str:
    english = exc.extra.get("message_en") if isinstance(exc.extra, dict) else None
    return str(english or exc.message)


def _rejects(exc: ApplicationError) -> list[dict[str, Any]]:
    extra = exc.extra if isinstance(exc.extra, dict) else {}
    rows = extra.get("errors") or extra.get("rejects") or []
    return list(rows)[:MAX_REJECTS] if isinstance(rows, list) else []


def _finish(job_id: int, state: str, **fields: Any) -> None:
    """Record the end of a job — retried while the database is away (a restart), so that a job never
    stays "running" because its ending could not be written."""
    values: dict[str, Any] = {"state": state, "finished_at": timezone.now()}
    for name in ("summary", "outcome", "error", "error_en"):
        if name in fields:
            values[name] = fields[name]
    if "rejects" in fields:
        values["rejects"] = [shaped(r) for r in list(fields["rejects"])[:MAX_REJECTS]]
    if state == Job.State.DONE:
        values["stage"] = ""
    when_database_back(
        lambda: Job.objects.filter(pk=job_id).update(**values),
        retry=lambda _exc: True,  # SQLite's "database is locked" too
        what=f"job {job_id}: recording its end",
    )


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """A thread marks the job alive in the shared cache while it runs (the cache, not the database: the
    job's own transaction may hold SQLite's write lock for minutes)."""
    stop = threading.Event()
    cache = caches[CACHE]

    def beat() -> None:
        while not stop.is_set():
            try:
                cache.set(_beat_key(job_id), time.time(), timeout=BEAT_LOST * 2)
            except Exception:
                log.warning("job %s: heartbeat not written", job_id)
            stop.wait(BEAT_EVERY)

    cache.set(_beat_key(job_id), time.time(), timeout=BEAT_LOST * 2)
    thread = threading.Thread(target=beat, name=f"job-{job_id}-beat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=BEAT_EVERY + 1)
        cache.delete(_beat_key(job_id))


def jobs_reap(*, lost_after: float = BEAT_LOST) -> list[int]:
    """Mark failed every running job whose process has stopped beating (killed, machine lost)."""
    cache = caches[CACHE]
    now = time.time()
    reaped = []
    cutoff = timezone.now() - dt.timedelta(seconds=lost_after)
    for job in Job.objects.filter(state=Job.State.RUNNING, started_at__lt=cutoff):
        last = cache.get(_beat_key(job.pk))
        if last is not None and now - float(last) < lost_after:
            continue
        with override("th"):
            message = _(
                "The worker running this job stopped before it ended (the process was killed or its machine "
                "was lost). Nothing this job was writing was saved; run it again."
            )
        updated = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=Job.State.FAILED,
            finished_at=timezone.now(),
            error=message,
            error_en="The worker running this job stopped before it ended. Nothing it was writing was saved; "
            "run it again.",
        )
        if updated:
            reaped.append(job.pk)
            log.warning("job %s: its worker stopped; marked failed", job.pk)
    return reaped


# --- files a job reads ----------------------------------------------------------------------------------


def job_file_save(upload: Any, *, name: str | None = None) -> str:
    """Keep an uploaded file where every worker can read it (the default storage); returns its name."""
    original = Path(name or getattr(upload, "name", "") or "upload").name.replace("/", "_")[-120:] or "upload"
    # an upload Django already spooled to a temporary file is moved into place, not copied
    content = upload if isinstance(upload, UploadedFile) else File(upload)
    stored = default_storage.save(f"jobs/{uuid.uuid4().hex}/{original}", content)
    return str(stored)


def job_file_save_path(path: Path) -> str:
    with path.open("rb") as fh:
        return job_file_save(fh, name=path.name)


@contextmanager
def job_file_local(name: str) -> Iterator[Path]:
    """A local path to a stored job file (copied to a temporary file when the storage is remote)."""
    try:
        local = Path(default_storage.path(name))
    except NotImplementedError:
        local = None
    if local is not None:
        if not local.exists():
            raise ApplicationError(_("The uploaded file of this job is no longer kept; upload it again."))
        yield local
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(name).name
        with default_storage.open(name, "rb") as src, target.open("wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
        yield target


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)
