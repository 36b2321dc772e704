"""The authentication backend: Django's, behind the sign-in lock-out (``orgs/throttle.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from pramoen.orgs import throttle


class ThrottledModelBackend(ModelBackend):
    """Refuses — before the password is hashed — a sign-in whose account, address or pair is locked.

    Raising ``PermissionDenied`` stops ``authenticate()`` for every path (the sign-in page and the
    admin's alike); the refusal is not counted as another failure."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None:
            username = kwargs.get(self._username_field())
        if request is not None and username:
            minutes = throttle.locked_minutes(
                username=str(username), address=throttle.client_address(request)
            )
            if minutes:
                setattr(request, throttle.LOCKED_FLAG, True)
                raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return str(get_user_model().USERNAME_FIELD)
