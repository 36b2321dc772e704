"""Writes of the online-service feed: imports (idempotent upsert) and the per-year criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.db import connection, transaction

from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.feeds.services.importer import Key, parse_service_file
from pramoen.feeds.services.models import ServiceRecord
from pramoen.feeds.services.usage import usage_upsert
from pramoen.orgs.policy import Action, require

BATCH = 5000


def _require(actor: Any | None, action: Action) -> None:
    # actor None: a management command already acting as "system:<name>" in the audit log
    if actor is not None:
        require(actor, action)


def service_records_upsert(*, counts: dict[Key, int], batch: ImportRun) -> tuple[int, int]:
    """Write counts, replacing the count of any key already stored.  Returns (created, replaced)."""
    agencies = {k[0] for k in counts}
    months = {k[2] for k in counts}
    existing: set[Key] = set(
        ServiceRecord.objects.filter(agency_id__in=agencies, month__in=months).values_list(
            "agency_id", "process_id", "month", "channel"
        )
    )
    replaced = sum(1 for k in counts if k in existing)
    _write(((a, p, m, c, n, batch.pk) for (a, p, m, c), n in counts.items()))
    return len(counts) - replaced, replaced


_COLUMNS = "agency_id, process_id, month, channel, count, batch_id"
_CONFLICT = (
    "ON CONFLICT (agency_id, process_id, month, channel) "
    "DO UPDATE SET count = excluded.count, batch_id = excluded.batch_id"
)


def _write(rows: Iterable[tuple[int, int, dt.date, str, int, int]]) -> None:
    """Upsert in one statement per chunk (PostgreSQL: COPY into a temporary table, then one INSERT …
    ON CONFLICT); the ORM's bulk_create spends ~0.1 ms a row building objects we never use."""
    table = ServiceRecord._meta.db_table
    # atomic: the temporary table lives until the end of the transaction (ON COMMIT DROP)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS pramoen_tmp_service_records")
            cursor.execute(
                "CREATE TEMP TABLE pramoen_tmp_service_records (agency_id bigint, process_id bigint, "
                "month date, channel varchar(10), count integer, batch_id bigint) ON COMMIT DROP"
            )
            with cursor.copy(f"COPY pramoen_tmp_service_records ({_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            select = f"SELECT {_COLUMNS} FROM pramoen_tmp_service_records"
            cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {select} {_CONFLICT}")
            return
        sql = f"INSERT INTO {table} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s) {_CONFLICT}"
        chunk: list[tuple[int, int, dt.date, str, int, int]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= BATCH:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def service_records_import(
    *, actor: Any | None, upload: IO[bytes] | bytes, filename: str, is_demo: bool = False
) -> ImportRun:
    """Import a CSV/XLSX file of service records.  All rows or none: a file with any bad row saves
    nothing (not even its run) and raises ``ApplicationError`` listing every error.  Re-importing replaces
    counts."""
    _require(actor, Action.MANAGE_FRAMEWORK)
    data = upload if isinstance(upload, bytes) else upload.read()
    parsed = parse_service_file(data, filename)
    with transaction.atomic():
        batch = import_run_start(
            feed="services",
            file_name=filename,
            actor=actor,
            data=data,
            file_format=parsed.layout,
            rows_read=parsed.rows_read,
            is_demo=is_demo,
        )
        if parsed.layout == "systems":
            created, replaced = usage_upsert(usage=parsed.usage, batch=batch)
        else:
            created, replaced = service_records_upsert(counts=parsed.counts, batch=batch)
        import_run_done(batch, figures={"created": created, "updated": replaced})
    if connection.vendor == "postgresql" and len(parsed.counts) > 10_000:
        # fresh planner statistics after a big load, or the next KPI queries may scan the whole table
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ServiceRecord._meta.db_table}")
    return batch
