from django.contrib import admin
from django.http import HttpRequest

from pramoen.appeals.models import AppealCase, AppealCategory


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
class AppealCaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workflow (services.py), which checks who may act."""

    list_display = ("number", "agency", "category", "status", "submitted_at", "decided_by")
    list_filter = ("status", "category__fiscal_year")
    search_fields = ("number", "agency__name_th")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
