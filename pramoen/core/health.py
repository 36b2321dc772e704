"""``/healthz``: is this server able to serve?  For the load balancer and the monitoring system: no
sign-in, no cookies, a small JSON answer; 200 when every check passes, 503 when one fails (which one is
named; the error itself goes to the log, not to the caller).  The job workers' heartbeat is reported
but does not fail the check."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    key = "pramoen:healthz"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    return "ok"


WORKER_STALE_SECONDS = 120  # a worker beats every 30 s (pramoen.jobs.worker.HOUSEKEEPING)


def _worker() -> str:
    """The job workers' last heartbeat.  Reported, never failing: a web server serves pages without a
    worker, and a load balancer must not take every web server out because the worker died — the
    monitoring system alerts on "stale" or "none" instead."""
    if not apps.is_installed("pramoen.jobs"):
        return "not installed"
    from pramoen.jobs.worker import last_beat

    beat = last_beat()
    if not beat:
        return "none"
    age = time.time() - float(str(beat.get("at", 0)))
    return f"ok ({age:.0f} s ago)" if age <= WORKER_STALE_SECONDS else f"stale ({age:.0f} s ago)"


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "worker": _worker}


def register_check(name: str, check: Callable[[], str]) -> None:
    """Another part (the job worker) adds its own check: a callable returning a short status, raising
    when unhealthy."""
    CHECKS[name] = check


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    healthy = True
    started = time.perf_counter()
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:  # any failure of a dependency makes this server unhealthy
            logger.exception("health check %s failed", name)
            results[name] = "failing"
            healthy = False
    body = {
        "status": "ok" if healthy else "failing",
        "checks": results,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
