"""Importing Traffy Fondue files: validate every row, upsert by ticket_id, keep the state history.

One file is written in a single transaction (nothing half-written when anything fails); its bad rows are
reported (row, field, reason) and skipped.  The file is read, checked row by row and written a batch at a
time (``writing``), so memory holds one batch of rows, not the file; on PostgreSQL through binary COPY,
which the database works through while the next batch is read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core import generation
from pramoen.core.database import connection_lost, when_database_back
from pramoen.core.errors import ApplicationError
from pramoen.core.rows import RowError
from pramoen.feeds.complaints import dedup, pgcopy
from pramoen.feeds.complaints.models import RESOLVED, StateChange, Ticket
from pramoen.feeds.complaints.parsing import FORMAT_LABELS, HISTORY, HistoryRow, Parsed, Source, open_source
from pramoen.feeds.complaints.writing import (
    CHUNK,
    TicketWriter,
    chunks,
    existing_tickets,
    implied_observations,
)
from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_failed, import_run_start
from pramoen.orgs.policy import Action, require

MAX_REPORTED_REJECTS = 1000
BATCH = 10_000  # rows read, compared and inserted at a time (one batch is written while the next is read)
Progress = Callable[[int], None]


@dataclass
class ImportSummary:
    run_id: int
    file_name: str
    file_format: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    state_changes: int = 0
    repeated_in_file: int = 0
    duplicates: int | None = None
    rejects: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per step (parse, attribute, commit, …)
    created: tuple[dt.datetime, dt.datetime] | None = None  # creation times of the tickets written
    encoding: str = "utf-8"
    ignored_columns: list[str] = field(default_factory=list)

    def line(self) -> str:
        return self._counts() + self._notes()

    def _notes(self) -> str:
        notes = []
        if self.encoding != "utf-8":
            notes.append(_("read as Thai Windows text (TIS-620)"))
        if self.ignored_columns:
            notes.append(
                _("columns ignored (not in any Traffy Fondue format): %(columns)s")
                % {"columns": ", ".join(self.ignored_columns[:20])}
            )
        return "".join(f"; {n}" for n in notes)

    def _counts(self) -> str:
        return _(
            "%(file)s (%(format)s): %(read)d rows read, %(inserted)d inserted, %(updated)d updated, "
            "%(unchanged)d unchanged, %(rejected)d rejected, %(changes)d state changes"
        ) % {
            "file": self.file_name,
            "format": FORMAT_LABELS.get(self.file_format, self.file_format),
            "read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "changes": self.state_changes,
        }


class Stopwatch:
    """Seconds spent in each step of an import, for the benchmark and anyone tuning it."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.steps[step] = self.steps.get(step, 0.0) + now - self._last
        self._last = now


def complaints_import(
    *,
    actor: Any | None,
    path: Path,
    dedup_on: bool = True,
    display_name: str | None = None,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportSummary:
    """Import one file.  ``actor`` None means a command (system); a user needs MANAGE_FRAMEWORK."""
    if actor is not None:
        require(actor, Action.MANAGE_FRAMEWORK)
    name = display_name or path.name
    if run is None:
        run = import_run_start(feed="complaints", file_name=name, actor=actor)
    report = progress or (lambda _pct: None)
    watch = Stopwatch()
    try:
        source = open_source(path)
        run.file_format = source.parsed.file_format
        report(5)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                pgcopy.lock_imports()
            if source.parsed.file_format == HISTORY:
                summary = _write_history(source, run)
            else:
                summary = _write_tickets(source, run, report, watch)
            watch.lap("write")
        watch.lap("commit")
        run.rows_read = summary.rows_read
        report(90)
        if dedup_on and summary.created is not None:
            summary.duplicates = dedup.dedup_range(*summary.created)
            watch.lap("dedup")
        summary.seconds = watch.steps
    except ApplicationError as exc:
        import_run_failed(run, error=exc.message)
        raise
    except Exception as exc:
        if connection_lost(exc):
            # the database restarted or refused connections: say so in words, and record the ending once
            # it is back (left "running", the import history would show a live import for ever)
            import_run_failed(
                run,
                error=_(
                    "The connection to the database was lost during this import (the database restarted "
                    "or refused connections for a while); nothing from this file was saved. Import it again."
                ),
                save=False,
            )
            when_database_back(run.save, what=f"the ending of complaint import {run.pk}")
        else:
            error = _("unexpected error; nothing from this file was saved: %(error)s") % {"error": exc}
            import_run_failed(run, error=error)
        raise
    import_run_done(
        run,
        rows_read=summary.rows_read,
        figures={
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "state_changes": summary.state_changes,
        },
        rejected=summary.rejected,
        rejects=summary.rejects,
    )
    generation.bump()  # the overview and the portal's ledgers read tickets: their cached pages are stale
    report(100)
    return summary


def _summary(parsed: Parsed, run: ImportRun) -> ImportSummary:
    """The summary of what ``parsed`` read (once the whole file has been read)."""
    return ImportSummary(
        run_id=run.pk,
        file_name=run.file_name,
        file_format=parsed.file_format,
        rows_read=parsed.rows_read,
        rejected=len(parsed.rejects),
        repeated_in_file=parsed.repeated_in_file,
        rejects=[r.as_dict() for r in parsed.rejects[:MAX_REPORTED_REJECTS]],
        encoding=parsed.encoding,
        ignored_columns=parsed.ignored_columns,
    )


def _write_tickets(source: Source, run: ImportRun, report: Progress, watch: Stopwatch) -> ImportSummary:
    """Read, compare, attribute and insert the file batch by batch, this process and the database working
    side by side: while a batch's new tickets go into the database, the next batch (its stored tickets
    looked up just before) is compared and attributed; while their attributions go in, the batch after is
    read.  Changed stored tickets (and tickets repeated in a later batch) are written at the end."""
    batches = source.ticket_batches(BATCH)
    try:
        writer = TicketWriter(run, source.parsed.file_format, timezone.now())
        batch = next(batches, None)
        watch.lap("parse")
        records = writer.prepare(writer.look_up(batch)) if batch is not None else []
        following = next(batches, None)  # (None again once the batches have ended)
        watch.lap("compare")
        while batch is not None:
            rows = writer.look_up(following) if following is not None else []
            with writer.inserting(records):
                records = writer.prepare(rows)
                watch.lap("compare")
            watch.lap("tickets")
            with writer.linking():
                batch, following = following, next(batches, None)
                watch.lap("parse")
                report(5 + int(75 * source.fraction_read()))
            watch.lap("links")
    finally:
        source.close()
    state_changes = writer.finish()
    watch.lap("finish")
    summary = _summary(source.parsed, run)
    summary.repeated_in_file = writer.repeated_in_file
    summary.inserted, summary.updated, summary.unchanged = writer.counts()
    summary.state_changes = state_changes
    summary.created = writer.created
    if writer.older:
        pks = {tid: writer.stored[tid][0] for tid in writer.older}
        summary.state_changes += _merge_history(writer.older, pks, run)[1]
    return summary


def _write_history(source: Source, run: ImportRun) -> ImportSummary:
    """State-history rows join the tickets' histories; previous states are recomputed per ticket."""
    by_ticket: dict[str, list[HistoryRow]] = {}
    for h in source.history_rows():
        by_ticket.setdefault(h.ticket_id, []).append(h)
    summary = _summary(source.parsed, run)
    known = existing_tickets(list(by_ticket))
    for tid, items in by_ticket.items():
        if tid not in known:
            for h in items:
                summary.rejects.append(
                    RowError(
                        h.row,
                        "ticket_id",
                        _("ticket %(id)s is not imported yet: import its tickets file first") % {"id": tid},
                    ).as_dict()
                )
            summary.rejected += len(items)
    summary.rejects = sorted(summary.rejects, key=lambda r: r["row"])[:MAX_REPORTED_REJECTS]
    pks = {tid: v[0] for tid, v in known.items()}
    summary.state_changes, _added = _merge_history(by_ticket, pks, run)
    summary.updated = sum(1 for t in by_ticket if t in pks)
    summary.inserted = _added
    return summary


def _merge_history(
    by_ticket: dict[str, list[HistoryRow]], pks: dict[str, int], run: ImportRun
) -> tuple[int, int]:
    """Merge observations into the stored histories (previous states recomputed per ticket); the number
    of changes in the merged histories and of observations added.  A ticket's implied observation
    (``Ticket.history_implied``) joins its history, which is then stored in full."""
    ticket_pks = [pks[t] for t in by_ticket if t in pks]
    old: dict[int, list[tuple[dt.datetime, str, dt.datetime | None, int | None]]] = {}
    for part in chunks(ticket_pks):
        for tpk, obs, state, la, run_id in StateChange.objects.filter(ticket_id__in=part).values_list(
            "ticket_id", "observed_at", "state", "last_activity", "run_id"
        ):
            old.setdefault(tpk, []).append((obs, state, la, run_id))
    for tpk, obs, state, _previous, la, run_id in implied_observations(ticket_pks):
        old.setdefault(tpk, []).append((obs, state, la, run_id))
    merged: list[StateChange] = []
    resolved: dict[int, dt.datetime] = {}
    before = sum(1 for items in old.values() for _ in items)
    for tid, items in by_ticket.items():
        if tid not in pks:
            continue
        tpk = pks[tid]
        seen: dict[tuple[dt.datetime, str], tuple[dt.datetime | None, int | None]] = {
            (o, s): (la, r) for o, s, la, r in old.get(tpk, [])
        }
        for h in items:
            seen.setdefault((h.observed_at, h.state), (h.last_activity, run.pk))
        prev: str | None = None
        for (obs, state), (la, rid) in sorted(seen.items(), key=lambda kv: kv[0][0]):
            if state == prev:
                continue  # the same state seen again is not a change
            merged.append(
                StateChange(
                    ticket_id=tpk, observed_at=obs, state=state, previous_state=prev, last_activity=la,
                    run_id=rid,
                )
            )  # fmt: skip
            if state == RESOLVED and tpk not in resolved:
                resolved[tpk] = obs
            prev = state
    for part in chunks(ticket_pks):
        StateChange.objects.filter(ticket_id__in=part).delete()
        Ticket.objects.filter(pk__in=part, history_implied=True).update(history_implied=False)
    StateChange.objects.bulk_create(merged, batch_size=CHUNK)
    # Resolution time from the history where the ticket gives no last_activity for it.
    to_update: list[Ticket] = []
    for part in chunks(list(resolved)):
        for t in Ticket.objects.filter(pk__in=part, state=RESOLVED).exclude(
            resolved_at_source="last_activity"
        ):
            t.resolved_at, t.resolved_at_source = resolved[t.pk], "state_history"
            to_update.append(t)
    Ticket.objects.bulk_update(to_update, ["resolved_at", "resolved_at_source"], batch_size=1000)
    return sum(1 for m in merged if m.previous_state is not None), max(0, len(merged) - before)
