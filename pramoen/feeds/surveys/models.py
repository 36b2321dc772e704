"""Satisfaction surveys (การสำรวจความพึงพอใจ): a questionnaire linked to a survey indicator, its target
group and sample size, the review before launch, and the responses — by a one-time token on the public form,
or typed from paper and imported from XLSX."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pramoen.framework.models import Indicator, Period
from pramoen.orgs.models import Agency


def new_key() -> str:
    return secrets.token_urlsafe(12)


class Survey(models.Model):
    class SampleRule(models.TextChoices):
        YAMANE = "yamane", _("Yamane (1967)")
        KREJCIE_MORGAN = "krejcie_morgan", _("Krejcie and Morgan (1970)")

    class Rule(models.TextChoices):
        TOP_TWO_BOX = "top_two_box", _("share of answers 4 or 5 (top-two-box)")
        MEAN = "mean", _("mean score over 5, as a percentage")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SHARED = "shared", _("shared with the supporting agencies")
        APPROVED = "approved", _("method approved by the evaluation office")
        OPEN = "open", _("collecting responses")
        CLOSED = "closed", _("closed")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="surveys")
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported for the period")
    )
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("text shown to respondents"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300)
    population = models.PositiveIntegerField(
        _("population (people in the target group)"), null=True, blank=True
    )
    sample_rule = models.CharField(
        _("sample size rule"), max_length=20, choices=SampleRule.choices, default=SampleRule.YAMANE
    )
    margin = models.DecimalField(
        _("margin of error"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.05"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.2"))],
    )
    rule = models.CharField(
        _("satisfaction rule"), max_length=20, choices=Rule.choices, default=Rule.TOP_TWO_BOX
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    public_key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    review_note = models.TextField(_("evaluation office's note"), blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period__end", "indicator__code", "pk"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("5-point rating")
        CHOICE = "choice", _("one choice")
        TEXT = "text", _("open answer")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class ResponseToken(models.Model):
    """Issued when someone opens the survey's link: the response it carries is counted once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response token")
        verbose_name_plural = _("response tokens")

    def __str__(self) -> str:
        return self.token[:8]


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("online form")
        PAPER = "paper", _("paper form")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=6, choices=Channel.choices, default=Channel.WEB)
    token = models.OneToOneField(
        ResponseToken, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    # a paper response exists as a row of its file: it goes with its import run (feeds.ImportRun)
    paper_import = models.ForeignKey(
        "feeds.ImportRun", on_delete=models.CASCADE, null=True, blank=True, related_name="paper_responses"
    )
    paper_row = models.PositiveIntegerField(null=True, blank=True)
    # {question id (text): 1–5 | choice text | open text}
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["survey", "agency"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="web", token__isnull=False)
                | Q(channel="paper", paper_import__isnull=False),
                name="survey_response_has_its_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"
