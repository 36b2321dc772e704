"""Organisations (agencies, districts, district groups, committees) and people with scoped roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Thai and English names; ``name`` follows the active language."""

    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th


class DistrictGroup(BilingualName):
    """กลุ่มเขต: one of the six groups of district offices (BMA GIS ``z_code`` 1–6)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    color = models.CharField(_("map colour"), max_length=7, help_text=_("#rrggbb used on the district map"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("district group")
        verbose_name_plural = _("district groups")
        constraints = [models.CheckConstraint(condition=Q(code__gte=1, code__lte=6), name="group_code_1_6")]


class Agency(BilingualName):
    """หน่วยงาน: an evaluated unit — a bureau (สำนัก), an office (สำนักงาน) or a district office."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("bureau")
        OFFICE = "office", _("office")
        DISTRICT_OFFICE = "district_office", _("district office")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    abbr_th = models.CharField(_("Thai abbreviation"), max_length=40, blank=True)
    abbr_en = models.CharField(_("English abbreviation"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name_th"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def short_name(self) -> str:
        lang_en = (get_language() or "th").startswith("en")
        return (self.abbr_en if lang_en else self.abbr_th) or self.name

    @property
    def is_district_office(self) -> bool:
        return self.kind == self.Kind.DISTRICT_OFFICE


class District(BilingualName):
    """เขต: one of Bangkok's 50 districts with its official geocode, figures and boundary."""

    code = models.PositiveSmallIntegerField(_("geocode"), unique=True)
    seq = models.PositiveSmallIntegerField(_("BMA order"))
    group = models.ForeignKey(DistrictGroup, on_delete=models.PROTECT, related_name="districts")
    office = models.OneToOneField(
        Agency, on_delete=models.PROTECT, related_name="district", verbose_name=_("district office")
    )
    population = models.PositiveIntegerField(_("population"))
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=3)
    communities = models.PositiveIntegerField(_("communities"), default=0)
    schools = models.PositiveIntegerField(_("schools"), default=0)
    # GeoJSON geometry (MultiPolygon, WGS84 lon/lat) of the BMA GIS `district` layer.
    boundary = models.JSONField(_("boundary"))
    # The same outline simplified to ~20 m for the web map: a tenth of the download; kept in step by save().
    map_boundary = models.JSONField(_("map outline"), editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(condition=Q(code__gte=1001, code__lte=1050), name="district_code_range")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        from pramoen.orgs.reference import simplify_for_map

        self.map_boundary = simplify_for_map(self.boundary)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "boundary" in update_fields:
            kwargs["update_fields"] = {*update_fields, "map_boundary"}
        super().save(*args, **kwargs)


class Committee(models.Model):
    """คณะกรรมการตรวจติดตามประเมินผล คณะที่ ๑–๖: reviews a set of agencies and one district group."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    theme_th = models.CharField(_("Thai theme"), max_length=200)
    theme_en = models.CharField(_("English theme"), max_length=200)
    district_group = models.OneToOneField(
        DistrictGroup, on_delete=models.PROTECT, related_name="committee", verbose_name=_("district group")
    )
    agencies = models.ManyToManyField(
        Agency, related_name="committees", blank=True, verbose_name=_("agencies")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("monitoring committee")
        verbose_name_plural = _("monitoring committees")

    def __str__(self) -> str:
        return str(_("Committee %(number)s: %(theme)s") % {"number": self.number, "theme": self.theme})

    @property
    def theme(self) -> str:
        return self.theme_en if (get_language() or "th").startswith("en") else self.theme_th


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name or position"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="unique_member_per_committee")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class User(AbstractUser):
    """A person who signs in.  What they may do comes only from their ``RoleAssignment`` rows."""

    full_name_th = models.CharField(_("full name (Thai)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.full_name_th or self.get_full_name() or self.username


class Role(models.TextChoices):
    REPORTER = "reporter", _("agency staff (reporter)")
    APPROVER = "approver", _("agency head (approver)")
    HOST_REVIEWER = "host_reviewer", _("host-agency reviewer")
    EVALUATOR = "evaluator", _("evaluation officer")
    COMMITTEE_MEMBER = "committee_member", _("committee member")
    COMMITTEE_SECRETARY = "committee_secretary", _("committee secretary")
    EXECUTIVE = "executive", _("executive")
    ADMIN = "admin", _("administrator")


AGENCY_ROLES = frozenset({Role.REPORTER, Role.APPROVER, Role.HOST_REVIEWER})
COMMITTEE_ROLES = frozenset({Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY})
GLOBAL_ROLES = frozenset({Role.EVALUATOR, Role.EXECUTIVE, Role.ADMIN})


class RoleAssignment(models.Model):
    """A role held by a user, scoped to an agency or a committee where the role needs one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in AGENCY_ROLES),
                        agency__isnull=False,
                        committee__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in COMMITTEE_ROLES),
                        committee__isnull=False,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in GLOBAL_ROLES),
                        agency__isnull=True,
                        committee__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False),
                name="unique_agency_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "committee"],
                condition=Q(committee__isnull=False),
                name="unique_committee_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(agency__isnull=True, committee__isnull=True),
                name="unique_global_role",
            ),
        ]

    def __str__(self) -> str:
        scope = self.agency or self.committee
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")


class LoginAttempt(models.Model):
    """Failed sign-ins, kept in the database so throttling holds across server processes."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        indexes = [models.Index(fields=["ip_address", "at"], name="orgs_login_address_at")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"


class TwoStepDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238): on once ``confirmed_at`` is set, after a code from
    the app has been typed back.  ``last_step`` is the last 30-second step a code was accepted for, so a
    code cannot be used twice (docs/security.md)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_step")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-step sign-in")
        verbose_name_plural = _("two-step sign-ins")

    def __str__(self) -> str:
        return f"{self.user} ({'on' if self.confirmed_at else 'enrolling'})"


class RecoveryCode(models.Model):
    """A one-time code for when the phone is lost: only its SHA-256 is kept (the codes carry 80 random
    bits, so the hash cannot be searched back); ``used_at`` is set when it is spent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="unique_recovery_code")]

    def __str__(self) -> str:
        return f"{self.user} ({'used' if self.used_at else 'unused'})"
