"""The job record: what long work was asked for, by whom, how far it has got and what came of it.

django-tasks carries the work to a worker; this row is what people see (``/jobs/``, the API) and what
survives a worker that dies: a job left running by a dead worker is marked failed with a message saying
that nothing of it was saved (every job that writes does so in one transaction) and that it can be run
again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("completed")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("what"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    # "system:<command>" for commands and schedules, the user's name otherwise
    actor_label = models.CharField(_("started by"), max_length=150, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("of"), null=True, blank=True)
    # machine-readable result ({"inserted": 12, "scores_changed": 40, …}) and its sentences (Thai)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    outcome = models.JSONField(_("result"), default=list, blank=True)
    # [{"row": 12, "field": "amount", "reason": "…"}], every rejected row (at most the first 1,000)
    rejects = models.JSONField(_("rejected rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    error_en = models.TextField(_("error (English)"), blank=True)
    # an uploaded file the job reads, relative to MEDIA_ROOT (kept for "run again")
    source_file = models.CharField(_("file"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["state", "kind"], name="jobs_state_kind")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.label}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class Schedule(models.Model):
    """A job the worker starts by itself at a time of day (the daily reminders, scheduled pulls).

    Declared in code (``pramoen.jobs.registry.schedule``); this row keeps what people may change: paused
    or not, and when it last ran."""

    kind = models.CharField(_("kind"), max_length=60, unique=True)
    paused = models.BooleanField(_("paused"), default=False)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    last_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["kind"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.kind
