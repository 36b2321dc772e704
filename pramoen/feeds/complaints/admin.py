from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pramoen.core import pdpa
from pramoen.feeds.complaints import models


@admin.register(models.ImportRun)
class ImportRunAdmin(admin.ModelAdmin[models.ImportRun]):
    list_display = (
        "pk",
        "file_name",
        "file_format",
        "status",
        "rows_read",
        "inserted",
        "updated",
        "rejected",
    )
    readonly_fields = [f.name for f in models.ImportRun._meta.fields]


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


@admin.register(models.ComplaintSettings)
class ComplaintSettingsAdmin(admin.ModelAdmin[models.ComplaintSettings]):
    list_display = (
        "fiscal_year",
        "dedup_days",
        "dedup_meters",
        "dedup_similarity",
        "min_tickets_for_ranking",
    )


@admin.register(models.TicketExclusion)
class TicketExclusionAdmin(admin.ModelAdmin[models.TicketExclusion]):
    list_display = ("ticket", "reason", "reference", "created_by", "created_at")
    raw_id_fields = ("ticket", "created_by")
