"""The data generation: one token that changes whenever scores are recomputed or data is imported.

Pages built from many scores (the executive overview, the public portal) are cached under a key that
includes it, so a recompute or an import makes every such page fresh at once without listing them.
The token lives in the cache (Redis in production, shared by every process).  With the per-process
memory cache of development, a command run in another process changes its own copy only: cached pages
then follow at the latest after ``PAGE_SECONDS``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

KEY = "pramoen:data-generation"
PAGE_SECONDS = 600  # the longest a cached page lives, even when nothing bumps the generation

T = TypeVar("T")


def current() -> str:
    token = cache.get(KEY)
    if token is None:
        token = str(time.time_ns())
        cache.add(KEY, token, timeout=None)
        token = cache.get(KEY, token)
    return str(token)


def _bump_now() -> None:
    cache.set(KEY, str(time.time_ns()), timeout=None)


def bump() -> None:
    """A new generation once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(_bump_now)


def cached(name: str, build: Callable[[], T], *, seconds: int = PAGE_SECONDS) -> T:
    """``build()`` stored under ``name`` for the current generation."""
    key = f"pramoen:gen:{current()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=seconds)
    return value
