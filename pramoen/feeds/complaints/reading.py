"""Reading a ticket file in a second process, so that reading and writing an import use both cores.

Reading and validating every row is pure Python and holds the interpreter; so does comparing, attributing
and encoding the rows for the database.  A forked reader process parses the file and hands over the good
rows a batch at a time, while this process writes the previous batch; PostgreSQL inserts in between.  The
reader is at most a batch or two ahead (the pipe blocks it), and it never touches the database.

Where processes cannot be forked (not Linux), the file is read in this process instead; nothing else
changes.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from django.utils.translation import gettext as _

from pramoen.core.errors import ApplicationError
from pramoen.feeds.complaints.columns import Columns, rows_of
from pramoen.feeds.complaints.parsing import RAW_TEXTS, Source, TicketRow

_BATCH, _DONE, _FAILED = "batch", "done", "failed"
_PIPE_SIZE = 1 << 20
_AHEAD = 3  # batches the reader may be ahead of the importing process
# The first batch is this part of the others: the importing process starts writing sooner (until it has a
# batch, one core has nothing to do).
_FIRST_PART = 8
_PR_SET_PDEATHSIG = 1  # prctl(2), Linux


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class TicketBatches:
    """``source``'s good ticket rows, ``size`` at a time, read by a second process when ``background``
    (and this system can fork); rows read and rejects arrive in ``source.parsed`` when the file ends.

    The reader starts at once, so that it reads while this process gets ready to write.  ``close`` (always
    called, also after a failure) stops it and closes the file."""

    def __init__(self, source: Source, size: int, *, background: bool = True) -> None:
        self.source = source
        self._reader: multiprocessing.process.BaseProcess | None = None
        self._receive: Connection | None = None
        if not (background and can_fork()):
            self._batches: Iterator[list[TicketRow]] = (
                rows_of(_raw(columns)) for columns in source.column_batches(size)
            )
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        _widen(send)
        self._reader = context.Process(
            target=_read,
            args=(source, size, send, self._receive, os.getpid()),
            name="complaints-reader",
            daemon=True,
        )
        self._reader.start()
        send.close()  # the reader holds the only writing end: its exit ends the pipe
        self._batches = self._received(self._receive)

    def __iter__(self) -> TicketBatches:
        return self

    def __next__(self) -> list[TicketRow]:
        return next(self._batches)

    def _received(self, receive: Connection) -> Iterator[list[TicketRow]]:
        source = self.source
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise ApplicationError(
                    _("%(file)s: the file reader stopped unexpectedly; nothing from this file was saved")
                    % {"file": source.path.name},
                    {"file": source.path.name},
                ) from None
            if kind == _BATCH:
                yield rows_of([_unpack(at, packed) for at, packed in enumerate(payload)])
            elif kind == _DONE:
                source.parsed.rows_read, source.parsed.rejects = payload
                return
            else:
                message, details = payload
                raise ApplicationError(message, details)

    def close(self) -> None:
        if self._receive is not None:
            self._receive.close()  # a reader still sending stops (broken pipe)
        if self._reader is not None:
            self._reader.join(timeout=2)
            if self._reader.is_alive():
                self._reader.terminate()
                self._reader.join()
        self.source.close()


_SEPARATOR = "\x00"
_AS_IS, _JOINED, _ENCODED = 0, 1, 2
_RAW_AT = frozenset(TicketRow._fields.index(f) for f in RAW_TEXTS)


def _pack(at: int, column: list[Any]) -> tuple[int, Any]:
    """Column ``at`` of a batch for the pipe: a column of texts as one text (pickled at once, not value
    by value), UTF-8 encoded when it is one of ``RAW_TEXTS``, unless a value holds the separator; any
    other column as it is.  (Times sent as float timestamps were measured: 0.05 s less CPU per 185k rows
    in both processes together, not worth the conversion code.)"""
    try:
        joined = _SEPARATOR.join(column)
    except TypeError:  # not all texts (times, numbers, None)
        return _AS_IS, column
    if joined.count(_SEPARATOR) != len(column) - 1:
        return _AS_IS, column
    if at in _RAW_AT:
        return _ENCODED, joined.encode()  # UTF-8 has no zero byte but the separator's
    return _JOINED, joined


def _unpack(at: int, packed: tuple[int, Any]) -> list[Any]:
    kind, column = packed
    if kind == _ENCODED:
        return column.split(b"\x00")
    if kind == _JOINED:
        return column.split(_SEPARATOR)
    return _encoded(at, column)


def _encoded(at: int, column: list[Any]) -> list[Any]:
    """Column ``at`` with its texts UTF-8 encoded when it is one of ``RAW_TEXTS``."""
    return [t.encode() for t in column] if at in _RAW_AT else column


def _widen(pipe: Connection) -> None:
    """The pipe's buffer raised from 64 KiB to 1 MiB where Linux allows it (``fs.pipe-max-size``): a batch
    of several MB then crosses in a sixteenth of the system calls and wake-ups of both processes."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or a lower limit: the default serves
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_SIZE)


def _raw(columns: Columns) -> Columns:
    """``columns`` with the ``RAW_TEXTS`` encoded, as they arrive from the reader process."""
    return [_encoded(at, column) for at, column in enumerate(columns)]


def _die_with(parent: int) -> None:
    """End this process when the importing process ends, however it ends.  A forked reader holds copies of
    the importing process's descriptors — its database connection among them: a reader outliving a killed
    worker kept that connection, and with it the import's transaction and locks, open for ever."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)


def _read(
    source: Source, size: int, send: Connection, receive: Connection | None = None, parent: int = 0
) -> None:
    """The reader process: every batch, then what was read, or why the file could not be read.

    A thread sends while the process reads on, so reading does not wait for the importing process to
    take each batch (up to ``_AHEAD`` batches wait in between).  A batch travels as columns, which
    pickle in about half the time of as many row tuples."""
    if parent:
        _die_with(parent)
    if receive is not None:
        receive.close()  # the importing process's end: held here too, a full pipe would never break
    gc.disable()  # a short-lived process that builds many objects and no cycles
    outbox: queue.Queue[tuple[str, Any] | None] = queue.Queue(maxsize=_AHEAD)
    stopped = threading.Event()  # the importing process stopped listening

    def sender() -> None:
        try:
            while (item := outbox.get()) is not None:
                send.send(item)
        except OSError:  # BrokenPipeError included: the importing process failed
            stopped.set()

    thread = threading.Thread(target=sender, name="complaints-reader-send", daemon=True)
    thread.start()

    def post(item: tuple[str, Any]) -> bool:
        while not stopped.is_set():
            try:
                outbox.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    message: tuple[str, Any]
    try:
        for batch in source.column_batches(size, first=max(1, size // _FIRST_PART)):
            if not post((_BATCH, [_pack(at, column) for at, column in enumerate(batch)])):
                return
        message = (_DONE, (source.parsed.rows_read, source.parsed.rejects))
    except ApplicationError as exc:
        message = (_FAILED, (exc.message, exc.extra))
    except Exception as exc:  # reported to the importing process, which fails the import
        reason = _("%(file)s: cannot be read: %(reason)s") % {"file": source.path.name, "reason": exc}
        message = (_FAILED, (reason, {"file": source.path.name}))
    if post(message):
        outbox.put(None)
        thread.join()
    send.close()
