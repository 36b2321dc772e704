"""Riding out a database that goes away for a while: a restart or failover cuts every connection, and the
server may refuse new ones until it is back.

    if connection_lost(exc): …                       # the connection failed, not the query
    when_database_back(lambda: record_the_end(...))  # tried again every 2 s, for up to 2 minutes

Used for the records that say how a piece of work ended (a job's, a pull's): they must be written once the
database is back, or the work would look "running" for ever.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from django.db import DatabaseError, close_old_connections, connection

log = logging.getLogger(__name__)

AWAY_SECONDS = 120  # how long a write waits for the database to come back
RETRY_EVERY = 2.0  # seconds between two tries

T = TypeVar("T")


def connection_lost(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an error it was raised from or while handling, is the database connection
    failing — cut by a restart (``pg_terminate_backend``, a failover), refused, dropped by the network —
    rather than a query's own fault (a constraint, a deadlock, a timeout: those have a SQLSTATE of their
    own).  PostgreSQL only: SQLite has no server to lose."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        # psycopg's error (Django's wraps it; COPY raises it bare): no SQLSTATE when the connection broke or
        # could not be made, class 08 (connection exception) or 57P (the server shutting down or ending
        # the session) otherwise
        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
            state = getattr(exc, "sqlstate", None)
            if state is None or str(state).startswith(("08", "57P")):
                return True
        exc = exc.__cause__ or exc.__context__
    return False


def when_database_back(
    write: Callable[[], T],
    *,
    seconds: float = AWAY_SECONDS,
    retry: Callable[[DatabaseError], bool] = connection_lost,
    what: str = "a write",
) -> T:
    """``write()``; while it fails because the database is away (``retry``), closes the connection, waits
    and tries again, for up to ``seconds``; then the error is raised.  Outside any transaction only."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return write()
        except DatabaseError as exc:
            if not retry(exc) or time.monotonic() > deadline:
                raise
            log.warning("%s: the database is away (%s); trying again", what, first_line(exc))
        time.sleep(RETRY_EVERY)
        close_old_connections()
        connection.close()


def first_line(exc: BaseException) -> str:
    """The error's first line, for a log (the driver's messages run over several)."""
    return (str(exc).splitlines() or [""])[0][:200]
