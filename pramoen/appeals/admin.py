from django.contrib import admin

from pramoen.appeals.models import AppealCase, AppealCategory
from pramoen.core.admin import ReadOnlyAdmin


@admin.register(AppealCategory)
class AppealCategoryAdmin(admin.ModelAdmin):
    list_display = (
        "fiscal_year",
        "code",
        "name_th",
        "effect",
        "opens_on",
        "closes_on",
        "decider",
        "published_at",
    )
    list_filter = ("fiscal_year", "effect", "decider")


@admin.register(AppealCase)
class AppealCaseAdmin(ReadOnlyAdmin):
    """Read-only: cases change only through the workflow (services.py), which checks who may act."""

    list_display = ("number", "agency", "category", "status", "submitted_at", "decided_by")
    list_filter = ("status", "category__fiscal_year")
    search_fields = ("number", "agency__name_th")
