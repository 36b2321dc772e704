"""The LINE webhook: follow and unfollow events, and the one-time code a person sends to link LINE.

Every request must carry ``X-Line-Signature`` computed with the channel secret; any other is refused
with 401 and logged."""

from __future__ import annotations

import json
import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pramoen.notifications import line, services

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not line.signature_ok(body, request.headers.get("X-Line-Signature", "")):
        log.warning(
            "LINE webhook refused: bad or missing signature (from %s, %d bytes)",
            request.META.get("REMOTE_ADDR", "?"),
            len(body),
        )
        return JsonResponse({"message": "bad signature"}, status=401)
    try:
        events = json.loads(body).get("events", [])
        if not isinstance(events, list):
            raise ValueError("events is not a list")
    except (ValueError, AttributeError):
        return JsonResponse({"message": "not a webhook body"}, status=400)
    for event in events:
        if isinstance(event, dict):
            _handle(event)
    return JsonResponse({})


def _handle(event: dict) -> None:
    source = event.get("source") or {}
    user_id = str(source.get("userId") or "") if isinstance(source, dict) else ""
    kind = event.get("type")
    token = str(event.get("replyToken") or "")
    with override("th"):
        if kind == "unfollow" and user_id:
            services.line_unfollowed(line_user_id=user_id)
        elif kind == "follow" and token:
            welcome = _(
                "Welcome to pramoen. To receive notifications here, send the 6-digit code shown on your "
                "pramoen notification settings page."
            )
            line.reply(token, welcome)
        elif kind == "message" and user_id:
            message = event.get("message") or {}
            text = str(message.get("text") or "") if isinstance(message, dict) else ""
            person = services.line_link_by_code(line_user_id=user_id, text=text)
            if token and person is not None:
                line.reply(token, _("LINE is now linked to pramoen. You will get your notifications here."))
            elif token and services.CODE_IN_TEXT.search(text):
                line.reply(token, _("This code is not valid or has expired. Make a new one in pramoen."))
