"""Appeals (อุทธรณ์): the rules published for a fiscal year, the cases agencies file, their items and
evidence, and the decision that changes scores (see services.py and effects.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pramoen.framework.models import Assignment, Component, FiscalYear, Period
from pramoen.orgs.models import Agency


class Effect(models.TextChoices):
    """What an approved case of a category does."""

    BUDGET_LINES = "budget_lines", _("leave budget lines out of the disbursement figure (3.2)")
    TICKETS = "tickets", _("leave complaint tickets out of component 4")
    EXCLUDE_INDICATOR = "exclude_indicator", _("leave the indicator out (force majeure)")
    CORRECT_VALUE = "correct_value", _("correct a reported value")
    ADJUST_TARGET = "adjust_target", _("adjust a target")

    @classmethod
    def with_items(cls) -> frozenset[str]:
        return frozenset({cls.BUDGET_LINES, cls.TICKETS})

    @classmethod
    def with_value(cls) -> frozenset[str]:
        return frozenset({cls.CORRECT_VALUE, cls.ADJUST_TARGET})


class Decider(models.TextChoices):
    EVALUATION_OFFICE = "evaluation_office", _("the evaluation office")
    COMMITTEE = "committee", _("the committee that reviews the agency")


class AppealCategory(models.Model):
    """หมวดการอุทธรณ์: what may be appealed in a fiscal year, who is eligible, which documents to attach
    and when to file.  Agencies see a category once it is published."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="appeal_categories")
    code = models.SlugField(_("code"), max_length=40)
    effect = models.CharField(_("effect"), max_length=20, choices=Effect.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    eligibility_th = models.TextField(_("who and what is eligible (Thai)"))
    eligibility_en = models.TextField(_("who and what is eligible (English)"), blank=True)
    # [{"code": "contract", "name_th": "...", "name_en": "..."}] — each must be attached before submitting
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    # only assignments of this component may be appealed in this category (empty: any)
    component = models.ForeignKey(
        Component,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("component"),
    )
    opens_on = models.DateField(_("filing opens"))
    closes_on = models.DateField(_("filing closes"))
    decider = models.CharField(
        _("decided by"), max_length=20, choices=Decider.choices, default=Decider.EVALUATION_OFFICE
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["fiscal_year", "order", "code"]
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="appeal_category_code_once"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="appeal_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") and self.name_en else self.name_th

    @property
    def eligibility(self) -> str:
        en = (get_language() or "th").startswith("en")
        return self.eligibility_en if en and self.eligibility_en else self.eligibility_th

    def documents(self) -> list[dict[str, str]]:
        en = (get_language() or "th").startswith("en")
        return [
            {"code": d["code"], "name": (d.get("name_en") if en else None) or d.get("name_th", d["code"])}
            for d in self.required_documents
        ]


class AppealCase(models.Model):
    """คำขออุทธรณ์ of one agency against one of its assignments."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        APPROVED = "approved", _("approved")
        PARTLY_APPROVED = "partly_approved", _("partly approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REVERSED = "reversed", _("decision reversed")

    number = models.CharField(_("number"), max_length=30, unique=True)
    category = models.ForeignKey(AppealCategory, on_delete=models.PROTECT, related_name="cases")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="appeals")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="appeals")
    # the period a corrected value or target is for (every period of the year when empty)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(_("reason"))
    requested_value = models.DecimalField(
        _("requested value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    approved_value = models.DecimalField(
        _("approved value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # {"<assignment id>:<period code>": {"score": "3.2", "actual": "...", "status": "..."}} before / after
    scores_before = models.JSONField(default=dict, blank=True)
    scores_after = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_decided(self) -> bool:
        return self.status in {self.Status.APPROVED, self.Status.PARTLY_APPROVED, self.Status.REJECTED}

    @property
    def is_in_effect(self) -> bool:
        return self.status in {self.Status.APPROVED, self.Status.PARTLY_APPROVED}


class AppealItem(models.Model):
    """A budget line or a complaint ticket the case asks to leave out, and what was decided for it."""

    class Kind(models.TextChoices):
        BUDGET_LINE = "budget_line", _("budget line")
        TICKET = "ticket", _("complaint ticket")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    ref = models.CharField(_("id"), max_length=60)  # the ticket id or the budget line code
    label = models.CharField(_("description"), max_length=300, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    # True when this case wrote the exclusion (so that undoing it removes only what it added)
    applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("appeal item")
        verbose_name_plural = _("appeal items")
        constraints = [models.UniqueConstraint(fields=["case", "kind", "ref"], name="appeal_item_once")]

    def __str__(self) -> str:
        return f"{self.case} {self.ref}"


def evidence_path(instance: AppealEvidence, filename: str) -> str:
    return f"appeals/{instance.case.agency.code}/{instance.case.number}/{filename}"


class AppealEvidence(models.Model):
    """A document attached to a case, for one of its category's required documents (or extra)."""

    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="evidence")
    document_code = models.CharField(_("document"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("appeal evidence")
        verbose_name_plural = _("appeal evidence")

    def __str__(self) -> str:
        return self.original_name


class AppealEvent(models.Model):
    """The case's history: each status change with who, when and the comment."""

    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=AppealCase.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.status}"
