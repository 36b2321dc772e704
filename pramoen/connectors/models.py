"""Each connector's state (its cursor) and the record of every pull."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConnectorState(models.Model):
    """Where a connector stands: its cursor (stored only with a committed page) and its last pulls.  (Its
    schedule, paused or not, is the job layer's ``jobs.Schedule`` of the connector's job kind.)"""

    key = models.CharField(max_length=40, unique=True)
    cursor = models.JSONField(default=dict, blank=True)
    last_pull_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key


class Pull(models.Model):
    """One pull of a connector: what came in (new, changed, state changes, rejected) or why it failed."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    connector = models.CharField(max_length=40)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    pages = models.PositiveIntegerField(default=0)
    retries = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    state_changes = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejects = models.JSONField(default=list, blank=True)
    scores_changed = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # who runs it and when it last showed life: a pull whose process died (kill -9, a crash, a restart)
    # is recognised and closed by the next pull instead of blocking the schedule
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    alive_at = models.DateTimeField(default=timezone.now)
    # what the committed pages touched and is not recomputed yet (``connectors.feeds.touched_json``),
    # saved with each page: the next pull recomputes it if this one dies before its end
    pending = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.connector} pull {self.pk}: {self.state}"

    @property
    def page_notes(self) -> list[str]:
        """What a source said of a whole page (a day the GeoJSON feed cut short), kept with the rejects."""
        return [
            str(r.get("reason")) for r in self.rejects if isinstance(r, dict) and r.get("field") == "page"
        ]

    def summary(self) -> dict[str, int | None]:
        return {
            "pages": self.pages,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "state_changes": self.state_changes,
            "rejected": self.rejected,
            "retries": self.retries,
            "scores_changed": self.scores_changed,
        }
