"""Monitoring rounds and what each committee records in them.

A round (fiscal year + period) has one ``Sheet`` per committee: the unit a secretary edits and the
version that guards concurrent edits (every write to the sheet's rows bumps ``Sheet.version``; a write
that quotes an older version is refused instead of silently overwriting).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.monitoring.vocab import Aspect, Component, Level, Period
from pramoen.orgs.models import Agency, Committee, CommitteeMember


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    period = models.CharField(
        pgettext_lazy("monitoring round", "period"), max_length=2, choices=Period.choices, default=Period.H1
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-period"]
        verbose_name = _("monitoring round")
        verbose_name_plural = _("monitoring rounds")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "period"], name="monitoring_round_unique"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700), name="monitoring_round_be_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Sheet(models.Model):
    """One committee's findings in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="monitoring_sheets")
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_edited = models.BooleanField(_("summary edited by hand"), default=False)
    drafted_at = models.DateTimeField(_("drafted at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "committee__number"]
        verbose_name = _("committee sheet")
        verbose_name_plural = _("committee sheets")
        constraints = [
            models.UniqueConstraint(fields=["round", "committee"], name="monitoring_sheet_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.committee}"


class Meeting(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    members_present = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="+", verbose_name=_("members present")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True, help_text=_("one per line"))

    class Meta:
        ordering = ["sheet", "date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.sheet} · {self.date}"


class DraftState(models.TextChoices):
    FINAL = "", _("in the report")
    DRAFT = "draft", _("drafted, not yet accepted")
    DROPPED = "dropped", _("dropped")


class FinalItems(models.Manager):
    """The items of the report: drafted items appear once the secretary accepts or edits them."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(draft_state=DraftState.FINAL)


class Item(models.Model):
    """What obstacles, suggestions and observations share: a place in the sheet and an order, and, when
    drafted from the data (``draft.py``), where it came from.  ``objects`` (and a sheet's related lists)
    hold only the items in the report; ``every`` holds drafted and dropped ones too."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    draft_state = models.CharField(
        _("draft state"), max_length=8, choices=DraftState.choices, default=DraftState.FINAL, blank=True
    )
    source_key = models.CharField(_("drafted from"), max_length=120, blank=True, default="")
    sources = models.JSONField(_("sources"), default=list, blank=True)  # [{"label": …, "url": …}]

    objects = FinalItems()
    every = models.Manager()  # noqa: DJ012 - after ``objects``, which must stay the default manager

    class Meta:
        abstract = True
        base_manager_name = "every"


class Obstacle(Item):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="obstacles")
    component = models.CharField(_("component"), max_length=4, choices=Component.choices)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    aspect = models.CharField(_("aspect"), max_length=12, choices=Aspect.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True, default="")
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="monitoring_obstacles", verbose_name=_("agencies concerned")
    )
    systems = models.JSONField(_("systems named"), default=list, blank=True)
    numbered = models.BooleanField(
        _("numbered when alone"),
        default=True,
        help_text=_("print its number even when it is the only item of its group"),
    )
    systems_confirmed = models.BooleanField(
        _("systems checked by hand"),
        default=False,
        help_text=_("when set, editing the text no longer re-recognises the systems"),
    )

    class Meta:
        base_manager_name = "every"
        ordering = ["sheet", "order", "pk"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def component_th(self) -> str:
        from pramoen.monitoring.vocab import component_heading_th

        return component_heading_th(self.component)

    @property
    def system_names(self) -> list[tuple[str, str]]:
        from pramoen.monitoring.systems import SYSTEM_BY_CODE

        return [(code, SYSTEM_BY_CODE[code].name) for code in self.systems if code in SYSTEM_BY_CODE]


class Suggestion(Item):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="suggestions")
    component = models.CharField(_("component"), max_length=4, choices=Component.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True, default="")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_suggestions",
        verbose_name=_("suggested by"),
    )
    sub_items = models.JSONField(_("sub-items"), default=list, blank=True)
    numbered = models.BooleanField(
        _("numbered when alone"),
        default=True,
        help_text=_("print its number even when it is the only item of its group"),
    )

    class Meta:
        base_manager_name = "every"
        ordering = ["sheet", "order", "pk"]
        verbose_name = _("agency suggestion")
        verbose_name_plural = _("agency suggestions")

    def __str__(self) -> str:
        return self.text[:60]


class Observation(Item):
    """A numbered remark of the chair and vice-chair; may be followed up by an assigned agency."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="observations")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True, default="")
    sub_items = models.JSONField(_("sub-items"), default=list, blank=True)
    assignee = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_observations",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="monitoring/evidence/%Y/%m/", max_length=300, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        base_manager_name = "every"
        ordering = ["sheet", "order", "pk"]
        verbose_name = _("committee observation")
        verbose_name_plural = _("committee observations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence="") | ~Q(evidence_file=""),
                name="monitoring_done_needs_evidence",
                violation_error_message=_(
                    "Evidence: describe or attach what was done before marking the observation done."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_overdue(self) -> bool:
        """Assigned, due date passed, not done."""
        from django.utils import timezone

        return (
            self.assignee_id is not None
            and self.due_date is not None
            and self.status != self.Status.DONE
            and self.due_date < timezone.localdate()
        )
