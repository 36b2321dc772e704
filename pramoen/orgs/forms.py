from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pramoen.orgs import throttle


class _LockOutMessage:
    """Says why, instead of "wrong password", when the account or address is locked.  The lock-out
    itself is the backend's (``orgs/backends.py``, every sign-in path)."""

    data: Any
    request: Any

    def _refuse_if_locked(self) -> None:
        username = (self.data.get("username") or "").strip()
        address = throttle.client_address(self.request)
        minutes = throttle.locked_minutes(username=username, address=address) if username else 0
        if minutes:
            raise forms.ValidationError(locked_message(minutes), code="locked")


def locked_message(minutes: int) -> str:
    return _("Too many failed sign-ins. Try again in %(minutes)d minutes.") % {"minutes": minutes}


class ThrottledLoginForm(_LockOutMessage, AuthenticationForm):
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
        self._refuse_if_locked()
        return super().clean()


class ThrottledAdminLoginForm(_LockOutMessage, AdminAuthenticationForm):
    """The admin's sign-in form (staff only), with the same lock-out message."""

    def clean(self) -> dict[str, Any]:
        self._refuse_if_locked()
        return super().clean()


class CodeForm(forms.Form):
    """Six digits from the authenticator app (or, where allowed, a recovery code)."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "class": "form-control form-control-lg",
                "spellcheck": "false",
            }
        ),
    )


class SwitchOffForm(forms.Form):
    """Switching two-step sign-in off: a current code or the password proves it is the owner."""

    code = forms.CharField(
        label=gettext_lazy("Code from the app or recovery code"), max_length=40, required=False
    )
    password = forms.CharField(
        label=gettext_lazy("or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ResetForm(forms.Form):
    """An administrator switches someone's two-step sign-in off (their phone was lost)."""

    username = forms.CharField(
        label=gettext_lazy("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


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
