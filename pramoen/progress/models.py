"""Action plans, progress reports per assignment and period, evidence, period deadlines and locks,
and in-app notifications."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.framework.models import Assignment, FiscalYear, Period
from pramoen.orgs.models import Agency


class YearRules(models.Model):
    """Per fiscal year: the deduction for incomplete action plans and the early-warning tolerance."""

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.CASCADE, related_name="progress_rules")
    incomplete_plan_deduction = models.DecimalField(
        _("deduction for an incomplete action plan (score points)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    warning_tolerance = models.DecimalField(
        _("early warning: tolerated lag behind the straight-line path (percent of the path)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
    )
    reminder_days = models.PositiveSmallIntegerField(_("remind this many days before a deadline"), default=3)

    class Meta:
        verbose_name = _("progress rules of a year")
        verbose_name_plural = _("progress rules of a year")
        constraints = [
            models.CheckConstraint(
                condition=Q(incomplete_plan_deduction__gte=0, incomplete_plan_deduction__lte=5),
                name="plan_deduction_0_5",
            ),
            models.CheckConstraint(
                condition=Q(warning_tolerance__gte=0), name="warning_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return str(self.fiscal_year)


class ActionPlan(models.Model):
    """แผนปฏิบัติการ of one assignment: milestones with dates, weights and the level each unlocks."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="action_plan")
    target_text = models.CharField(_("target of the plan"), max_length=400, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.assignment}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("step"), max_length=300)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal(0))
    level = models.PositiveSmallIntegerField(_("level unlocked"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="milestone_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5), name="milestone_level_1_5"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=F("planned_end")),
                name="milestone_start_not_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """ผลการดำเนินงาน of one assignment for one period, through draft → submitted → reviewed → verified."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RETURNED = "returned", _("returned for changes")
        READY = "ready", _("waiting for the head to submit")
        SUBMITTED = "submitted", _("submitted")
        REVIEWED = "reviewed", _("reviewed by the host agency")
        VERIFIED = "verified", _("verified")

    # Not yet submitted by the agency's head: still the agency's own work, which the host agency's reviewer
    # does not read (a report sent back for changes was submitted before; docs/roles.md).
    UNSUBMITTED = (Status.DRAFT, Status.READY)

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="progress_reports")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="progress_reports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    value = models.DecimalField(_("actual value"), max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    survey_responses = models.PositiveIntegerField(_("survey responses"), null=True, blank=True)
    survey_satisfied = models.PositiveIntegerField(_("satisfied responses"), null=True, blank=True)
    # [{"name", "weight", "done" (0-100), "level"}] — the plan's milestones with this period's progress
    milestones = models.JSONField(_("milestone progress"), default=list, blank=True)
    narrative = models.TextField(_("what was done"), blank=True)
    version = models.PositiveIntegerField(default=1)
    is_late = models.BooleanField(_("submitted late"), default=False)
    last_comment = models.TextField(_("comment when sent back"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["period", "assignment"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="unique_progress_report"),
            models.CheckConstraint(condition=Q(version__gte=1), name="progress_report_version_positive"),
        ]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.assignment} {self.period.code}"

    @property
    def editable_status(self) -> bool:
        # staff may still correct a report they sent to the head until the head submits it
        return self.status in (self.Status.DRAFT, self.Status.RETURNED, self.Status.READY)

    @property
    def needs_host_review(self) -> bool:
        a = self.assignment
        host = a.indicator.host_agency_id
        return a.role == Assignment.Role.SUPPORTER and host is not None and host != a.agency_id


class Aspect(models.TextChoices):
    """The five aspects obstacles are filed under (the monitoring committees' own grouping)."""

    PERSONNEL = "personnel", pgettext_lazy("aspect", "personnel")
    BUDGET = "budget", _("budget")
    MANAGEMENT = "management", _("management and integration")
    TECHNOLOGY = "technology", _("technology and innovation")
    OTHER = "other", pgettext_lazy("aspect", "other")


class Obstacle(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="obstacles")
    aspect = models.CharField(_("aspect"), max_length=12, choices=Aspect.choices)
    text = models.TextField(_("obstacle"))

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return f"{self.get_aspect_display()}: {self.text[:60]}"


class ReportEvent(models.Model):
    """One step of a report's workflow with who, when and the comment — the report's history."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "at", "pk"]

    LABELS = {
        "send_to_head": _("sent to the head"),
        "submit": _("submitted"),
        "review": _("accepted by the host agency"),
        "verify": _("verified"),
        "send_back": _("sent back"),
    }

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"

    @property
    def label(self) -> str:
        return str(self.LABELS.get(self.action, self.action))


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.report_id}/{filename}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    class LocationSource(models.TextChoices):
        NONE = "", _("no location")
        EXIF = "exif", _("read from the photo")
        MAP = "map", _("picked on the map")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    thumbnail = models.FileField(upload_to=_evidence_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_source = models.CharField(
        _("location from"), max_length=4, choices=LocationSource.choices, blank=True, default=""
    )
    # a photo's own GPS position outside Bangkok or outside the district office's district: kept (it is
    # what the camera recorded) but flagged for the reviewers
    location_outside = models.BooleanField(_("location outside the agency's area"), default=False)
    # when the camera took the photo (EXIF DateTimeOriginal), kept although the file is re-encoded without
    # its metadata; and a 64-bit difference hash of its pixels that finds the same photo sent again
    taken_at = models.DateTimeField(_("photo taken at"), null=True, blank=True)
    phash = models.CharField(max_length=16, blank=True, default="", db_index=True)
    # the earliest photo of another report that looks the same: flagged to the reviewers, not refused
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("same photo as"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="evidence_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="evidence_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class PeriodControl(models.Model):
    """The reporting deadline of a period and whether the evaluation office has locked it."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="control")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("period deadline and lock")
        verbose_name_plural = _("period deadlines and locks")

    def __str__(self) -> str:
        return str(self.period)


class LockException(models.Model):
    """An agency may still report in a locked period (until a date, or until removed)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="lock_exceptions")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="lock_exceptions")
    until = models.DateField(_("open until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="unique_lock_exception")]

    def __str__(self) -> str:
        return f"{self.period} {self.agency}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("report submitted")
        RETURNED = "returned", _("report sent back")
        REVIEWED = "reviewed", _("report reviewed")
        VERIFIED = "verified", _("report verified")
        DEADLINE = "deadline", _("deadline")
        WARNING = "warning", _("early warning")
        APPEAL = "appeal", _("appeal")
        FOLLOW_UP = "followup", _("follow-up")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    # reminders and warnings are sent once per key (e.g. "deadline:M07:2024-05-07")
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="unique_notification_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]
