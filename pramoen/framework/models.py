"""The evaluation framework of one fiscal year: periods, components, indicators with five-level criteria,
assignments of indicators to agencies with weights, and targets per period."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pramoen.orgs.models import Agency


def _english() -> bool:
    return (get_language() or "th").startswith("en")


class FiscalYear(models.Model):
    """ปีงบประมาณ (BE): FY2567 runs 1 Oct 2023 – 30 Sep 2024."""

    year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    # Rankings between agencies are shown to everyone once the evaluation office publishes them.
    scores_published = models.BooleanField(_("scores published"), default=False)
    # Share of peers that must have a value for an indicator to count in the ranking.
    ranking_min_coverage = models.DecimalField(
        _("ranking: minimum share of peers with data (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(80),
    )
    # set when the evaluation office closes the year after its last round is published
    closed_at = models.DateTimeField(_("year closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="fiscal_year_start_before_end")
        ]

    def __str__(self) -> str:
        return str(_("FY %(year)s") % {"year": self.year})


class Period(models.Model):
    class Kind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        HALF = "half", _("half-year")
        YEAR = "year", _("year")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("code"), max_length=4)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    name_th = models.CharField(_("Thai name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)

    class Meta:
        ordering = ["fiscal_year", "end", "start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="unique_period_code"),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="period_start_not_after_end"),
        ]

    def __str__(self) -> str:
        """In words: ต.ค. 2566 (a month names its own year), ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2567, ไตรมาสที่ 2
        ปีงบประมาณ พ.ศ. 2567, and the whole year as ปีงบประมาณ พ.ศ. 2567; never the code (H1, Q2, M01)."""
        if self.kind == self.Kind.MONTH:
            return self.name
        if self.kind == self.Kind.YEAR:
            return str(self.fiscal_year)
        return f"{self.name} {self.fiscal_year}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_th


class Component(models.Model):
    """องค์ประกอบ: 1 Performance Base, 2 Innovation Base, 3 Potential Base, 4 complaints — and their
    sub-components (องค์ประกอบย่อย, e.g. 1.1 Function Base), whose ``parent`` is the component they belong to.

    A top-level component's weight is its share of the overall score; a sub-component's weight is its share
    within its parent, on the same scale as the assignment weights of the parent's own indicators (the
    parent's score is the weighted mean of both: ``scoring.rollup``).  One level only."""

    class AppliesTo(models.TextChoices):
        ALL = "all", _("every agency")
        DISTRICT_OFFICES = "district_offices", _("district offices only")
        OTHERS = "others", _("bureaus and offices only")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("code"), max_length=10)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    applies_to = models.CharField(
        _("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of component"),
    )
    # the seed gives no component weights: the demo's are placeholders, and the scorecard says so
    weight_is_demo = models.BooleanField(_("demo weight"), default=False)

    class Meta:
        ordering = ["fiscal_year", "order", "code"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="unique_component_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="component_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_th

    @property
    def is_sub_component(self) -> bool:
        return self.parent_id is not None

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.parent.fiscal_year_id != self.fiscal_year_id:
            raise ValidationError(
                {"parent": _("A sub-component belongs to a component of the same fiscal year.")}
            )
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("A sub-component cannot hold sub-components of its own.")})
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A component cannot be part of itself.")})

    def applies_to_agency(self, agency: Agency) -> bool:
        if self.applies_to == self.AppliesTo.DISTRICT_OFFICES:
            return agency.kind == Agency.Kind.DISTRICT_OFFICE
        if self.applies_to == self.AppliesTo.OTHERS:
            return agency.kind != Agency.Kind.DISTRICT_OFFICE
        return True


_MONOTONE = Q(higher_is_better=True, t1__lt=F("t2"), t2__lt=F("t3"), t3__lt=F("t4"), t4__lt=F("t5")) | Q(
    higher_is_better=False, t1__gt=F("t2"), t2__gt=F("t3"), t3__gt=F("t4"), t4__gt=F("t5")
)


class Indicator(models.Model):
    """ตัวชี้วัด with its five-level criteria T1..T5, calculation method and host agency."""

    class KpiType(models.TextChoices):
        STRATEGIC = "strategic", _("strategic")
        ROUTINE = "routine", _("routine")

    class KpiLevel(models.TextChoices):
        OUTPUT = "output", _("output")
        OUTCOME = "outcome", _("outcome")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="indicators")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name_th = models.CharField(_("Thai name"), max_length=400)
    name_en = models.CharField(_("English name"), max_length=400, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    method = models.CharField(_("calculation method"), max_length=40)
    params = models.JSONField(_("method settings"), default=dict, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    t1 = models.DecimalField("T1", max_digits=16, decimal_places=4)
    t2 = models.DecimalField("T2", max_digits=16, decimal_places=4)
    t3 = models.DecimalField("T3", max_digits=16, decimal_places=4)
    t4 = models.DecimalField("T4", max_digits=16, decimal_places=4)
    t5 = models.DecimalField("T5", max_digits=16, decimal_places=4)
    floor = models.DecimalField(_("score below T1"), max_digits=3, decimal_places=2, default=Decimal(0))
    kpi_type = models.CharField(
        _("KPI type"), max_length=10, choices=KpiType.choices, default=KpiType.STRATEGIC
    )
    kpi_level = models.CharField(
        _("KPI level"), max_length=10, choices=KpiLevel.choices, default=KpiLevel.OUTCOME
    )
    host_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_indicators",
        verbose_name=_("host agency (H)"),
    )
    is_joint = models.BooleanField(_("joint KPI"), default=False)
    # Multi-year targets, e.g. One Map: complete in N years, this year's share of the whole.
    multi_year_span = models.PositiveSmallIntegerField(_("years to complete"), null=True, blank=True)
    multi_year_share = models.DecimalField(
        _("this year's share of the multi-year target (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["fiscal_year", "component__order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="unique_indicator_code"),
            models.CheckConstraint(condition=_MONOTONE, name="indicator_thresholds_monotone"),
            models.CheckConstraint(condition=Q(floor__gte=0, floor__lte=5), name="indicator_floor_0_5"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return (self.name_en or self.name_th) if _english() else self.name_th

    @property
    def thresholds(self) -> list[Decimal]:
        return [self.t1, self.t2, self.t3, self.t4, self.t5]


class PeriodCriteria(models.Model):
    """เกณฑ์รายรอบ: T1..T5 of an indicator for one period, in force instead of the year-end criteria
    (framework.criteria.criteria_for says which criteria a period uses)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="period_criteria")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    t1 = models.DecimalField("T1", max_digits=16, decimal_places=4)
    t2 = models.DecimalField("T2", max_digits=16, decimal_places=4)
    t3 = models.DecimalField("T3", max_digits=16, decimal_places=4)
    t4 = models.DecimalField("T4", max_digits=16, decimal_places=4)
    t5 = models.DecimalField("T5", max_digits=16, decimal_places=4)
    # a value pramoen made up for the demo, not one the evaluation office set: shown as "demo"
    is_demo = models.BooleanField(_("demo value"), default=False)

    class Meta:
        ordering = ["indicator", "period__end", "period__start"]
        verbose_name = _("criteria of a period")
        verbose_name_plural = _("criteria of periods")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_period_criteria"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}: {self.t1}/{self.t2}/{self.t3}/{self.t4}/{self.t5}"

    @property
    def thresholds(self) -> list[Decimal]:
        return [self.t1, self.t2, self.t3, self.t4, self.t5]


class PlanPoint(models.Model):
    """One point of an indicator's cumulative plan curve: by the end of ``period``, ``share`` % of the
    year-end criteria (e.g. KPI 3.2's 20/45/70/100 % by Q1/Q2/Q3/Q4).  A period's thresholds are
    the year-end ones times its share of the curve (framework.criteria)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="plan_points")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    share = models.DecimalField(
        _("planned share of the year-end criteria (%)"), max_digits=5, decimal_places=2
    )
    is_demo = models.BooleanField(_("demo value"), default=False)

    class Meta:
        ordering = ["indicator", "period__end", "period__start"]
        verbose_name = _("plan curve point")
        verbose_name_plural = _("plan curve points")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_plan_point"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="plan_point_share_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}: {self.share} %"


class Assignment(models.Model):
    """An indicator given to an agency with a weight in its component: host (H), supporter (R) or sole."""

    class Role(models.TextChoices):
        SOLE = "sole", _("sole agency")
        HOST = "host", _("host (H)")
        SUPPORTER = "supporter", _("supporting (R)")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assignments")
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SOLE)

    class Meta:
        ordering = ["indicator", "agency"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "agency"], name="unique_assignment"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="assignment_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.agency}"


class Target(models.Model):
    """ค่าเป้าหมาย of an assignment for a period (cumulative from the start of the fiscal year)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["assignment", "period"], name="unique_target")]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period.code}: {self.value}"


class EvaluationRound(models.Model):
    """รอบการประเมิน: a period of a fiscal year the evaluation office evaluates (the half-years), and where
    it stands.  One round of a year is the current one: every scorecard, ranking and API opens on it.

    The year goes H1 open for reporting → H1 closed → H1 published → H2 open → … → H2 published → the year
    closed (``FiscalYear.closed_at``); the evaluation office moves it on (services.round_advance) or sets a
    round and state directly (services.round_set), each change audited."""

    class State(models.TextChoices):
        PLANNED = "planned", _("not yet open")
        OPEN = "open", _("open for reporting")
        CLOSED = "closed", _("closed for reporting")
        PUBLISHED = "published", _("results published")

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="rounds")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="rounds")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    is_current = models.BooleanField(_("current round"), default=False)
    opened_at = models.DateTimeField(_("opened for reporting at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed for reporting at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["fiscal_year", "period__end", "period__start"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "period"], name="unique_round_period"),
            models.UniqueConstraint(
                fields=["fiscal_year"], condition=Q(is_current=True), name="one_current_round_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="published_round_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year.year} {self.period.name} ({self.get_state_display()})"
