"""Two-step sign-in pages: the code after the password, the first enrolment a role requires, and the
account page to switch it on or off (docs/security.md "Two-step sign-in").  Every wrong code counts
toward the sign-in lock-out (``orgs/throttle.py``), and nothing is checked while it holds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pramoen.orgs import signin, throttle, totp
from pramoen.orgs.forms import CodeForm, ResetForm, SwitchOffForm, locked_message
from pramoen.orgs.models import TwoStepDevice
from pramoen.orgs.policy import Action, can

WRONG_CODE = gettext_lazy("The code is wrong or has already been used.")


def _locked(request: HttpRequest, user: Any) -> int:
    return throttle.locked_minutes(username=user.get_username(), address=throttle.client_address(request))


def _failed(request: HttpRequest, user: Any) -> int:
    """Count a wrong code like a wrong password; returns the minutes of a lock-out it caused."""
    throttle.record_failure(username=user.get_username(), address=throttle.client_address(request))
    return _locked(request, user)


def _back_to_sign_in(request: HttpRequest, message: str) -> HttpResponse:
    signin.forget(request)
    messages.error(request, message)
    return redirect("login")


def _enrolment_context(device: TwoStepDevice) -> dict[str, Any]:
    return {
        "qr": totp.qr_svg(device, _("QR code for the authenticator app")),
        "secret": totp.grouped_secret(device),
        "issuer": totp.ISSUER,
    }


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(request, "orgs/recovery_codes.html", {"codes": codes, "next_url": next_url})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app (or a recovery code) before the session is signed in."""
    user = signin.pending_user(request)
    if user is None or not totp.is_on(user):
        return _back_to_sign_in(request, _("Please sign in again."))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if minutes := _locked(request, user):
            return _back_to_sign_in(request, locked_message(minutes))
        if totp.check_sign_in_code(user, form.cleaned_data["code"]):
            return redirect(signin.complete(request, user))
        if minutes := _failed(request, user):
            return _back_to_sign_in(request, locked_message(minutes))
        form.add_error("code", str(WRONG_CODE))
    return render(request, "orgs/two_step_verify.html", {"form": form, "pending": user})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol_first(request: HttpRequest) -> HttpResponse:
    """A person whose role requires two-step sign-in sets it up before their first session."""
    user = signin.pending_user(request)
    if user is None:
        return _back_to_sign_in(request, _("Please sign in again."))
    if totp.is_on(user):
        return redirect("two-step-verify")
    device = totp.start_enrolment(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if minutes := _locked(request, user):
            return _back_to_sign_in(request, locked_message(minutes))
        codes = totp.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            return _codes_page(request, codes, signin.complete(request, user))
        if minutes := _failed(request, user):
            return _back_to_sign_in(request, locked_message(minutes))
        form.add_error("code", str(WRONG_CODE))
    context = {"form": form, "pending": user, **_enrolment_context(device)}
    return render(request, "orgs/two_step_enrol_first.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """The account page: switch two-step sign-in on (scan, then type a code back), off (a code or the
    password), or print new recovery codes (a code)."""
    user = request.user
    device = totp.device_of(user)
    on = device is not None and device.confirmed_at is not None
    code_form, off_form = CodeForm(), SwitchOffForm()
    if request.method == "POST":
        if minutes := _locked(request, user):
            messages.error(request, locked_message(minutes))
            return redirect("two-step")
        action = request.POST.get("action")
        ok: bool | None = None
        if action == "enable" and not on:
            device = totp.start_enrolment(user)
            code_form = CodeForm(request.POST)
            codes = totp.confirm_enrolment(device, code_form.data.get("code", ""))
            if codes is not None:
                messages.success(request, _("Two-step sign-in is on."))
                return _codes_page(request, codes, "")
            ok = False
        elif action == "disable" and on:
            off_form = SwitchOffForm(request.POST)
            ok = off_form.is_valid() and _owner_proved(user, off_form.cleaned_data)
            if ok:
                totp.switch_off(user)
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("two-step")
        elif action == "recovery" and on and device is not None:
            code_form = CodeForm(request.POST)
            if totp.verify_code(device, code_form.data.get("code", "")):
                return _codes_page(request, totp.new_recovery_codes(user), "")
            ok = False
        else:
            return redirect("two-step")
        if ok is False:
            if minutes := _failed(request, user):
                messages.error(request, locked_message(minutes))
                return redirect("two-step")
            messages.error(request, str(WRONG_CODE))
    context: dict[str, Any] = {
        "on": on,
        "required": totp.is_required(user),
        "code_form": code_form,
        "off_form": off_form,
        "can_reset": can(user, Action.MANAGE_ORGANISATION),
        "reset_form": ResetForm(),
    }
    if on:
        context["unused_codes"] = totp.unused_recovery_codes(user)
    else:
        context.update(_enrolment_context(totp.start_enrolment(user)))
    return render(request, "orgs/two_step.html", context)


def _owner_proved(user: Any, data: dict[str, Any]) -> bool:
    code, password = data.get("code") or "", data.get("password") or ""
    if code and totp.check_sign_in_code(user, code):
        return True
    return bool(password) and user.check_password(password)


@login_required
@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    """An administrator switches off another person's two-step sign-in (a lost phone); they set it up
    again at their next sign-in if their role requires it."""
    if not can(request.user, Action.MANAGE_ORGANISATION):
        raise PermissionDenied
    form = ResetForm(request.POST)
    target = None
    if form.is_valid():
        name = form.cleaned_data["username"].strip()
        target = get_user_model()._default_manager.filter(username__iexact=name).first()
    if target is not None and totp.switch_off(target):
        messages.success(request, _("Two-step sign-in of %(name)s is off.") % {"name": target.get_username()})
    else:
        messages.error(request, _("No one with that user name has two-step sign-in on."))
    return redirect("two-step")
