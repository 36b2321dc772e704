from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pramoen.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown in the admin, changed only elsewhere: through the service that checks who may act (and what
    follows from the change), or never."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The log is evidence: nobody edits or deletes it, not even administrators."""

    list_display = ["at", "actor_label", "action", "model", "object_pk", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["actor_label", "object_repr", "object_pk"]
    date_hierarchy = "at"
