from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.core import pdpa
from pramoen.feeds.complaints import models
from pramoen.feeds.complaints.services import complaint_settings_check, complaint_settings_set
from pramoen.feeds.rules_admin import FeedRulesAdmin


@admin.register(models.Ticket)
class TicketAdmin(admin.ModelAdmin[models.Ticket]):
    list_display = ("ticket_id", "created_at", "state", "attribution", "polygon_district")
    list_filter = ("attribution", "flag_swapped", "flag_outside", "flag_text_mismatch", "flag_near_boundary")
    search_fields = ("ticket_id",)
    raw_id_fields = ("polygon_district", "last_run")
    # citizens' free texts hold names and telephones: administrators read them masked (docs/privacy.md)
    exclude = ("comment", "address", "note")
    readonly_fields = ("comment_masked", "address_masked", "note_masked")

    @admin.display(description=pgettext_lazy("complaint ticket", "comment"))
    def comment_masked(self, obj: models.Ticket) -> str:
        return pdpa.mask(obj.comment)

    @admin.display(description=_("address"))
    def address_masked(self, obj: models.Ticket) -> str:
        return pdpa.mask(obj.address)

    @admin.display(description=_("closing note"))
    def note_masked(self, obj: models.Ticket) -> str:
        return pdpa.mask(obj.note)


STARS_PLACE_HELP = _(
    "A year without settings: FY2567 counts the stars, as the seed report says (lines 16 and 83); any other "
    "year shows them beside the KPI. A new row here starts at “beside”: choose the year's place."
)


@admin.register(models.ComplaintSettings)
class ComplaintSettingsAdmin(FeedRulesAdmin):
    list_display = (
        "fiscal_year",
        "dedup_days",
        "dedup_meters",
        "dedup_similarity",
        "min_tickets_for_ranking",
        "stars_place",
        "stars_weight",
    )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if "stars_place" in form.base_fields:
            form.base_fields["stars_place"].help_text = STARS_PLACE_HELP
        return form

    def rules_check(self, data: dict[str, Any], fiscal_year: int) -> None:
        complaint_settings_check(
            fiscal_year=fiscal_year,
            dedup_days=data["dedup_days"],
            dedup_meters=data["dedup_meters"],
            dedup_similarity=data["dedup_similarity"],
            stars_place=data["stars_place"],
            stars_weight=data["stars_weight"],
        )

    def rules_save(self, request: HttpRequest, obj: models.ComplaintSettings) -> tuple[Any, Any | None]:
        saved = complaint_settings_set(
            actor=request.user,
            fiscal_year=obj.fiscal_year,
            resolved_states=obj.resolved_states,
            alternative_resolved_states=obj.alternative_resolved_states,
            dedup_days=obj.dedup_days,
            dedup_meters=obj.dedup_meters,
            dedup_similarity=obj.dedup_similarity,
            min_tickets_for_ranking=obj.min_tickets_for_ranking,
            stars_place=obj.stars_place,
            stars_weight=obj.stars_weight,
            stars_weight_source=obj.stars_weight_source,
        )
        return saved.settings, saved.job


@admin.register(models.TicketExclusion)
class TicketExclusionAdmin(admin.ModelAdmin[models.TicketExclusion]):
    list_display = ("ticket", "reason", "reference", "created_by", "created_at")
    raw_id_fields = ("ticket", "created_by")
