"""Deliveries: every notification handed to the channels its person chose, quiet hours, digests, and the
LINE account link.  ``progress.notify.notify`` calls ``deliveries_for`` for the rows it created."""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pramoen.core.errors import ApplicationError
from pramoen.notifications import channels as registry
from pramoen.notifications.events import EVENTS, event_for
from pramoen.notifications.models import Delivery, LineAccount, LinkCode, Preference
from pramoen.progress.models import Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # deliveries tried this many times (each with the channel's own retries) then failed
RETRY_LATER = dt.timedelta(minutes=15)
LINK_CODE_MINUTES = 15
# kinds whose message ends with text someone typed (a reviewer's comment, a committee's observation):
# pushes stop before it
FREE_TEXT_KINDS = frozenset({"returned", "followup"})


@dataclass(frozen=True)
class Prefs:
    channels: dict[str, list[str]]
    quiet_enabled: bool
    quiet_from: dt.time
    quiet_to: dt.time
    digest: bool
    digest_at: dt.time


def default_channels() -> dict[str, list[str]]:
    keys = [c.key for c in registry.all_channels() if c.default_on and not c.always]
    return {event: list(keys) for event in EVENTS}


def preferences_of(user: Any) -> Prefs:
    row = Preference.objects.filter(user=user).first()
    chosen = default_channels()
    if row is None:
        row = Preference(user=user)
    else:
        for event, keys in (row.channels or {}).items():
            if event in chosen and isinstance(keys, list):
                chosen[event] = [k for k in keys if registry.get_channel(k) is not None]
    return Prefs(chosen, row.quiet_enabled, row.quiet_from, row.quiet_to, row.digest, row.digest_at)


def preferences_set(
    *,
    actor: Any,
    channels: dict[str, list[str]],
    quiet_enabled: bool,
    quiet_from: dt.time,
    quiet_to: dt.time,
    digest: bool,
    digest_at: dt.time,
) -> Preference:
    """A person's own choices (nobody sets another person's)."""
    if not getattr(actor, "is_authenticated", False):
        raise ApplicationError(_("Sign in to choose your notifications."), {"reason": "anonymous"})
    clean: dict[str, list[str]] = {}
    for event, keys in channels.items():
        if event not in EVENTS:
            raise ApplicationError(
                _("event: “%(event)s” is not a kind of notification.") % {"event": event}, {"field": "event"}
            )
        for key in keys:
            channel = registry.get_channel(key)
            if channel is None or channel.always:
                raise ApplicationError(
                    _("channel: “%(channel)s” is not a channel you can choose.") % {"channel": key},
                    {"field": "channel"},
                )
        clean[event] = sorted(set(keys))
    if quiet_enabled and quiet_from == quiet_to:
        raise ApplicationError(
            _("quiet hours: the start and the end must differ."), {"field": "quiet_from", "reason": "empty"}
        )
    row, _created = Preference.objects.update_or_create(
        user=actor,
        defaults={
            "channels": clean,
            "quiet_enabled": quiet_enabled,
            "quiet_from": quiet_from,
            "quiet_to": quiet_to,
            "digest": digest,
            "digest_at": digest_at,
        },
    )
    return row


# --- creating and sending deliveries ------------------------------------------------------------------


def _in_quiet(prefs: Prefs, local: dt.time) -> bool:
    start, end = prefs.quiet_from, prefs.quiet_to
    return (start <= local < end) if start < end else (local >= start or local < end)


def quiet_until(prefs: Prefs, now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours ``now`` falls in (aware), or None outside them."""
    if not prefs.quiet_enabled:
        return None
    local = timezone.localtime(now)
    if not _in_quiet(prefs, local.time()):
        return None
    end = local.replace(hour=prefs.quiet_to.hour, minute=prefs.quiet_to.minute, second=0, microsecond=0)
    if end <= local:
        end += dt.timedelta(days=1)
    return end


def push_text(notification: Notification) -> str:
    """The short text a push carries: the event, then the message — cut before any text someone typed."""
    message = notification.message
    if notification.kind in FREE_TEXT_KINDS and ": " in message:
        message = message.split(": ", 1)[0]
    if len(message) > 160:
        message = message[:159] + "…"
    with override("th"):
        return f"[pramoen · {event_for(notification.kind).label}] {message}"


def deliveries_for(notifications: Iterable[Notification]) -> list[int]:
    """Create the deliveries of freshly created notifications (one per chosen, reachable channel) and hand
    them to the sender once the transaction commits."""
    now = timezone.now()
    rows: list[Delivery] = []
    prefs_cache: dict[int, Prefs] = {}
    for n in notifications:
        prefs = prefs_cache.get(n.user_id) or prefs_cache.setdefault(n.user_id, preferences_of(n.user))
        event = event_for(n.kind)
        for key in prefs.channels.get(event.key, []):
            channel = registry.get_channel(key)
            if channel is None or channel.always or not channel.reachable(n.user):
                continue
            state, after = Delivery.State.PENDING, now
            if prefs.digest and not event.urgent:
                state = Delivery.State.DIGEST
            elif channel.push and not event.urgent:
                after = quiet_until(prefs, now) or now
            text = n.message if key == "email" else push_text(n)
            rows.append(
                Delivery(
                    user_id=n.user_id, notification=n, channel=key, event=event.key, text=text[:1000],
                    url=n.url, urgent=event.urgent, state=state, send_after=after,
                )
            )  # fmt: skip
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows)
    ids = [d.pk for d in created if d.state == Delivery.State.PENDING and d.send_after <= now]
    if ids:
        from pramoen.notifications.dispatch import dispatch

        transaction.on_commit(lambda: dispatch(ids))
    return [d.pk for d in created]


def _stop_line(user: Any, reason: str, detail: str = "") -> None:
    """The person's LINE no longer takes messages: stop the channel, drop what waits, tell them in-app."""
    updated = LineAccount.objects.filter(user=user, active=True).update(
        active=False, stopped_reason=reason, stopped_at=timezone.now()
    )
    Delivery.objects.filter(
        user=user, channel="line", state__in=[Delivery.State.PENDING, Delivery.State.DIGEST]
    ).update(state=Delivery.State.STOPPED, last_error=detail[:300])
    if updated and reason != LineAccount.Stopped.UNLINKED:
        with override("th"):
            message = _(
                "LINE messages from pramoen have stopped: %(reason)s. You still get notifications here; link "
                "LINE again in your notification settings."
            ) % {"reason": LineAccount.Stopped(reason).label}
        Notification.objects.create(user=user, kind="warning", message=message[:500], url="/notifications/")


def deliver(delivery: Delivery) -> None:
    """Try one delivery now and record the outcome."""
    channel = registry.get_channel(delivery.channel)
    delivery.attempts += 1
    try:
        if channel is None:
            raise registry.Failed(f"no channel {delivery.channel!r}")
        subject = delivery.text.split("\n", 1)[0]
        channel.send(
            delivery.user,
            text=delivery.text,
            url=delivery.url,
            subject=subject,
            retry_key=str(delivery.retry_key),
        )
    except registry.Stop as exc:
        delivery.state, delivery.last_error = Delivery.State.STOPPED, str(exc)[:300]
        delivery.save(update_fields=["state", "attempts", "last_error"])
        if delivery.channel == "line":
            _stop_line(delivery.user, LineAccount.Stopped.INVALID, str(exc))
        return
    except registry.Retry as exc:
        delivery.last_error = str(exc)[:300]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = Delivery.State.FAILED
        else:
            delivery.send_after = timezone.now() + RETRY_LATER * delivery.attempts
        delivery.save(update_fields=["state", "attempts", "last_error", "send_after"])
        return
    except registry.Failed as exc:
        log.error("notification delivery %s failed: %s", delivery.pk, exc)
        delivery.state, delivery.last_error = Delivery.State.FAILED, str(exc)[:300]
        delivery.save(update_fields=["state", "attempts", "last_error"])
        return
    delivery.state, delivery.sent_at, delivery.last_error = Delivery.State.SENT, timezone.now(), ""
    delivery.save(update_fields=["state", "attempts", "last_error", "sent_at"])


def deliveries_send(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Send the pending deliveries that are due (those of ``ids`` only, when given); a count per outcome."""
    now = now or timezone.now()
    rows = Delivery.objects.filter(state=Delivery.State.PENDING, send_after__lte=now).select_related("user")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    counts: dict[str, int] = {}
    for delivery in rows.order_by("pk"):
        deliver(delivery)
        counts[delivery.state] = counts.get(delivery.state, 0) + 1
    return counts


def digests_send(*, now: dt.datetime | None = None) -> int:
    """One message per person and channel gathering what waited for the digest, once the person's digest
    time has come; the number of digests sent."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    waiting = (
        Delivery.objects.filter(state=Delivery.State.DIGEST).select_related("user").order_by("created_at")
    )
    groups: dict[tuple[int, str], list[Delivery]] = {}
    for d in waiting:
        groups.setdefault((d.user_id, d.channel), []).append(d)
    sent = 0
    for (_user_id, key), items in groups.items():
        user = items[0].user
        prefs = preferences_of(user)
        if local.time() < prefs.digest_at:
            continue
        channel = registry.get_channel(key)
        with override("th"):
            head = _("pramoen: %(count)s notifications since the last digest") % {"count": len(items)}
        lines = [head] + [f"• {d.text.splitlines()[0][:160]}" for d in items[:20]]
        if len(items) > 20:
            lines.append("…")
        text = "\n".join(lines)[:1000]
        digest = Delivery.objects.create(
            user=user, channel=key, event="digest", text=text, url="/progress/notifications/"
        )
        deliver(digest)
        if digest.state == Delivery.State.SENT:
            Delivery.objects.filter(pk__in=[d.pk for d in items]).update(
                state=Delivery.State.SENT, sent_at=digest.sent_at, last_error=f"in digest #{digest.pk}"
            )
            sent += 1
        elif channel is None or digest.state in (Delivery.State.STOPPED, Delivery.State.FAILED):
            Delivery.objects.filter(pk__in=[d.pk for d in items]).update(
                state=digest.state, last_error=digest.last_error
            )
    return sent


# --- linking LINE ---------------------------------------------------------------------------------------


def line_link_start(*, actor: Any) -> LinkCode:
    """A fresh one-time code for the actor (older unused codes are dropped)."""
    if not getattr(actor, "is_authenticated", False):
        raise ApplicationError(_("Sign in to link LINE."), {"reason": "anonymous"})
    LinkCode.objects.filter(user=actor, used_at__isnull=True).delete()
    now = timezone.now()
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if not LinkCode.objects.filter(code=code, used_at__isnull=True, expires_at__gt=now).exists():
            break
    return LinkCode.objects.create(
        user=actor, code=code, created_at=now, expires_at=now + dt.timedelta(minutes=LINK_CODE_MINUTES)
    )


CODE_IN_TEXT = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@transaction.atomic
def line_link_by_code(*, line_user_id: str, text: str) -> Any | None:
    """A LINE user sent ``text`` to the official account: when it holds a live code, link that LINE user to
    the code's person (a LINE user belongs to one person: a link of another person is moved)."""
    m = CODE_IN_TEXT.search(text or "")
    if not m or not line_user_id:
        return None
    now = timezone.now()
    row = (
        LinkCode.objects.select_for_update()
        .filter(code=m.group(1), used_at__isnull=True, expires_at__gt=now)
        .select_related("user")
        .first()
    )
    if row is None:
        return None
    row.used_at = now
    row.save(update_fields=["used_at"])
    LineAccount.objects.filter(line_user_id=line_user_id).exclude(user=row.user).delete()
    LineAccount.objects.update_or_create(
        user=row.user,
        defaults={
            "line_user_id": line_user_id, "linked_at": now, "active": True, "stopped_reason": "",
            "stopped_at": None,
        },
    )  # fmt: skip
    return row.user


def line_unlink(*, actor: Any) -> None:
    _stop_line(actor, LineAccount.Stopped.UNLINKED)


def line_unfollowed(*, line_user_id: str) -> None:
    """The LINE user blocked or removed the official account."""
    account = (
        LineAccount.objects.filter(line_user_id=line_user_id, active=True).select_related("user").first()
    )
    if account is not None:
        _stop_line(account.user, LineAccount.Stopped.BLOCKED, "unfollow event")
