"""BMA OSS: the district service processes, monthly service counts per channel and imports.

KPI 3.1's criteria are its indicator's (framework.criteria), not this app's."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pramoen.orgs.models import Agency


class Section(models.TextChoices):
    """ฝ่าย: the sections of a district office that own service processes."""

    ADMINISTRATION = "administration", _("Administration Section")
    REGISTRATION = "registration", _("Civil Registration Section")
    REVENUE = "revenue", _("Revenue Section")
    FINANCE = "finance", _("Finance Section")
    PUBLIC_WORKS = "public_works", _("Public Works Section")
    CLEANLINESS = "cleanliness", _("Cleanliness and Parks Section")
    ENVIRONMENT = "environment", _("Environment and Sanitation Section")
    COMMUNITY = "community", _("Community Development and Social Welfare Section")
    CITY_LAW = "city_law", _("City Law Enforcement Section")
    EDUCATION = "education", _("Education Section")


class Channel(models.TextChoices):
    ONLINE = "online", _("online (BMA OSS)")
    COUNTER = "counter", _("counter at the district office")
    OTHER = "other", _("other (phone, mobile unit, …)")


class ServiceProcess(models.Model):
    """กระบวนงาน: one service a district office gives, owned by a section, maybe available online."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=250)
    name_en = models.CharField(_("English name"), max_length=250)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    online = models.BooleanField(_("available online (BMA OSS)"), default=False)
    is_demo = models.BooleanField(
        _("generated demo entry"), default=False, help_text=_("not an official BMA catalogue entry")
    )

    class Meta:
        ordering = ["section", "code"]
        verbose_name = _("service process")
        verbose_name_plural = _("service processes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th


class ServiceRecord(models.Model):
    """The number of applications one district office handled for one process, month and channel."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("district office")
    )
    process = models.ForeignKey(ServiceProcess, on_delete=models.PROTECT, related_name="records")
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    count = models.PositiveIntegerField(_("applications"))
    batch = models.ForeignKey(  # the import run that last wrote it
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "process", "month", "channel"], name="services_record_natural_key"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="services_record_month_first_day"),
        ]
        indexes = [models.Index(fields=["agency", "month"], name="services_rec_agency_month")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.process_id} {self.month:%Y-%m} {self.channel}: {self.count}"


class SeedMention(models.TextChoices):
    """Where the seed report names a digital system (docs/services.md, "The seven systems")."""

    KPI = "kpi", _("named in the seed under indicator 3.1")
    ELSEWHERE = "elsewhere", _("named elsewhere in the seed")
    DEMO = "demo", _("demo placeholder (the seed does not name it)")


class DigitalSystem(models.Model):
    """One of the digital systems indicator 3.1 measures at bureaus and offices (the seed: "ระบบทั้ง ๗
    ระบบ", each with a responsible agency; it names some, not all seven)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=250)
    name_en = models.CharField(_("English name"), max_length=250)
    short_th = models.CharField(_("Thai short name"), max_length=40)
    short_en = models.CharField(_("English short name"), max_length=40)
    responsible = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    seed = models.CharField(_("in the seed"), max_length=10, choices=SeedMention.choices)
    seed_lines = models.CharField(_("lines of the seed"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("digital system")
        verbose_name_plural = _("digital systems")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th

    @property
    def short(self) -> str:
        return self.short_en if (get_language() or "th").startswith("en") else self.short_th

    @property
    def is_demo(self) -> bool:
        return self.seed == SeedMention.DEMO


class SystemUsage(models.Model):
    """One bureau's or office's use of one digital system in one month: its user accounts on the system
    and how many of them were used in the month (indicator 3.1 at bureau and office level)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    system = models.ForeignKey(DigitalSystem, on_delete=models.PROTECT, related_name="usage")
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    accounts = models.PositiveIntegerField(_("user accounts"))
    active = models.PositiveIntegerField(_("accounts used in the month"))
    batch = models.ForeignKey(  # the import run that last wrote it
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("system usage record")
        verbose_name_plural = _("system usage records")
        constraints = [
            models.UniqueConstraint(fields=["agency", "system", "month"], name="services_usage_natural_key"),
            models.CheckConstraint(condition=Q(month__day=1), name="services_usage_month_first_day"),
            models.CheckConstraint(
                condition=Q(active__lte=models.F("accounts")), name="services_usage_active_lte"
            ),
        ]
        indexes = [models.Index(fields=["agency", "month"], name="services_use_agency_month")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.system_id} {self.month:%Y-%m}: {self.active}/{self.accounts}"
