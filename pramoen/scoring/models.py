"""Persisted scores with their trail, the verified results they come from, and recompute bookkeeping."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.framework.models import Assignment, Component, FiscalYear, Period
from pramoen.orgs.models import Agency
from pramoen.scoring import methods


class VerifiedResult(models.Model):
    """What an agency reported for an assignment and period, once verified by the evaluation office.

    Progress reports write it on verification; the evaluation office may also load it in bulk. The
    ``value``/``ratio``/``survey``/``action_plan``/``milestone_level`` methods read only these rows."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="verified_results")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="verified_results")
    value = models.DecimalField(_("reported value"), max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # [{"name": "...", "weight": 20, "done": 100, "level": 3}, ...] — done is percent complete
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    survey_responses = models.PositiveIntegerField(_("survey responses"), null=True, blank=True)
    survey_satisfied = models.PositiveIntegerField(_("satisfied responses"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    # the reported figures (what a method finds in MethodContext.reported, with assignment_id and period_id)
    FIGURES = methods.FIGURES

    class Meta:
        verbose_name = _("verified result")
        verbose_name_plural = _("verified results")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="unique_verified_result")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period.code}"


class ScoreResult(models.Model):
    """The score of one assignment in one period and everything needed to explain it."""

    class Status(models.TextChoices):
        SCORED = "scored", _("scored")
        NO_DATA = "no_data", _("no data yet")
        EXCLUDED = "excluded", _("excluded")

    # No database constraint on either foreign key: the engine writes only the ids it has just read in the
    # same transaction, Django deletes the scores of a deleted assignment or period itself (on_delete), and
    # each constraint cost a check per new row at commit (≈ 0.9 s of a 108,000-score recompute; see
    # docs/scoring.md "Speed").  No index of its own on assignment: unique_score (assignment, period)
    # serves it.
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="scores", db_index=False, db_constraint=False
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scores", db_constraint=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    actual = models.DecimalField(_("actual"), max_digits=18, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True)
    level = models.PositiveSmallIntegerField(_("level reached"), null=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=4, null=True)
    method = models.CharField(_("calculation method"), max_length=40)
    criteria = models.JSONField(_("criteria used"), default=dict)
    inputs = models.JSONField(_("inputs used"), default=dict)
    exclusions = models.JSONField(_("exclusions"), default=dict)
    # approved appeals applied to this score: [{"reference", "kind", "summary", "decided_by", "decided_at"}]
    appeals = models.JSONField(_("appeals applied"), default=list)
    explanation = models.TextField(_("explanation"), blank=True)
    # who verified the figures and when is read from the VerifiedResult when the score is shown
    # (selectors.score_verification), not copied into every score
    computed_at = models.DateTimeField(_("computed at"))
    # hash of everything above: a recompute that finds the same fingerprint writes nothing
    fingerprint = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="unique_score"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=5), name="score_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period.code}: {self.score}"


class AgencyScore(models.Model):
    """Roll-up per agency and period: per component, and overall (``component`` is null)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="scores")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="agency_scores")
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, null=True, related_name="agency_scores"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=4, null=True)
    weight_scored = models.DecimalField(_("weight with a score"), max_digits=9, decimal_places=2)
    weight_total = models.DecimalField(_("weight assigned"), max_digits=9, decimal_places=2)
    computed_at = models.DateTimeField(_("computed at"))
    # who or what recomputed it: the user's name or "system:<command>", and the job it ran in (the scorecard
    # names the import or job its scores come from)
    computed_by = models.CharField(_("computed by"), max_length=150, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )

    class Meta:
        verbose_name = _("agency score")
        verbose_name_plural = _("agency scores")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "component"],
                condition=Q(component__isnull=False),
                name="unique_component_score",
            ),
            models.UniqueConstraint(
                fields=["agency", "period"], condition=Q(component__isnull=True), name="unique_overall_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.period.code} {self.component or 'overall'}: {self.score}"


class RecomputeRun(models.Model):
    """One ``recompute_scores`` run over a fiscal year and period; slots make it resumable."""

    class Status(models.TextChoices):
        STARTED = "started", pgettext_lazy("status", "started")
        DONE = "done", _("done")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True)
    slots_total = models.PositiveIntegerField(default=0)
    scores_written = models.PositiveIntegerField(default=0)
    actor_label = models.CharField(max_length=150, default="system")

    class Meta:
        verbose_name = _("recompute run")
        verbose_name_plural = _("recompute runs")

    def __str__(self) -> str:
        return f"{self.fiscal_year.year} {self.period.code} {self.status}"


class RecomputeSlot(models.Model):
    """A batch of agencies within a run; DONE is written in the same transaction as their scores."""

    run = models.ForeignKey(RecomputeRun, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveIntegerField()
    agency_ids = models.JSONField()
    done = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="unique_slot")]

    def __str__(self) -> str:
        return f"run {self.run_id} slot {self.number}"


class ScoreAdjustment(models.Model):
    """A decision that changes how one assignment is scored — written by the appeals app when an appeal
    is approved, removed when the decision is withdrawn or reversed.  The engine applies every adjustment
    of an assignment (for one period, or every period when ``period`` is empty) and names it in the trail.

    ``exclude`` drops the assignment's weight from the roll-up; ``actual`` and ``target`` replace the
    computed actual or the target with ``value``; ``note`` changes nothing by itself but names the decision
    in the trail (feed items left out by an appeal: the feed applies those); ``deduct`` takes ``value``
    points off the score (never below 0) — the evaluation office's deduction for an incomplete action plan."""

    class Kind(models.TextChoices):
        EXCLUDE = "exclude", _("indicator left out")
        ACTUAL = "actual", _("approved actual value")
        TARGET = "target", _("adjusted target")
        NOTE = "note", _("feed items left out")
        DEDUCT = "deduct", _("points deducted")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="adjustments")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40)  # the appeal number, or PLAN-<year>
    summary = models.CharField(_("summary"), max_length=400)  # one Thai sentence shown in the trail
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["decided_at", "pk"]
        indexes = [models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.assignment} {self.kind}"
