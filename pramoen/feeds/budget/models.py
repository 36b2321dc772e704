"""Budget lines per agency and fiscal year, their dated money movements and procurement events, the
per-year rules of KPI 3.2, and the exclusion hook the appeals app writes to."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pramoen.orgs.models import Agency


class BudgetType(models.TextChoices):
    PERSONNEL = "personnel", _("personnel")
    OPERATING = "operating", _("operating")
    INVESTMENT = "investment", _("investment")
    SUBSIDY = "subsidy", _("subsidy")
    OTHER = "other", _("other expenditure")
    CENTRAL = "central_fund", _("central fund")


class FundSource(models.TextChoices):
    ANNUAL = "annual", _("annual budget")
    SUPPLEMENTARY = "supplementary", _("supplementary budget")
    GOVERNMENT_SUBSIDY = "government_subsidy", _("government subsidy")
    CARRIED_OVER = "carried_over", _("carried over from earlier years")


class MovementKind(models.TextChoices):
    TRANSFER_IN = "transfer_in", _("transfer in")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    COMMITMENT = "commitment", _("commitment")
    DISBURSEMENT = "disbursement", _("disbursement")


class ProcurementKind(models.TextChoices):
    ANNOUNCED = "announced", _("e-bidding announced")
    NO_BIDDER = "no_bidder", _("no bidder")
    SINGLE_BIDDER = "single_bidder", _("single bidder")
    CANCELLED = "cancelled", _("cancelled")
    REANNOUNCED = "reannounced", _("re-announced")
    APPEAL = "appeal", _("appeal to the Comptroller General")
    CONTRACT = "contract", _("contract signed")


class BudgetLine(models.Model):
    """รายการงบประมาณ: one line of an agency's budget for a fiscal year."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    code = models.CharField(_("line code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    budget_type = models.CharField(_("budget type"), max_length=20, choices=BudgetType.choices)
    source = models.CharField(
        _("source of funds"), max_length=20, choices=FundSource.choices, default="annual"
    )
    welfare = models.BooleanField(_("central-fund welfare item"), default=False)
    approved = models.DecimalField(_("approved (baht)"), max_digits=16, decimal_places=2)
    batch = models.ForeignKey(  # the import run that last wrote it
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["agency", "fiscal_year", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year", "code"], name="budget_line_natural_key"),
            models.CheckConstraint(condition=Q(approved__gte=0), name="budget_line_approved_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetMovement(models.Model):
    """A dated transfer in or out, commitment (ก่อหนี้) or disbursement (เบิกจ่าย), by document number."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    ref = models.CharField(_("document number"), max_length=60)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (baht)"), max_digits=16, decimal_places=2)
    batch = models.ForeignKey(  # the import run that last wrote it
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("budget movement")
        verbose_name_plural = _("budget movements")
        constraints = [
            models.UniqueConstraint(fields=["line", "kind", "ref"], name="budget_movement_natural_key"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_movement_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.kind} {self.ref} {self.date}: {self.amount}"


class ProcurementEvent(models.Model):
    """A step of a line's procurement: e-bidding announced, no bidder, cancelled, appeal, contract…"""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="procurement_events")
    kind = models.CharField(_("event"), max_length=20, choices=ProcurementKind.choices)
    ref = models.CharField(_("document number"), max_length=60)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    batch = models.ForeignKey(  # the import run that last wrote it
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("procurement event")
        verbose_name_plural = _("procurement events")
        constraints = [
            models.UniqueConstraint(fields=["line", "kind", "ref"], name="budget_event_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.kind} {self.ref} {self.date}"


class BudgetLineExclusion(models.Model):
    """Leaves one budget line out of KPI 3.2.  The future appeals app writes a row when an appeal is
    approved (reason ``appeal``); ``budget_disbursement`` honours it and names the reason."""

    class Reason(models.TextChoices):
        APPEAL = "appeal", _("approved appeal")

    line = models.OneToOneField(BudgetLine, on_delete=models.CASCADE, related_name="exclusion")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.APPEAL)
    reference = models.CharField(_("reference (appeal number)"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget line exclusion")
        verbose_name_plural = _("budget line exclusions")

    def __str__(self) -> str:
        return f"{self.line} — {self.get_reason_display()} {self.reference}"


class BudgetRules(models.Model):
    """What KPI 3.2 leaves out, per fiscal year.  KPI 3.2's criteria and its planned cumulative curve (the
    projection and the early flag) are its indicator's (framework.criteria), not these rules'."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    exclude_personnel = models.BooleanField(_("exclude personnel budget"), default=True)
    exclude_welfare = models.BooleanField(_("exclude central-fund welfare items"), default=True)
    exclude_supplementary = models.BooleanField(_("exclude supplementary budget"), default=True)
    exclude_government_subsidy = models.BooleanField(_("exclude government-subsidy budget"), default=True)
    exclude_carried_over = models.BooleanField(_("exclude funds carried over"), default=True)
    note = models.CharField(_("source of the settings"), max_length=300, blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("budget disbursement rules")
        verbose_name_plural = _("budget disbursement rules")

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}"

    def excluded_reasons(self) -> dict[str, bool]:
        return {
            "personnel": self.exclude_personnel,
            "welfare": self.exclude_welfare,
            "supplementary": self.exclude_supplementary,
            "government_subsidy": self.exclude_government_subsidy,
            "carried_over": self.exclude_carried_over,
        }
