"""Importing Traffy Fondue files: validate every row, upsert by ticket_id, keep the state history.

One file is one batch: its good rows are written in a single transaction (nothing half-written when
anything fails), its bad rows are reported (row, field, reason) and skipped.  On PostgreSQL the rows go
through COPY into a temporary staging table and one set-based upsert; on SQLite through batched inserts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pramoen.core import audit
from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints import dedup, pgcopy
from pramoen.feeds.complaints.geo import DistrictIndex
from pramoen.feeds.complaints.models import RESOLVED, ImportRun, StateChange, Ticket, TicketDistrict
from pramoen.feeds.complaints.parsing import FORMAT_LABELS, HistoryRow, Parsed, TicketRow, parse_file
from pramoen.orgs.policy import Action, require

MAX_REPORTED_REJECTS = 1000
CHUNK = 5000
Progress = Callable[[int], None]

TICKET_FIELDS = (
    "ticket_id", "created_at", "state", "type_tags", "comment", "organization", "org", "lon", "lat",
    "address", "subdistrict", "district_text", "province", "star", "count_reopen", "last_activity",
    "photo", "photo_after", "note", "source_format", "first_seen", "last_seen", "resolved_at",
    "resolved_at_source", "attribution", "polygon_district_id", "flag_swapped", "flag_outside",
    "flag_text_mismatch", "flag_near_boundary", "last_run_id", "content_hash",
)  # fmt: skip


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

    def line(self) -> str:
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


def _hash(row: TicketRow) -> str:
    parts = (
        row.created_at.isoformat(), row.state, row.type_tags, row.comment, row.organization, row.org,
        repr(row.lon), repr(row.lat), row.address, row.district_text, repr(row.star), repr(row.count_reopen),
        row.last_activity.isoformat() if row.last_activity else "", row.photo_after, row.note,
    )  # fmt: skip
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
    label = audit.current_actor().label
    if run is None:
        run = ImportRun.objects.create(file_name=name[:300], actor_label=label[:150])
    report = progress or (lambda _pct: None)
    watch = Stopwatch()
    try:
        parsed = parse_file(path)
        watch.lap("parse")
        run.file_format = parsed.file_format
        run.rows_read = parsed.rows_read
        report(20)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                pgcopy.lock_imports()
            if parsed.file_format == "history":
                summary = _write_history(parsed, run)
            else:
                summary = _write_tickets(parsed, run, report, watch)
            watch.lap("write")
        watch.lap("commit")
        report(80)
        if dedup_on and parsed.tickets:
            lo = min(t.created_at for t in parsed.tickets)
            hi = max(t.created_at for t in parsed.tickets)
            summary.duplicates = dedup.dedup_range(lo, hi)
            watch.lap("dedup")
        summary.seconds = watch.steps
    except ApplicationError as exc:
        run.status = ImportRun.Status.FAILED
        run.error = exc.message
        run.finished_at = timezone.now()
        run.save()
        raise
    except Exception as exc:
        run.status = ImportRun.Status.FAILED
        run.error = _("unexpected error; nothing from this file was saved: %(error)s") % {"error": exc}
        run.finished_at = timezone.now()
        run.save()
        raise
    run.inserted, run.updated, run.unchanged = summary.inserted, summary.updated, summary.unchanged
    run.rejected = summary.rejected
    run.state_changes = summary.state_changes
    run.rejects = summary.rejects
    run.status = ImportRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    report(100)
    return summary


def _summary(parsed: Parsed, run: ImportRun) -> ImportSummary:
    return ImportSummary(
        run_id=run.pk,
        file_name=run.file_name,
        file_format=parsed.file_format,
        rows_read=parsed.rows_read,
        rejected=len(parsed.rejects),
        repeated_in_file=parsed.repeated_in_file,
        rejects=[r.as_dict() for r in parsed.rejects[:MAX_REPORTED_REJECTS]],
    )


Existing = tuple[int, str, str, dt.datetime | None, str, dt.datetime | None]


def _existing(ticket_ids: Sequence[str]) -> dict[str, Existing]:
    """pk, state, content hash, resolved_at, its source and last_seen of the stored tickets."""
    found: dict[str, Existing] = {}
    if connection.vendor == "postgresql":
        # one query with the ids as an array: Django's IN (…) costs seconds of Python per 100k ids
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, ticket_id, state, content_hash, resolved_at, resolved_at_source, last_seen "
                f"FROM {Ticket._meta.db_table} WHERE ticket_id = ANY(%s)",
                [list(ticket_ids)],
            )
            return {tid: (pk, *rest) for pk, tid, *rest in cur.fetchall()}
    for part in _chunks(ticket_ids):
        for pk, tid, *rest in Ticket.objects.filter(ticket_id__in=part).values_list(
            "pk", "ticket_id", "state", "content_hash", "resolved_at", "resolved_at_source", "last_seen"
        ):
            found[tid] = (pk, *rest)  # type: ignore[assignment]
    return found


def _write_tickets(parsed: Parsed, run: ImportRun, report: Progress, watch: Stopwatch) -> ImportSummary:
    summary = _summary(parsed, run)
    rows = parsed.tickets
    now = timezone.now()
    existing = _existing([r.ticket_id for r in rows])
    index = DistrictIndex.load()
    changed: list[TicketRow] = []
    older: dict[str, list[HistoryRow]] = {}
    hashes: dict[str, str] = {}
    for r in rows:
        h = _hash(r)
        old = existing.get(r.ticket_id)
        if old is not None and old[2] == h:
            summary.unchanged += 1
            continue
        if old is not None and old[5] is not None and r.observed_at is not None and r.observed_at < old[5]:
            # the last observation wins: an older snapshot only adds to the history
            summary.unchanged += 1
            seen = HistoryRow(r.row, r.ticket_id, r.observed_at, r.state[:60], r.last_activity)
            older[r.ticket_id] = [seen]
            continue
        hashes[r.ticket_id] = h
        changed.append(r)
        if old is None:
            summary.inserted += 1
        else:
            summary.updated += 1
    watch.lap("compare")
    attributions = index.attribute(
        [r.lon for r in changed], [r.lat for r in changed],
        [r.organization for r in changed], [r.district_text for r in changed],
    )  # fmt: skip
    watch.lap("attribute")
    report(40)
    records: list[tuple[Any, ...]] = []
    changes: list[tuple[str, str, str | None, dt.datetime, dt.datetime | None]] = []
    for r, a in zip(changed, attributions, strict=True):
        old = existing.get(r.ticket_id)
        observed = r.observed_at or now
        resolved_at, resolved_src = (old[3], old[4]) if old else (None, "")
        if r.state == RESOLVED:
            if r.last_activity is not None:
                resolved_at, resolved_src = r.last_activity, "last_activity"
            elif resolved_at is None and r.observed_at is not None:
                resolved_at, resolved_src = r.observed_at, "state_history"
        else:
            resolved_at, resolved_src = None, ""
        if old is None:
            changes.append((r.ticket_id, r.state, None, observed, r.last_activity))
        elif old[1] != r.state:
            changes.append((r.ticket_id, r.state, old[1], observed, r.last_activity))
        records.append(
            (
                r.ticket_id, r.created_at, r.state[:60], r.type_tags[:400], r.comment, r.organization,
                r.org, r.lon, r.lat, r.address, r.subdistrict, r.district_text, r.province, r.star,
                r.count_reopen, r.last_activity, r.photo, r.photo_after, r.note, parsed.file_format,
                r.first_seen or observed, observed, resolved_at, resolved_src, a.method,
                a.polygon_district_id, a.swapped, a.outside, a.text_mismatch, a.near_boundary, run.pk,
                hashes[r.ticket_id],
            )
        )  # fmt: skip
    watch.lap("prepare")
    pks = _upsert_tickets(records, existing)
    watch.lap("tickets")
    report(60)
    if summary.updated:
        stored_pks = [pks[r.ticket_id] for r in changed if r.ticket_id in existing]
        if connection.vendor == "postgresql":
            pgcopy.delete_where_in(TicketDistrict._meta.db_table, "ticket_id", stored_pks)
        else:
            for part in _chunks(stored_pks):
                TicketDistrict.objects.filter(ticket_id__in=part).delete()
    links = [
        (pks[r.ticket_id], d, r.created_at)
        for r, a in zip(changed, attributions, strict=True)
        for d in a.district_ids
    ]
    history = [(pks[tid], obs, state[:60], prev, la, run.pk) for tid, state, prev, obs, la in changes]
    _write_links(links, history, frozenset(pks[r.ticket_id] for r in changed if r.ticket_id not in existing))
    watch.lap("links")
    summary.state_changes = sum(1 for c in changes if c[2] is not None)
    if older:
        summary.state_changes += _merge_history(older, {tid: existing[tid][0] for tid in older}, run)[1]
    return summary


def _write_links(
    links: list[tuple[Any, ...]], history: list[tuple[Any, ...]], fresh: frozenset[int] = frozenset()
) -> None:
    """The tickets' district attributions and their new state observations (``fresh``: primary keys of
    tickets inserted by this import, whose observations cannot be stored yet)."""
    if connection.vendor == "postgresql":
        pgcopy.insert(TicketDistrict._meta.db_table, ("ticket_id", "district_id", "created_at"), links)
        cols = ("ticket_id", "observed_at", "state", "previous_state", "last_activity", "run_id")
        table = StateChange._meta.db_table
        pgcopy.insert(table, cols, [h for h in history if h[0] in fresh])
        pgcopy.insert_ignoring_conflicts(table, cols, [h for h in history if h[0] not in fresh])
    else:
        TicketDistrict.objects.bulk_create(
            [TicketDistrict(ticket_id=t, district_id=d, created_at=c) for t, d, c in links], batch_size=CHUNK
        )
        StateChange.objects.bulk_create(
            [
                StateChange(
                    ticket_id=t, observed_at=o, state=st, previous_state=pr, last_activity=la, run_id=rid
                )
                for t, o, st, pr, la, rid in history
            ],
            batch_size=CHUNK,
            ignore_conflicts=True,
        )


# what an update rewrites: everything but the key and the first sighting
UPDATE_FIELDS = tuple(f for f in TICKET_FIELDS if f not in {"ticket_id", "first_seen"})
_UPDATE_AT = tuple(TICKET_FIELDS.index(f) for f in UPDATE_FIELDS)


def _upsert_tickets(records: list[tuple[Any, ...]], existing: dict[str, Existing]) -> dict[str, int]:
    """Insert the new tickets and update the stored ones (``existing``); primary keys by ticket_id."""
    if not records:
        return {}
    if connection.vendor == "postgresql":
        table = Ticket._meta.db_table
        new = [rec for rec in records if rec[0] not in existing]
        pks = dict(zip((rec[0] for rec in new), pgcopy.insert_new(table, TICKET_FIELDS, new), strict=True))
        stored = [rec for rec in records if rec[0] in existing]
        pgcopy.update_by_pk(
            table, UPDATE_FIELDS, [(existing[rec[0]][0], *(rec[i] for i in _UPDATE_AT)) for rec in stored]
        )
        pks.update((rec[0], existing[rec[0]][0]) for rec in stored)
        return pks
    objs = [Ticket(**dict(zip(TICKET_FIELDS, rec, strict=True))) for rec in records]
    update = [f.removesuffix("_id") if f.endswith("_id") and f != "ticket_id" else f for f in UPDATE_FIELDS]
    Ticket.objects.bulk_create(
        objs, batch_size=500, update_conflicts=True, unique_fields=["ticket_id"], update_fields=update
    )
    return {tid: v[0] for tid, v in _existing([rec[0] for rec in records]).items()}


def _write_history(parsed: Parsed, run: ImportRun) -> ImportSummary:
    """State-history rows join the tickets' histories; previous states are recomputed per ticket."""
    summary = _summary(parsed, run)
    by_ticket: dict[str, list[HistoryRow]] = {}
    for h in parsed.history:
        by_ticket.setdefault(h.ticket_id, []).append(h)
    known = _existing(list(by_ticket))
    for tid, items in by_ticket.items():
        if tid not in known:
            for h in items:
                summary.rejects.append(
                    {
                        "row": h.row,
                        "field": "ticket_id",
                        "reason": _("ticket %(id)s is not imported yet: import its tickets file first")
                        % {"id": tid},
                    }
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
    of changes in the merged histories and of observations added."""
    ticket_pks = [pks[t] for t in by_ticket if t in pks]
    old: dict[int, list[tuple[dt.datetime, str, dt.datetime | None, int | None]]] = {}
    for part in _chunks(ticket_pks):
        for tpk, obs, state, la, run_id in StateChange.objects.filter(ticket_id__in=part).values_list(
            "ticket_id", "observed_at", "state", "last_activity", "run_id"
        ):
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
    for part in _chunks(ticket_pks):
        StateChange.objects.filter(ticket_id__in=part).delete()
    StateChange.objects.bulk_create(merged, batch_size=CHUNK)
    # Resolution time from the history where the ticket gives no last_activity for it.
    to_update: list[Ticket] = []
    for part in _chunks(list(resolved)):
        for t in Ticket.objects.filter(pk__in=part, state=RESOLVED).exclude(
            resolved_at_source="last_activity"
        ):
            t.resolved_at, t.resolved_at_source = resolved[t.pk], "state_history"
            to_update.append(t)
    Ticket.objects.bulk_update(to_update, ["resolved_at", "resolved_at_source"], batch_size=1000)
    return sum(1 for m in merged if m.previous_state is not None), max(0, len(merged) - before)
