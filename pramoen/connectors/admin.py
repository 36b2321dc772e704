from django.contrib import admin

from pramoen.connectors.models import ConnectorState, Pull


@admin.register(ConnectorState)
class ConnectorStateAdmin(admin.ModelAdmin):
    list_display = ("key", "last_pull_at", "last_success_at", "cursor")


@admin.register(Pull)
class PullAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "connector",
        "state",
        "pages",
        "new",
        "changed",
        "state_changes",
        "rejected",
    )
    list_filter = ("connector", "state")
