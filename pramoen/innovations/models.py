"""The Innovation Base (component 2): innovations agencies built, their evidence, the host's review and the
criteria of each fiscal year by which the assessments become component 2's actual value."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pramoen.orgs.models import Agency


class InnovationGroup(models.Model):
    """Similar innovations grouped together — proposed by the grouping, correctable by hand."""

    name = models.CharField(_("group name"), max_length=200)
    # "proposed" groups are rebuilt by each regrouping; a group someone named or edited is kept
    manual = models.BooleanField(_("set by hand"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("innovation group")
        verbose_name_plural = _("innovation groups")

    def __str__(self) -> str:
        return self.name


class Innovation(models.Model):
    class Status(models.TextChoices):
        IN_USE = "in_use", _("in use")
        DEVELOPABLE = "developable", _("can be developed further")
        RETIRED = "retired", _("retired")

    class Category(models.TextChoices):
        SERVICE = "service", _("public service")
        PROCESS = "process", _("work process")
        TECHNOLOGY = "technology", _("digital technology")
        EDUCATION = "education", _("education")
        HEALTH = "health", _("health")
        ENVIRONMENT = "environment", _("environment and cleanliness")
        SAFETY = "safety", _("safety and traffic")
        OTHER = "other", _("other")

    class Kind(models.TextChoices):
        NEW = "new", _("new")
        IMPROVED = "improved", _("improved from an earlier one")
        ADOPTED = "adopted", _("adopted from another agency")

    class AdoptableBy(models.TextChoices):
        ANY = "any", _("any agency")
        DISTRICT_OFFICES = "district_offices", _("district offices")
        BUREAUS = "bureaus", _("bureaus and offices")
        NONE = "none", _("not for adoption")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted to the host")
        ASSESSED = "assessed", _("assessed")
        SCORED = "scored", _("scored")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="innovations")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (BE)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem it solves"))
    solution = models.TextField(_("what was done"))
    results = models.TextField(_("results"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_USE)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    adoptable_by = models.CharField(
        _("who may adopt it"), max_length=20, choices=AdoptableBy.choices, default=AdoptableBy.ANY
    )
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("adopted from"),
    )
    state = models.CharField(_("review state"), max_length=10, choices=State.choices, default=State.DRAFT)
    group = models.ForeignKey(
        InnovationGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("group"),
    )
    # a person placed it in its group: regrouping leaves it there
    group_manual = models.BooleanField(default=False)
    # Thai words of the title, problem, solution and results (PyThaiNLP), space-separated: searched
    # with PostgreSQL full-text search (config "simple") or token by token elsewhere
    search_tokens = models.TextField(default="", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-fiscal_year", "title"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        indexes = [models.Index(fields=["fiscal_year", "agency"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="adopted") | Q(adopted_from__isnull=False),
                name="innovation_adopted_names_origin",
            )
        ]

    def __str__(self) -> str:
        return self.title


def _evidence_path(instance: InnovationEvidence, filename: str) -> str:
    return f"innovations/{instance.innovation_id}/{filename}"


class InnovationEvidence(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("innovation evidence")
        verbose_name_plural = _("innovation evidence")

    def __str__(self) -> str:
        return self.original_name


def default_rubric() -> list[dict[str, object]]:
    return [
        {"key": "novelty", "weight": 25},
        {"key": "usefulness", "weight": 25},
        {"key": "results", "weight": 30},
        {"key": "spread", "weight": 20},
    ]


def default_caps() -> dict[str, str]:
    # the highest level each kind of innovation can reach
    return {"new": "5", "improved": "4.5", "adopted": "4"}


class InnovationCriteria(models.Model):
    """How the host's assessments become component 2's actual value in one fiscal year (BE)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    # rubric criteria and their weights; each is marked 1–5 by the host
    rubric = models.JSONField(_("rubric"), default=default_rubric)
    kind_caps = models.JSONField(_("highest level by kind"), default=default_caps)
    # added for each other agency that adopted the innovation and reported results (spread)
    spread_bonus = models.DecimalField(
        _("bonus per adopting agency"), max_digits=4, decimal_places=2, default=Decimal("0.5")
    )

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("innovation criteria")
        verbose_name_plural = _("innovation criteria")

    def __str__(self) -> str:
        return f"{self.fiscal_year}"


class InnovationAssessment(models.Model):
    """The host's assessment: rubric marks (1–5) → a level; then the host confirms it as the score."""

    innovation = models.OneToOneField(Innovation, on_delete=models.CASCADE, related_name="assessment")
    marks = models.JSONField(_("rubric marks"), default=dict)
    level = models.DecimalField(_("level"), max_digits=5, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField()
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("innovation assessment")
        verbose_name_plural = _("innovation assessments")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=5), name="innovation_level_0_5")
        ]

    def __str__(self) -> str:
        return f"{self.innovation} → {self.level}"
