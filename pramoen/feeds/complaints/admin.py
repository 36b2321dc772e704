from django.contrib import admin

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
