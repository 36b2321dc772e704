from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.orgs import throttle


class ThrottledLoginForm(AuthenticationForm):
    """The sign-in form: large fields, and a message that says when a lock-out lifts."""

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
        """The lock-out itself is the backend's (``orgs/backends.py``, every sign-in path); this form
        only says why, instead of "wrong password", when the account or address is locked."""
        username = (self.data.get("username") or "").strip()
        address = throttle.client_address(self.request)
        minutes = throttle.locked_minutes(username=username, address=address) if username else 0
        if minutes:
            raise forms.ValidationError(
                _("Too many failed sign-ins. Try again in %(minutes)d minutes.") % {"minutes": minutes},
                code="locked",
            )
        return super().clean()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's, with pramoen's large fields and browser hints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hints = {
            "old_password": "current-password",
            "new_password1": "new-password",
            "new_password2": "new-password",
        }
        for name, hint in hints.items():
            self.fields[name].widget.attrs.update({"autocomplete": hint, "class": "form-control"})
