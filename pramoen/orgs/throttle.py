"""One sign-in lock-out for every way of signing in (the sign-in page, /admin/login/, anything that calls
``django.contrib.auth.authenticate``), counted by account *and* by client address.

Three counts of failed sign-ins within ``LOGIN_LOCKOUT_MINUTES`` (docs/security.md):

- this account from this address: ``LOGIN_MAX_FAILURES`` (5) locks the pair — a stranger who guesses at
  the evaluation officer's password locks only their own address out, not the officer;
- this address, any accounts: ``LOGIN_MAX_FAILURES_PER_ADDRESS`` (30) locks the address (password
  spraying: one password tried on many accounts);
- this account, any addresses: ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` (50) locks the account (a guess
  spread over many addresses) — a stranger needs ten addresses to do that, and it lifts by itself.

While locked, the password is not even checked (no hashing work for an attacker to cause) and further
attempts are not counted, so continuing does not extend the lock.  The failures live in the database
(``LoginAttempt``), so every server process sees the same counts.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Q
from django.utils import timezone

from pramoen.orgs.models import LoginAttempt

LOCKED_FLAG = "_pramoen_sign_in_locked"


def client_address(request: Any) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or — behind ``PRAMOEN_TRUSTED_PROXIES`` reverse proxies —
    the address the nearest untrusted hop gave in ``X-Forwarded-For``."""
    if request is None:
        return None
    meta = request.META
    address = meta.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and forwarded:
        address = forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _minutes_left(rows: Any, limit: int) -> int:
    times = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    unlock_at = times[-1] + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return max(1, int((unlock_at - timezone.now()).total_seconds() // 60) + 1)


def locked_minutes(*, username: str, address: str | None) -> int:
    """Minutes until ``username`` may try again from ``address``; 0 when it may now."""
    recent = LoginAttempt.objects.filter(at__gte=_since())
    account = Q(username__iexact=username[:150])
    checks = [
        (recent.filter(account), settings.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ]
    if address:
        checks.append((recent.filter(account, ip_address=address), settings.LOGIN_MAX_FAILURES))
        checks.append((recent.filter(ip_address=address), settings.LOGIN_MAX_FAILURES_PER_ADDRESS))
    else:
        checks.append((recent.filter(account, ip_address__isnull=True), settings.LOGIN_MAX_FAILURES))
    return max(_minutes_left(rows, limit) for rows, limit in checks)


def record_failure(*, username: str, address: str | None) -> None:
    LoginAttempt.objects.create(username=username[:150], ip_address=address)


def record_success(*, username: str, address: str | None) -> None:
    """A right password from an address clears that address's failures for the account."""
    LoginAttempt.objects.filter(username__iexact=username[:150], ip_address=address).delete()


def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    username = str(credentials.get("username") or "").strip()
    if request is None or not username or getattr(request, LOCKED_FLAG, False):
        return
    record_failure(username=username, address=client_address(request))


def _logged_in(sender: Any, request: Any, user: Any, **_: Any) -> None:
    if request is not None and user is not None:
        record_success(username=user.get_username(), address=client_address(request))


def connect_signals() -> None:
    user_login_failed.connect(_failed, dispatch_uid="pramoen_sign_in_failed")
    user_logged_in.connect(_logged_in, dispatch_uid="pramoen_signed_in")
