"""The kinds of job pramoen runs, and how a running job reports its progress.

Each kind is a function registered under a key, the way calculation methods are (``scoring/methods.py``):

    @job_kind("feed_import", label=_("data import"))
    def feed_import(*, progress: Progress, feed: str, path: str) -> dict[str, Any]:
        progress.stage(_("reading the file"), total=rows)
        progress.advance(1000)
        return {"inserted": 12}                 # the job's summary

Raising ``ApplicationError`` fails the job with that message (Thai) for the person who started it.
A schedule (``schedule("appeal_reminders", hour=7)``) makes the worker start a kind once a day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.utils.functional import Promise

# the cache every web server and worker shares (Redis, or files under var/ on one machine)
CACHE = "jobs"
PROGRESS_EVERY = 0.5  # seconds between two progress writes


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str | Promise
    func: Callable[..., dict[str, Any] | None]


_KINDS: dict[str, JobKind] = {}


def job_kind(key: str, *, label: str | Promise) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        existing = _KINDS.get(key)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job kind {key!r} is already registered")
        _KINDS[key] = JobKind(key, label, func)
        return func

    return register


def get_kind(key: str) -> JobKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise KeyError(f"unknown job kind {key!r}; registered: {', '.join(sorted(_KINDS))}") from None


def registered_kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


@dataclass(frozen=True)
class Scheduled:
    """Start ``kind`` every day at ``hour``:``minute`` (Bangkok time), or every ``every``."""

    kind: str
    hour: int | None = None
    minute: int = 0
    every: dt.timedelta | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        if self.every is not None:
            return moment + self.every
        local = moment.astimezone(_bangkok())
        at = local.replace(hour=self.hour or 0, minute=self.minute, second=0, microsecond=0)
        if at <= local:
            at += dt.timedelta(days=1)
        return at


_SCHEDULES: dict[str, Scheduled] = {}


def schedule(
    kind: str,
    *,
    hour: int | None = None,
    minute: int = 0,
    every: dt.timedelta | None = None,
    params: dict[str, Any] | None = None,
) -> None:
    if (hour is None) == (every is None):
        raise ValueError("a schedule needs either an hour of the day or an interval")
    _SCHEDULES[kind] = Scheduled(kind, hour, minute, every, params or {})


def schedules() -> dict[str, Scheduled]:
    return dict(_SCHEDULES)


def _bangkok() -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Bangkok")


def progress_key(job_id: int) -> str:
    return f"pramoen:job:{job_id}:progress"


class Progress:
    """What a running job tells the people watching it: a stage and rows done of a total.

    Written to the shared cache (every web server reads it while the job's own transaction is still
    open) and, between transactions, to the job row; ``listener`` gets every change (the command's
    progress bar)."""

    def __init__(
        self, job_id: int | None = None, listener: Callable[[str, int, int | None], None] | None = None
    ):
        self.job_id = job_id
        self.listener = listener
        self.stage_name = ""
        self.done = 0
        self.total: int | None = None
        self._written = 0.0

    def stage(self, name: str | Promise, *, total: int | None = None) -> None:
        self.stage_name, self.done, self.total = str(name), 0, total
        self._publish(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._publish()

    def set(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        self._publish()

    def percent(self, pct: int) -> None:
        """For code that reports a percentage (the complaint importer's callback)."""
        self.set(max(0, min(100, int(pct))), 100)

    def snapshot(self) -> dict[str, Any]:
        return {"stage": self.stage_name, "done": self.done, "total": self.total}

    def _publish(self, force: bool = False) -> None:
        if self.listener is not None:
            self.listener(self.stage_name, self.done, self.total)
        if self.job_id is None:
            return
        now = time.monotonic()
        if not force and now - self._written < PROGRESS_EVERY:
            return
        self._written = now
        caches[CACHE].set(progress_key(self.job_id), self.snapshot(), timeout=24 * 3600)
        if not connection.in_atomic_block:  # inside a transaction nobody else would see it
            from pramoen.jobs.models import Job

            Job.objects.filter(pk=self.job_id).update(
                stage=self.stage_name[:200], done=self.done, total=self.total
            )
