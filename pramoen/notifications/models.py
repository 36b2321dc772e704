"""Notification channels: each person's choices, their linked LINE account, and every delivery made."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """A person's channels per event kind, quiet hours and digest.  No row: the defaults (``defaults``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # {"returned": ["email", "line"], …}: the channels besides in-app (always on) for each event key
    channels = models.JSONField(default=dict, blank=True)
    quiet_enabled = models.BooleanField(_("quiet hours"), default=True)
    quiet_from = models.TimeField(_("quiet from"), default=dt.time(21, 0))
    quiet_to = models.TimeField(_("quiet until"), default=dt.time(7, 0))
    digest = models.BooleanField(_("daily digest"), default=False)
    digest_at = models.TimeField(_("digest time"), default=dt.time(8, 0))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferences of {self.user}"


class LineAccount(models.Model):
    """The LINE user a person linked (by sending their one-time code to the official account)."""

    class Stopped(models.TextChoices):
        BLOCKED = "blocked", _("you blocked or removed the pramoen LINE account")
        INVALID = "invalid", _("LINE no longer accepts messages to this account")
        UNLINKED = "unlinked", _("you unlinked LINE")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_account"
    )
    line_user_id = models.CharField(max_length=64, unique=True)
    linked_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)
    stopped_reason = models.CharField(max_length=10, choices=Stopped.choices, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"LINE of {self.user}"


class LinkCode(models.Model):
    """A one-time code shown in pramoen; whoever sends it to the official account links their LINE."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"link code of {self.user}"


class Delivery(models.Model):
    """One notification handed to one channel (e-mail, LINE, …) for one person, and what became of it."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        DIGEST = "digest", _("waiting for the daily digest")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        STOPPED = "stopped", _("channel stopped")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    notification = models.ForeignKey(
        "progress.Notification", on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    channel = models.CharField(max_length=20)
    event = models.CharField(max_length=20)
    text = models.CharField(max_length=1000)
    url = models.CharField(max_length=300, blank=True)
    urgent = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    send_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # sent with every try: the LINE platform accepts a message once per key (a retry is not sent twice)
    retry_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "send_after"])]

    def __str__(self) -> str:
        return f"{self.channel} to {self.user}: {self.state}"

    def channel_label(self) -> str:
        from pramoen.notifications.channels import get_channel

        channel = get_channel(self.channel)
        return str(channel.label) if channel is not None else self.channel
