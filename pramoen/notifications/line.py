"""The LINE Messaging API, as much of it as pramoen uses: push and reply messages, and the webhook
signature.  Plain ``urllib``; the base URL is a setting so that tests talk to a local fake."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)


class LineError(Exception):
    """A message LINE did not take.  ``str()`` is a short English reason for the delivery record."""


class RecipientGone(LineError):
    """LINE refuses this user id (blocked the account, left, or never a friend): stop pushing to it."""


class TokenInvalid(LineError):
    """The channel access token is wrong or revoked: nobody can be reached until an administrator fixes it."""


class Unavailable(LineError):
    """Rate-limited (429), a server error or no answer, after every retry: try again later."""


def configured() -> bool:
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN and settings.LINE_CHANNEL_SECRET)


def signature_ok(body: bytes, signature: str) -> bool:
    """``X-Line-Signature``: base64 of HMAC-SHA256 of the raw body with the channel secret."""
    secret = settings.LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature.strip())


def _post(path: str, payload: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        settings.LINE_API_URL.rstrip("/") + path,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.LINE_CHANNEL_ACCESS_TOKEN}",
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.LINE_TIMEOUT_SECONDS) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers or {}), exc.read() or b""


def _reason(body: bytes) -> str:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return body[:120].decode("utf-8", "replace")
    message = str(data.get("message", ""))
    details = "; ".join(
        f"{d.get('property', '')}: {d.get('message', '')}"
        for d in data.get("details") or []
        if isinstance(d, dict)
    )
    return f"{message} ({details})" if details else message


def _names_recipient(body: bytes) -> bool:
    """A 400 whose details name the ``to`` property: LINE does not accept this user id."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return False
    return any(isinstance(d, dict) and d.get("property") == "to" for d in data.get("details") or [])


def _wait(attempt: int, headers: dict[str, str]) -> float:
    retry_after = headers.get("Retry-After") or headers.get("retry-after")
    base = float(settings.LINE_BACKOFF_SECONDS)
    if retry_after and retry_after.isdigit():
        return min(float(retry_after), 30 * base)
    return min(base * (2**attempt), 30 * base)


def push(to: str, text: str, *, retry_key: str) -> int:
    """Push one text message; the number of tries it took.  Retries rate limits (429), server errors and
    network failures with exponential back-off, sending the same ``X-Line-Retry-Key`` each time (LINE
    answers 409 to a key it has already accepted: that counts as sent)."""
    payload = {"to": to, "messages": [{"type": "text", "text": text[:5000]}]}
    tries = max(1, int(settings.LINE_RETRIES))
    reason = ""
    for attempt in range(tries):
        try:
            status, headers, body = _post("/v2/bot/message/push", payload, {"X-Line-Retry-Key": retry_key})
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            status, headers, body, reason = 0, {}, b"", f"no answer: {exc}"
        if status in (200, 409):
            return attempt + 1
        if status == 401:
            raise TokenInvalid(f"401 {_reason(body)}".strip())
        if status == 404 or (status == 400 and _names_recipient(body)):
            raise RecipientGone(f"{status} {_reason(body)}".strip())
        if status:
            reason = f"{status} {_reason(body)}".strip()
        if status and status != 429 and status < 500:
            raise LineError(reason)
        if attempt + 1 < tries:
            time.sleep(_wait(attempt, headers))
    raise Unavailable(reason[:250])


def reply(token: str, text: str) -> None:
    """Answer a webhook event (no retries: a reply token is good for one try and one minute)."""
    try:
        status, _headers, body = _post(
            "/v2/bot/message/reply", {"replyToken": token, "messages": [{"type": "text", "text": text}]}, {}
        )
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        log.warning("LINE reply failed: %s", exc)
        return
    if status != 200:
        log.warning("LINE reply refused: %s %s", status, _reason(body))
