"""Writing a file's tickets batch by batch, while the file is still being read.

Each batch is compared with the stored tickets, attributed to districts, and its new tickets are inserted;
on PostgreSQL that COPY runs in the database while Python reads the next batch (see ``importer``).  Changed
stored tickets, the attributions and the state observations are written by ``finish``, in the same
transaction.  A ticket repeated in the file keeps its last row, exactly as if that row were the only one.

A new ticket's first observation is the ticket itself (``Ticket.history_implied``): no history row is
written for it.  When a later import changes such a ticket, that observation is stored first, from the
ticket as it was, then the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from pramoen.feeds.complaints import pgcopy
from pramoen.feeds.complaints.geo import DistrictIndex
from pramoen.feeds.complaints.models import (
    IMPLIED_OBSERVATION,
    RESOLVED,
    StateChange,
    Ticket,
    TicketDistrict,
)
from pramoen.feeds.complaints.parsing import HistoryRow, TicketRow
from pramoen.feeds.models import ImportRun

CHUNK = 5000

TICKET_FIELDS = (
    "ticket_id", "created_at", "state", "type_tags", "comment", "organization", "org", "lon", "lat",
    "address", "subdistrict", "district_text", "province", "star", "count_reopen", "last_activity",
    "photo", "photo_after", "note", "source_format", "first_seen", "last_seen", "resolved_at",
    "resolved_at_source", "attribution", "polygon_district_id", "flag_swapped", "flag_outside",
    "flag_text_mismatch", "flag_near_boundary", "last_run_id", "content_hash", "history_implied",
)  # fmt: skip
# what an update rewrites: everything but the key and the first sighting
UPDATE_FIELDS = tuple(f for f in TICKET_FIELDS if f not in {"ticket_id", "first_seen"})
_UPDATE_AT = tuple(TICKET_FIELDS.index(f) for f in UPDATE_FIELDS)
_HASH = TICKET_FIELDS.index("content_hash")
LINK_COLUMNS = ("ticket_id", "district_id", "created_at")
HISTORY_COLUMNS = ("ticket_id", "observed_at", "state", "previous_state", "last_activity", "run_id")

# pk, state, content hash, resolved_at, its source, last_seen, last_activity, last run, history implied
Existing = tuple[
    int, str, str, dt.datetime | None, str, dt.datetime | None, dt.datetime | None, int | None, bool
]
_EXISTING = (
    "id", "ticket_id", "state", "content_hash", "resolved_at", "resolved_at_source", "last_seen",
    "last_activity", "last_run_id", "history_implied",
)  # fmt: skip
# state, previous state (None: the first observation), observed at, last activity
Observation = tuple[str, str | None, dt.datetime, dt.datetime | None]


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def existing_tickets(ticket_ids: Sequence[str]) -> dict[str, Existing]:
    """What the import needs to know of the stored tickets (``Existing``), by ticket id."""
    if not ticket_ids:
        return {}
    if connection.vendor == "postgresql":
        # one query with the ids as an array: Django's IN (…) costs seconds of Python per 100k ids
        # The ids travel as one text, split by the server: Django's cursors bind parameters client-side,
        # and quoting a list of 10,000 texts element by element cost ≈ 0.1 s of Python per 185k tickets.
        # (An id has no comma: ``values.TICKET_ID``.)  Sorted, in index order: neighbouring probes share
        # pages.
        rows = pgcopy.by_index(
            f"SELECT {', '.join(_EXISTING)} FROM {Ticket._meta.db_table} "
            "WHERE ticket_id = ANY(string_to_array(%s, ','))",
            [",".join(sorted(ticket_ids))],
        )
        return {tid: (pk, *rest) for pk, tid, *rest in rows}
    found: dict[str, Existing] = {}
    for part in chunks(ticket_ids):
        for pk, tid, *rest in Ticket.objects.filter(ticket_id__in=part).values_list(*_EXISTING):
            found[tid] = (pk, *rest)
    return found


def implied_observations(ticket_pks: Sequence[int]) -> list[tuple[Any, ...]]:
    """The observation each of these tickets records itself (those with ``history_implied``), as history
    rows (``HISTORY_COLUMNS``)."""
    found: list[tuple[Any, ...]] = []
    for part in chunks(ticket_pks):
        for pk, *values in Ticket.objects.filter(pk__in=part, history_implied=True).values_list(
            "pk", *IMPLIED_OBSERVATION
        ):
            fields = dict(zip(IMPLIED_OBSERVATION.values(), values, strict=True))
            found.append((pk, *(fields.get(c) for c in HISTORY_COLUMNS[1:])))
    return found


class TicketWriter:
    """What one import writes, gathered batch by batch (``prepare`` then ``inserting``), then ``finish``."""

    def __init__(self, run: ImportRun, file_format: str, now: dt.datetime) -> None:
        self.run, self.file_format, self.now = run, file_format, now
        self.run_pk = run.pk
        self.index = DistrictIndex.load()
        self.stored: dict[str, Existing] = {}  # the tickets of this file stored before it, as they were
        self.status: dict[str, str] = {}  # ticket id → "inserted", "updated" or "unchanged"
        self.inserted: dict[str, tuple[int, str]] = {}  # inserted by this import: pk and content hash
        self.rewrites: dict[str, tuple[Any, ...]] = {}  # stored (or inserted) tickets to update at the end
        # waiting to be written: districts (and the ticket's creation time), state observations
        self.links: dict[str, tuple[tuple[int, ...], dt.datetime]] = {}
        self.observations: dict[str, Observation] = {}  # state changes of stored tickets
        self.firsts: dict[str, tuple[Any, ...]] = {}  # implied first observations to store (history rows)
        self.linked: set[str] = set()  # inserted tickets whose attributions are written
        self.older: dict[str, list[HistoryRow]] = {}  # rows older than the stored ticket: history only
        self.repeated_in_file = 0
        self.created: tuple[dt.datetime, dt.datetime] | None = None  # the range of creation times

    # -- per batch ------------------------------------------------------------------------------------

    def look_up(self, batch: list[TicketRow]) -> list[TicketRow]:
        """The first step of a batch: its rows that count (a ticket's last row in it wins), with the stored
        tickets among them looked up.  Then ``prepare`` them."""
        last: dict[str, TicketRow] = {}
        for r in batch:
            if r.ticket_id in last or r.ticket_id in self.status:
                self.repeated_in_file += 1
            last[r.ticket_id] = r
        self.stored.update(existing_tickets([t for t in last if t not in self.status]))
        return list(last.values())

    def prepare(self, rows: list[TicketRow]) -> list[tuple[Any, ...]]:
        """Compare and attribute the rows ``look_up`` gave; the records of the new tickets among them (for
        ``inserting``).  Uses no database, so it can run while the database writes the batch before."""
        changed = [r for r in rows if self._changed(r)]
        if not changed:
            return []
        lo, hi = min(r.created_at for r in changed), max(r.created_at for r in changed)
        self.created = (min(lo, self.created[0]), max(hi, self.created[1])) if self.created else (lo, hi)
        attributions = self.index.attribute(
            [r.lon for r in changed], [r.lat for r in changed],
            [r.organization for r in changed], [r.district_text for r in changed],
        )  # fmt: skip
        new: list[tuple[Any, ...]] = []
        for r, a in zip(changed, attributions, strict=True):
            old = self.stored.get(r.ticket_id)
            observed = r.observed_at or self.now
            record = self._record(r, old, observed, a)
            self.links[r.ticket_id] = (a.district_ids, r.created_at)
            if old is not None:  # (a new ticket's first observation is the ticket itself)
                if old[8]:  # the stored ticket's own observation (IMPLIED_OBSERVATION) is stored first
                    self.firsts[r.ticket_id] = (old[0], old[5], old[1], None, old[6], old[7])
                if old[1] != r.state:
                    self.observations[r.ticket_id] = (r.state, old[1], observed, r.last_activity)
            if old is None and r.ticket_id not in self.inserted:
                new.append(record)
            else:
                self.rewrites[r.ticket_id] = record
        return new

    def _changed(self, r: TicketRow) -> bool:
        """Whether row ``r`` changes what is stored (recording how), forgetting what an earlier row of the
        same ticket in this file would have written."""
        tid = r.ticket_id
        if tid in self.inserted:  # inserted from an earlier row of this file
            return self.inserted[tid][1] != r.content_hash
        for queued in (self.rewrites, self.links, self.observations, self.firsts, self.older):
            queued.pop(tid, None)
        old = self.stored.get(tid)
        if old is not None and old[2] == r.content_hash:
            self.status[tid] = "unchanged"
            return False
        if old is not None and old[5] is not None and r.observed_at is not None and r.observed_at < old[5]:
            # the last observation wins: an older snapshot only adds to the history
            self.status[tid] = "unchanged"
            self.older[tid] = [HistoryRow(r.row, tid, r.observed_at, r.state, r.last_activity)]
            return False
        self.status[tid] = "updated" if old is not None else "inserted"
        return True

    def _record(self, r: TicketRow, old: Existing | None, observed: dt.datetime, a: Any) -> tuple[Any, ...]:
        resolved_at, resolved_src = (old[3], old[4]) if old else (None, "")
        if r.state == RESOLVED:
            if r.last_activity is not None:
                resolved_at, resolved_src = r.last_activity, "last_activity"
            elif resolved_at is None and r.observed_at is not None:
                resolved_at, resolved_src = r.observed_at, "state_history"
        else:
            resolved_at, resolved_src = None, ""
        return (
            r.ticket_id, r.created_at, r.state, r.type_tags, r.comment, r.organization,
            r.org, r.lon, r.lat, r.address, r.subdistrict, r.district_text, r.province, r.star,
            r.count_reopen, r.last_activity, r.photo, r.photo_after, r.note, self.file_format,
            r.first_seen or observed, observed, resolved_at, resolved_src, a.method,
            a.polygon_district_id, a.swapped, a.outside, a.text_mismatch, a.near_boundary, self.run_pk,
            r.content_hash, old is None,
        )  # fmt: skip

    @contextmanager
    def inserting(self, records: list[tuple[Any, ...]]) -> Iterator[None]:
        """Insert new tickets' ``records``; on PostgreSQL the database works through them while the body
        of the ``with`` runs (the next batch is read there), and leaving it waits until they are in."""
        if connection.vendor != "postgresql":
            objs = Ticket.objects.bulk_create(
                [Ticket(**dict(zip(TICKET_FIELDS, rec, strict=True))) for rec in records],
                batch_size=500,
            )
            self.inserted.update((o.ticket_id, (o.pk, o.content_hash)) for o in objs)
            yield
            return
        table = Ticket._meta.db_table
        keys = pgcopy.next_keys(table, len(records))
        self.inserted.update((rec[0], (pk, rec[_HASH])) for pk, rec in zip(keys, records, strict=True))
        with pgcopy.copying(
            table,
            ("id", *TICKET_FIELDS),
            [(pk, *r) for pk, r in zip(keys, records, strict=True)],
        ):
            yield

    @contextmanager
    def linking(self) -> Iterator[None]:
        """Write the attributions of the tickets inserted so far; on PostgreSQL the database works through
        them while the body of the ``with`` runs (the next batch is prepared there).  A ticket changed again
        by a later row of the file is rewritten by ``finish``."""
        tids = [tid for tid in self.links if tid in self.inserted and tid not in self.linked]
        links: list[tuple[Any, ...]] = []
        for tid in tids:
            pk = self.inserted[tid][0]
            districts, created = self.links.pop(tid)
            links.extend((pk, d, created) for d in districts)
        self.linked.update(tids)
        if connection.vendor != "postgresql":
            _write_links(links, [])
            yield
            return
        with pgcopy.copying(TicketDistrict._meta.db_table, LINK_COLUMNS, links):
            yield

    # -- at the end -----------------------------------------------------------------------------------

    def pk(self, ticket_id: str) -> int:
        old = self.stored.get(ticket_id)
        return old[0] if old is not None else self.inserted[ticket_id][0]

    def finish(self) -> int:
        """Write the updates and the remaining attributions and observations; the number of state changes
        recorded."""
        rewrites = [(self.pk(tid), *(rec[i] for i in _UPDATE_AT)) for tid, rec in self.rewrites.items()]
        _update(rewrites)
        relinked = [self.inserted[tid][0] for tid in self.links if tid in self.linked]
        _delete_of_tickets(
            TicketDistrict, [self.stored[tid][0] for tid in self.links if tid in self.stored] + relinked
        )
        links = [(self.pk(tid), d, created) for tid, (ds, created) in self.links.items() for d in ds]
        history = [
            *self.firsts.values(),
            *(
                (self.pk(tid), observed, state, previous, activity, self.run_pk)
                for tid, (state, previous, observed, activity) in self.observations.items()
            ),
        ]
        _write_links(links, history)
        return len(self.observations)

    def counts(self) -> tuple[int, int, int]:
        """Tickets inserted, updated and unchanged."""
        values = list(self.status.values())
        return values.count("inserted"), values.count("updated"), values.count("unchanged")


def _update(rows: list[tuple[Any, ...]]) -> None:
    """``rows`` are (pk, *values of UPDATE_FIELDS)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        pgcopy.update_by_pk(Ticket._meta.db_table, UPDATE_FIELDS, rows)
        return
    fields = [f.removesuffix("_id") if f.endswith("_id") and f != "ticket_id" else f for f in UPDATE_FIELDS]
    objs = [Ticket(pk=row[0], **dict(zip(UPDATE_FIELDS, row[1:], strict=True))) for row in rows]
    Ticket.objects.bulk_update(objs, fields, batch_size=500)


def _delete_of_tickets(model: type[TicketDistrict] | type[StateChange], ticket_pks: list[int]) -> None:
    """Delete the ``model`` rows (attributions or observations) of these tickets."""
    if not ticket_pks:
        return
    if connection.vendor == "postgresql":
        pgcopy.delete_where_in(model._meta.db_table, "ticket_id", ticket_pks)
        return
    for part in chunks(ticket_pks):
        model.objects.filter(ticket_id__in=part).delete()


def _write_links(links: list[tuple[Any, ...]], history: list[tuple[Any, ...]]) -> None:
    """The tickets' district attributions and their new state observations (an observation already
    stored, same ticket, time and state, is kept)."""
    if connection.vendor == "postgresql":
        pgcopy.insert(TicketDistrict._meta.db_table, LINK_COLUMNS, links)
        pgcopy.insert_ignoring_conflicts(StateChange._meta.db_table, HISTORY_COLUMNS, history)
        return
    TicketDistrict.objects.bulk_create(
        [TicketDistrict(ticket_id=t, district_id=d, created_at=c) for t, d, c in links], batch_size=CHUNK
    )
    StateChange.objects.bulk_create(
        [StateChange(**dict(zip(HISTORY_COLUMNS, h, strict=True))) for h in history],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )
