"""The half-way state between the password and the second step of signing in.

After a right password, a person with two-step sign-in on (or whose role requires it) is *not* signed
in: the session only remembers who they said they were, for ``PENDING_MINUTES``, and where to go next.
Only a right code (``orgs/two_step_views.py``) calls Django's ``login``.  Every sign-in path that knows
passwords goes through ``after_password`` — the sign-in page and ``/admin/login/``.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.urls import reverse

from pramoen.orgs import totp

PENDING_MINUTES = 5
_USER = "_pramoen_pending_user"
_BACKEND = "_pramoen_pending_backend"
_AT = "_pramoen_pending_at"
_NEXT = "_pramoen_pending_next"


def after_password(request: Any, user: Any, next_url: str) -> str | None:
    """Where to send a person whose password was right: the code page, the enrolment page (their role
    requires two-step sign-in and they have none yet), or None — sign them in now."""
    if totp.is_on(user):
        target = "two-step-verify"
    elif totp.is_required(user):
        target = "two-step-enrol-first"
    else:
        return None
    request.session.cycle_key()
    request.session[_USER] = user.pk
    request.session[_BACKEND] = getattr(user, "backend", "pramoen.orgs.backends.ThrottledModelBackend")
    request.session[_AT] = time.time()
    request.session[_NEXT] = next_url
    return reverse(target)


def pending_user(request: Any) -> Any | None:
    """The person half-way through signing in, if the password step was recent and they may still
    sign in (an account ended since is refused)."""
    pk, at = request.session.get(_USER), request.session.get(_AT)
    if pk is None or at is None or time.time() - float(at) > PENDING_MINUTES * 60:
        return None
    user = get_user_model()._default_manager.filter(pk=pk, is_active=True).first()
    return user


def next_url(request: Any) -> str:
    return str(request.session.get(_NEXT) or reverse("home"))


def forget(request: Any) -> None:
    for key in (_USER, _BACKEND, _AT, _NEXT):
        request.session.pop(key, None)


def complete(request: Any, user: Any) -> str:
    """Sign the person in (the second step passed); returns where to go next."""
    backend = request.session.get(_BACKEND) or "pramoen.orgs.backends.ThrottledModelBackend"
    target = next_url(request)
    forget(request)
    auth_login(request, user, backend=backend)
    return target
