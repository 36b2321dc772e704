"""The one import-run record of every feed: one file (or one pull's page) read into one feed.

The job (``jobs.Job``) is the record of the *work* — who queued it, its progress, its summary; an import
run is the record of the *file*: which one and its SHA-256, its layout, the rows read, the feed's own
figures and rejected rows.  A feed's rows point back to the run that last wrote them (``Ticket.last_run``,
``ServiceRecord.batch``, ``BudgetLine.batch``, ``Response.paper_import``, …) for provenance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # the feed registry's key (feeds.base.get_feed): complaints, services, budget, surveys, …
    feed = models.CharField(_("data feed"), max_length=30)
    file_name = models.CharField(_("file"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    # the file's layout or format as the feed detected it (complaints: the Traffy export format;
    # services: counts, transactions or systems)
    file_format = models.CharField(_("format"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    actor_label = models.CharField(_("imported by (label)"), max_length=150, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs",
        verbose_name=_("job"),
    )  # fmt: skip
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    # the feed's own counts: complaints {inserted, updated, unchanged, state_changes}; services {created,
    # updated}; budget {lines, entries}; surveys {responses}
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    # [{"row": 12, "field": "timestamp", "reason": "..."}] (core.rows), at most the first 1,000
    rejects = models.JSONField(_("rejected rows (list)"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    is_demo = models.BooleanField(_("generated demo data"), default=False)
    # The record the file was read into, for a feed whose files each belong to one (surveys: the survey's
    # id).  A plain id, not a foreign key: this app sits under every feed and imports none of them.
    subject_pk = models.PositiveIntegerField(_("imported into (id)"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["feed", "-started_at"], name="feeds_run_feed_started")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.feed}: {self.file_name}"

    def figure(self, name: str) -> int:
        """One of the feed's counts (0 when this run did not record it)."""
        return int(self.figures.get(name) or 0)
