from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.orgs import services


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in that locks a user name for a while after too many wrong passwords."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy("The user name or password is wrong. Both are case-sensitive."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autofocus": True, "class": "form-control"}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        minutes = services.login_locked_minutes(username=username) if username else 0
        if minutes:
            raise forms.ValidationError(
                _("Too many failed sign-ins for this user name. Try again in %(minutes)d minutes.")
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.login_failed(username=username, ip_address=_client_ip(self.request))
            raise
        services.login_succeeded(username=username)
        return cleaned


def _client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None
