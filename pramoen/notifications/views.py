"""The notification settings page: channels per event, quiet hours, digest, LINE link."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pramoen.core.errors import ApplicationError
from pramoen.notifications import channels as registry
from pramoen.notifications import line, services
from pramoen.notifications.events import EVENTS
from pramoen.notifications.models import Delivery, LineAccount, LinkCode


def _time(value: str, field: str, label: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise ApplicationError(
            _("%(field)s: “%(value)s” is not a time such as 21:00.") % {"field": label, "value": value[:20]},
            {"field": field},
        ) from None


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    choosable = [c for c in registry.all_channels() if not c.always]
    user: Any = request.user
    if request.method == "POST":
        try:
            services.preferences_set(
                actor=request.user,
                channels={e: request.POST.getlist(f"ch-{e}") for e in EVENTS},
                quiet_enabled=request.POST.get("quiet_enabled") == "on",
                quiet_from=_time(request.POST.get("quiet_from", ""), "quiet_from", _("quiet from")),
                quiet_to=_time(request.POST.get("quiet_to", ""), "quiet_to", _("quiet until")),
                digest=request.POST.get("digest") == "on",
                digest_at=_time(request.POST.get("digest_at", ""), "digest_at", _("digest time")),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    prefs = services.preferences_of(request.user)
    rows = [
        {
            "event": event,
            "cells": [{"channel": c, "on": c.key in prefs.channels.get(event.key, [])} for c in choosable],
        }
        for event in EVENTS.values()
    ]
    account = LineAccount.objects.filter(user=user).first()
    code = (
        LinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    qr, deep_link = "", ""
    bot = settings.LINE_BOT_BASIC_ID
    if code is not None and bot:
        deep_link = f"https://line.me/R/oaMessage/{quote(bot)}/?{quote(code.code)}"
        qr = segno.make(deep_link, error="m").svg_inline(scale=4, title=_("QR code to link LINE"))
    context = {
        "channels": choosable,
        "reachable": {c.key for c in choosable if c.reachable(user)},
        "rows": rows,
        "prefs": prefs,
        "account": account,
        "code": code,
        "qr": qr,
        "deep_link": deep_link,
        "add_friend": f"https://line.me/R/ti/p/{quote(bot)}" if bot else "",
        "line_configured": line.configured(),
        "deliveries": Delivery.objects.filter(user=user)[:10],
    }
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def line_link(request: HttpRequest) -> HttpResponse:
    if not line.configured():
        messages.error(request, _("LINE is not set up in this pramoen yet; ask your administrator."))
    else:
        services.line_link_start(actor=request.user)
    return redirect("notifications:preferences")


@login_required
@require_POST
def line_unlink(request: HttpRequest) -> HttpResponse:
    services.line_unlink(actor=request.user)
    messages.success(request, _("LINE is unlinked: pramoen sends you nothing there any more."))
    return redirect("notifications:preferences")
