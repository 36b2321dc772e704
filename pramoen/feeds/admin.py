from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pramoen.feeds.base import registered_feeds
from pramoen.feeds.models import ImportRun


class FeedFilter(admin.SimpleListFilter):
    title = _("data feed")
    parameter_name = "feed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(key, feed.label) for key, feed in sorted(registered_feeds().items())]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ImportRun]) -> QuerySet[ImportRun]:
        value = self.value()
        return queryset.filter(feed=value) if value else queryset


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    """Read-only: a run is the record of what a file did; it is written by the feeds' importers alone."""

    list_display = ("pk", "feed_label", "file_name", "file_format", "status", "started_at", "rows_read",
                    "rejected", "actor_label", "job")  # fmt: skip
    list_filter = (FeedFilter, "status", "is_demo")
    search_fields = ("file_name", "sha256", "actor_label")
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    list_select_related = ("job",)

    @admin.display(description=_("data feed"), ordering="feed")
    def feed_label(self, obj: ImportRun) -> str:
        feed = registered_feeds().get(obj.feed)
        return str(feed.label) if feed is not None else obj.feed

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
