"""The data generation: one token that changes whenever scores are recomputed or data is imported.

Pages built from many scores (the executive overview, the public portal) are cached under a key that
includes it, so a recompute or an import makes every such page fresh at once without listing them.
The token lives in the cache every process of a site shares — the ``jobs`` cache: Redis when configured,
otherwise files under ``var/`` — because imports and recomputes run in the job worker, not in the web
server that shows their pages; a token in a per-process memory cache would leave the web server's pages
up to ``PAGE_SECONDS`` behind the worker's import.  The values themselves live in the default cache
(Redis, or each process's memory), keyed by the token, so a new token is a miss in every process.

One builder at a time: when a new generation begins, the first request that misses builds the page and
holds a lock in the cache (``cache.add`` is atomic in Redis and in the memory cache) while it does.  The
requests that arrive meanwhile answer with the page of the previous generation — what they would have
seen a moment earlier — or, when there is none yet, wait for that one build instead of starting the same
expensive work once per thread (a cold overview on a million tickets takes seconds of CPU).

Each process also keeps the values it last read, by name, for their generation: reading a value from the
cache means unpickling it (the overview: 390 KB, 10 ms of CPU on every request, more than the rest of the
page).  The copy is used only while the generation is the same and for no longer than the cache would
keep it, so it is never staler than the shared cache; callers must treat cached values as read-only (the
same object serves every thread of the process)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction

KEY = "pramoen:data-generation"
PAGE_SECONDS = 600  # the longest a cached page lives, even when nothing bumps the generation
BUILD_SECONDS = 120  # a builder that died (its process killed) frees the page after this long
WAIT_SECONDS = 60  # how long a request waits for another's build before building the page itself
_POLL = (0.02, 0.5)  # first and longest pause between looks while waiting
LOCAL_NAMES = 16  # how many names (pages and filters) each process keeps a read copy of

# name → (cache key, the value, monotonic time it stops being used): this process's copies
_local: OrderedDict[str, tuple[str, object, float]] = OrderedDict()
_local_lock = threading.Lock()
_clock = time.monotonic

T = TypeVar("T")


def _shared() -> BaseCache:
    """Where the token lives: the cache shared by the web servers and the job workers."""
    return caches["jobs"]


def current() -> str:
    shared = _shared()
    token = shared.get(KEY)
    if token is None:
        token = str(time.time_ns())
        shared.add(KEY, token, timeout=None)
        token = shared.get(KEY, token)
    return str(token)


def _bump_now() -> None:
    _shared().set(KEY, str(time.time_ns()), timeout=None)


def bump() -> None:
    """A new generation once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(_bump_now)


def cached(name: str, build: Callable[[], T], *, seconds: int = PAGE_SECONDS) -> T:
    """``build()`` stored under ``name`` for the current generation, built by one request at a time."""
    return cached_with_generation(name, build, seconds=seconds)[0]


def cached_with_generation(
    name: str, build: Callable[[], T], *, seconds: int = PAGE_SECONDS
) -> tuple[T, str]:
    """As ``cached``, with the generation the value was built for: the current one, or the one before
    while another request builds the current one.  Anything cached on top of the value (a template
    fragment) must be keyed by that generation, or it would keep the previous page for the whole new one."""
    token = current()
    key = f"pramoen:gen:{token}:{name}"
    kept = _local_get(name, key)
    if kept is not None:
        return cast(T, kept), token
    value = cache.get(key)
    if value is not None:
        _local_keep(name, key, value, seconds)
        return value, token
    lock = f"pramoen:building:{token}:{name}"
    if cache.add(lock, 1, timeout=BUILD_SECONDS):
        value = _build(key, name, build, token=token, seconds=seconds, lock=lock)
        _local_keep(name, key, value, seconds)
        return value, token
    previous = cache.get(_latest(name))
    if previous is not None:
        return previous[1], previous[0]
    built = _wait_for(key, lock)
    if built is not None:
        return cast(T, built), token
    return _build(key, name, build, token=token, seconds=seconds, lock=None), token


def _local_get(name: str, key: str) -> object | None:
    with _local_lock:
        kept = _local.get(name)
        if kept is None or kept[0] != key or kept[2] <= _clock():
            return None
        _local.move_to_end(name)
        return kept[1]


def _local_keep(name: str, key: str, value: object, seconds: int) -> None:
    with _local_lock:
        _local[name] = (key, value, _clock() + seconds)
        _local.move_to_end(name)
        while len(_local) > LOCAL_NAMES:
            _local.popitem(last=False)


def forget_local() -> None:
    """Drop this process's copies (tests that empty the cache empty these too)."""
    with _local_lock:
        _local.clear()


def _latest(name: str) -> str:
    return f"pramoen:latest:{name}"


def _build(key: str, name: str, build: Callable[[], T], *, token: str, seconds: int, lock: str | None) -> T:
    try:
        value = build()
        cache.set_many({key: value, _latest(name): (token, value)}, timeout=seconds)
        return value
    finally:
        if lock is not None:
            cache.delete(lock)


def _wait_for(key: str, lock: str) -> object | None:
    """The value another request is building, once it is there; None when that build ended without one
    (it failed: the caller builds the page itself) or took longer than ``WAIT_SECONDS``."""
    pause, deadline = _POLL[0], time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(pause)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(lock) is None:
            return cache.get(key)
        pause = min(pause * 2, _POLL[1])
    return None
