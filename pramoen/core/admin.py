from django.contrib import admin
from django.http import HttpRequest

from pramoen.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor_label", "action", "model", "object_pk", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["actor_label", "object_repr", "object_pk"]
    date_hierarchy = "at"

    # The log is evidence: nobody edits or deletes it, not even administrators.
    def has_add_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
