"""Writing the import-run record every feed shares (``feeds.models.ImportRun``): start one, end it done with
the feed's figures, or failed with the reason.

    run = import_run_start(feed="budget", file_name=name, data=payload)   # who and which job: the actor
    ...                                                                   # write the rows (batch=run)
    import_run_done(run, rows_read=n, figures={"lines": 12, "entries": 40})

A feed writes its run a few times per file (start, end), never per row.  Who imported it and the job that
ran it come from the audit actor (``core.audit.acting_as``; the job layer sets it for every job)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from pramoen.core import audit
from pramoen.feeds.models import ImportRun

MAX_REJECTS_KEPT = 1000


def import_run_start(
    *,
    feed: str,
    file_name: str,
    actor: Any | None = None,
    data: bytes | None = None,
    sha256: str = "",
    file_format: str = "",
    rows_read: int = 0,
    is_demo: bool = False,
    subject_pk: int | None = None,
) -> ImportRun:
    """A running import of ``file_name`` into ``feed``; ``data`` (the file's bytes) gives its SHA-256."""
    current = audit.current_actor()
    user = actor if actor is not None else current.user
    label = current.label if current.user is not None or actor is None else actor.get_username()
    return ImportRun.objects.create(
        feed=feed,
        file_name=file_name[:300],
        sha256=hashlib.sha256(data).hexdigest() if data is not None else sha256,
        file_format=file_format[:30],
        rows_read=rows_read,
        is_demo=is_demo,
        subject_pk=subject_pk,
        imported_by=user if getattr(user, "pk", None) is not None else None,
        actor_label=(label or "")[:150],
        job_id=current.job_id,
    )


def import_run_done(
    run: ImportRun,
    *,
    figures: dict[str, Any],
    rows_read: int | None = None,
    rejected: int | None = None,
    rejects: Sequence[dict[str, Any]] = (),
) -> ImportRun:
    """End ``run`` done with the feed's own counts (and its rejected rows, when it kept going past them)."""
    if rows_read is not None:
        run.rows_read = rows_read
    run.figures = {**run.figures, **figures}
    run.rejects = list(rejects[:MAX_REJECTS_KEPT])
    run.rejected = len(rejects) if rejected is None else rejected
    run.status = ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return run


def import_run_failed(run: ImportRun, *, error: str, save: bool = True) -> ImportRun:
    """End ``run`` failed with ``error`` (Thai, for people); ``save`` False leaves the save to the caller
    (the complaint importer saves once the database is back after a lost connection)."""
    run.status = ImportRun.Status.FAILED
    run.error = error
    run.finished_at = timezone.now()
    if save:
        run.save()
    return run
