"""PostgreSQL write mechanics of the complaint import: binary COPY straight into the tables.

Only how rows reach PostgreSQL lives here; what is written (and why) is decided in ``importer``.  New
tickets get their primary keys from the table's sequence and are COPYed into the ticket table directly;
changed stored tickets go through a staging table and one ``UPDATE … FROM`` by primary key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from psycopg.copy import QueuedLibpqWriter

# Any number of imports may read at once; writers of complaint tickets take turns (released at commit),
# so the tickets looked up as "not stored yet" cannot be inserted by another import meanwhile.
_IMPORT_LOCK = 0x7C0_0005


def lock_imports() -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])


def _types(cur: Any, table: str, cols: Sequence[str]) -> list[int]:
    cur.execute(f"SELECT {', '.join(cols)} FROM {table} LIMIT 0")
    return [d.type_code for d in cur.description]


@contextmanager
def copying(table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> Iterator[None]:
    """COPY ``rows`` into ``table`` in binary format (no text rendering and parsing of every value).

    The rows are encoded at once and queued; a thread of psycopg's sends them while the body of the
    ``with`` runs, and PostgreSQL inserts them meanwhile on its own core.  Leaving waits for the end."""
    if not rows:
        yield
        return
    with connection.cursor() as wrapper:
        cur = wrapper.cursor  # psycopg's own cursor: its COPY takes a queued writer
        types = _types(cur, table, cols)
        sql = f"COPY {table} ({', '.join(cols)}) FROM STDIN (FORMAT BINARY)"
        with cur.copy(sql, writer=QueuedLibpqWriter(cur)) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
            yield


def insert(table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    with copying(table, cols, rows):
        pass


def _staging(cur: Any, table: str, cols: Sequence[str]) -> str:
    """A temporary landing table with ``cols`` of ``table`` (same types, no constraints)."""
    staging = f"{table}_staging"
    cur.execute(f"DROP TABLE IF EXISTS {staging}")
    cur.execute(
        f"CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT {', '.join(cols)} FROM {table} WITH NO DATA"
    )
    return staging


def next_keys(table: str, n: int) -> list[int]:
    """``n`` primary keys for new rows of ``table``, drawn from its sequence.  The sequence is named once:
    ``nextval(pg_get_serial_sequence(…))`` would look it up again for every key (≈ 3 µs each)."""
    if n == 0:
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid", [table])
        (sequence,) = cur.fetchone()
        cur.execute("SELECT nextval(%s::oid) FROM generate_series(1, %s)", [sequence, n])
        return [r[0] for r in cur.fetchall()]


def by_index(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query that looks up at most a batch of keys through an index (``key = ANY(…)``).

    The planner prefers a sequential scan of a table it believes small (one an import is filling); that
    reads every row once per batch.  Probing the index costs a few microseconds per key at any size."""
    with transaction.atomic(savepoint=False), connection.cursor() as cur:  # the setting is the transaction's
        cur.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        (before, _off) = cur.fetchone()
        cur.execute(sql, params)
        rows = cur.fetchall()
        cur.execute("SELECT set_config('enable_seqscan', %s, true)", [before])
        return rows


def update_by_pk(table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` are (pk, *values of cols): one set-based UPDATE through a staging table."""
    if not rows:
        return
    with connection.cursor() as cur:
        staging = _staging(cur, table, ("id", *cols))
        insert(staging, ("id", *cols), rows)
        sets = ", ".join(f"{c} = s.{c}" for c in cols)
        cur.execute(f"UPDATE {table} t SET {sets} FROM {staging} s WHERE t.id = s.id")


def insert_ignoring_conflicts(table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY through a staging table, then INSERT … ON CONFLICT DO NOTHING."""
    if not rows:
        return
    with connection.cursor() as cur:
        staging = _staging(cur, table, cols)
        insert(staging, cols, rows)
        names = ", ".join(cols)
        cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ON CONFLICT DO NOTHING")


def delete_where_in(table: str, column: str, values: Sequence[Any]) -> None:
    if not values:
        return
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", [list(values)])
