"""Traffy Fondue tickets, their state history, attribution to districts and the KPI settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.orgs.models import District

RESOLVED = "เสร็จสิ้น"
NOT_RELEVANT = "ไม่เกี่ยวข้อง"
FORWARDED_PREFIX = "ส่งต่อ"
PENDING_STEPS = ("ของบประมาณ", "จัดซื้อจัดจ้าง", "ขั้นตอนทางกฎหมาย")


class Ticket(models.Model):
    """A Traffy Fondue ticket as last imported, with its attribution and geo-quality flags."""

    class Attribution(models.TextChoices):
        ORGANIZATION = "organization", _("named district office")
        POLYGON = "polygon", _("point in district")
        SWAPPED = "swapped", _("swapped point in district")
        TEXT = "text", _("district text")
        NONE = "none", _("unattributed (outside Bangkok)")

    # unique through Meta.constraints: a plain unique index, no second LIKE-pattern index to maintain.
    # On PostgreSQL compared byte by byte (COLLATE "C", migration 0008: ids are ASCII, so the order is the
    # same; the import's index inserts and look-ups compare ids millions of times).  Django does not know
    # of that collation: a migration that alters this field must set it again.
    ticket_id = models.CharField(_("ticket id"), max_length=32)
    created_at = models.DateTimeField(_("created"), db_index=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    type_tags = models.CharField(_("type"), max_length=400, blank=True, help_text=_("comma-separated"))
    comment = models.TextField(pgettext_lazy("complaint ticket", "comment"), blank=True)
    organization = models.TextField(_("responsible units"), blank=True)
    org = models.CharField(_("top-level body"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)
    subdistrict = models.CharField(_("subdistrict"), max_length=120, blank=True)
    district_text = models.CharField(_("district (text)"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=120, blank=True)
    star = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    count_reopen = models.PositiveIntegerField(_("times reopened"), null=True, blank=True)
    last_activity = models.DateTimeField(_("last activity"), null=True, blank=True)
    photo = models.TextField(_("photo"), blank=True)
    photo_after = models.TextField(_("photo after"), blank=True)
    note = models.TextField(_("closing note"), blank=True)
    source_format = models.CharField(_("source format"), max_length=30, blank=True)
    first_seen = models.DateTimeField(_("first seen"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_at_source = models.CharField(_("resolution time from"), max_length=20, blank=True)
    attribution = models.CharField(
        _("attribution"), max_length=20, choices=Attribution.choices, default=Attribution.NONE
    )
    # Foreign keys to districts and import runs carry no database constraint: the importer writes only ids
    # it has just read, Django applies on_delete itself, and each constraint costs a check per row at commit.
    # Nor an index: tickets are found by creation time or through their attributions, never by the district
    # of their point alone (and districts, reference data, are not deleted).
    polygon_district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("district by coordinates"), db_index=False, db_constraint=False,
    )  # fmt: skip
    flag_swapped = models.BooleanField(_("swapped coordinates"), default=False)
    flag_outside = models.BooleanField(_("outside Bangkok"), default=False)
    flag_text_mismatch = models.BooleanField(_("text district differs"), default=False)
    flag_near_boundary = models.BooleanField(_("near another district"), default=False)
    last_run = models.ForeignKey(
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    content_hash = models.CharField(max_length=32, blank=True, editable=False)  # unchanged rows are skipped
    # True while the ticket's history is one observation that the ticket itself records: its state at
    # last_seen, with its last_activity, by last_run.  An import stores no history row for a new ticket
    # (one row less to write for each of hundreds of thousands); the first write that changes the ticket
    # stores that observation as a StateChange and clears this.  Read histories through
    # ``selectors.ticket_history``.
    history_implied = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint ticket")
        verbose_name_plural = _("complaint tickets")
        constraints = [models.UniqueConstraint(fields=["ticket_id"], name="ticket_id_once")]
        # No index on state: no query filters tickets by state alone (the KPI reaches a ticket's state
        # through its attributions, by primary key), and each index costs the import a write per ticket.

    def __str__(self) -> str:
        return self.ticket_id

    @property
    def tags(self) -> list[str]:
        return [t for t in self.type_tags.split(",") if t]


# The ticket fields that hold a ticket's implied observation (``Ticket.history_implied``), and the
# StateChange fields they stand for.
IMPLIED_OBSERVATION = {
    "last_seen": "observed_at", "state": "state", "last_activity": "last_activity", "last_run_id": "run_id",
}  # fmt: skip


class TicketDistrict(models.Model):
    """The ticket counts for this district (one row per named district office, usually exactly one)."""

    # both looked up through the indexes below (ticket_district_once, ticketdistrict_d_created)
    # No database constraint on either key (see Ticket.polygon_district): the importer writes only the keys
    # of tickets it has just written in the same transaction, and deleting a ticket through Django
    # deletes its attributions; a constraint would cost one check per row at commit.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="districts", db_index=False, db_constraint=False
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    created_at = models.DateTimeField(_("created"))  # copied from the ticket: the KPI filters on it
    # Set by dedup, empty for most attributions: indexed only where set (a ticket's duplicate group is
    # looked up by it), and without a database constraint, so that an import's new attributions cost no
    # index entry and no deferred constraint check each.
    duplicate_of = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("duplicate of"), db_index=False, db_constraint=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("ticket attribution")
        verbose_name_plural = _("ticket attributions")
        constraints = [models.UniqueConstraint(fields=["ticket", "district"], name="ticket_district_once")]
        indexes = [
            models.Index(fields=["district", "created_at"], name="ticketdistrict_d_created"),
            models.Index(
                fields=["duplicate_of"], name="ticketdistrict_duplicate_of",
                condition=models.Q(duplicate_of__isnull=False),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.district_id}"


class StateChange(models.Model):
    """A state seen for a ticket at a moment (its first observation has no previous state)."""

    # looked up through state_seen_once (ticket first); no database constraint, as for TicketDistrict
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="history", db_index=False, db_constraint=False
    )
    observed_at = models.DateTimeField(_("observed"))
    state = models.CharField(_("state"), max_length=60, blank=True)
    previous_state = models.CharField(_("previous state"), max_length=60, null=True, blank=True)
    last_activity = models.DateTimeField(_("last activity"), null=True, blank=True)
    run = models.ForeignKey(
        "feeds.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_index=False, db_constraint=False,
    )  # fmt: skip

    class Meta:
        ordering = ["ticket", "observed_at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "observed_at", "state"], name="state_seen_once")
        ]

    def __str__(self) -> str:
        return f"{self.previous_state or '—'} → {self.state} @ {self.observed_at:%Y-%m-%d %H:%M}"


# The satisfaction stars' weight in the criteria when they count (% of the KPI).  The seed report (lines 16
# and 83) says FY2567's criteria use the stars but gives no weight: this one is a demo value, shown as such
# until a year's settings name the decision that set theirs (``stars_weight_source``).
DEMO_STARS_WEIGHT = 20
# Where the seed says the stars count in a year's criteria: its default when the year has no settings row.
SEED_STARS_COUNTED = frozenset({2567})


class StarsPlace(models.TextChoices):
    BESIDE = "beside", _("shown beside the KPI, not counted")
    COUNTED = "counted", _("counted in the KPI with a weight")


class ComplaintSettings(models.Model):
    """KPI rules for one BE fiscal year; a year without a row uses the documented defaults."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), unique=True)
    resolved_states = models.JSONField(_("states that count as resolved"), default=list)
    alternative_resolved_states = models.JSONField(
        _("states also counted as done in the comparison figure"), default=list
    )
    dedup_days = models.PositiveSmallIntegerField(_("duplicate window (days)"), default=7)
    dedup_meters = models.FloatField(_("duplicate distance (m)"), default=30.0)
    dedup_similarity = models.FloatField(_("comment similarity"), default=0.8)
    min_tickets_for_ranking = models.PositiveIntegerField(_("minimum counted tickets to rank"), default=30)
    stars_place = models.CharField(
        _("satisfaction stars in the criteria"), max_length=10, choices=StarsPlace.choices,
        default=StarsPlace.BESIDE,
    )  # fmt: skip
    stars_weight = models.PositiveSmallIntegerField(
        _("weight of the stars (%)"), default=DEMO_STARS_WEIGHT,
        help_text=_("1 to 100: the part of the KPI, in per cent, that the star share makes up; the share "
                    "resolved makes up the rest."),
    )  # fmt: skip
    stars_weight_source = models.CharField(
        _("decision that set the stars' weight"), max_length=300, blank=True,
        help_text=_("Empty: the weight is a demo value, and the pages say so."),
    )  # fmt: skip

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("complaint KPI settings")
        verbose_name_plural = _("complaint KPI settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars_weight__gte=1, stars_weight__lte=100), name="stars_weight_1_to_100"
            )
        ]

    def __str__(self) -> str:
        return str(self.fiscal_year)


class TicketExclusion(models.Model):
    """A ticket left out of the KPI by a decision (an approved appeal); written by the appeals app."""

    class Reason(models.TextChoices):
        APPEAL = "appeal", _("approved appeal")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.APPEAL)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket exclusion")
        verbose_name_plural = _("ticket exclusions")
        constraints = [models.UniqueConstraint(fields=["ticket", "reason"], name="ticket_exclusion_once")]

    def __str__(self) -> str:
        return f"{self.ticket} — {self.get_reason_display()}"
