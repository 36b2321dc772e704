from django.contrib import admin

from pramoen.notifications.models import Delivery, LineAccount, Preference


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "channel", "event", "state", "attempts", "last_error")
    list_filter = ("channel", "state", "event")
    search_fields = ("user__username",)
    raw_id_fields = ("user", "notification")


@admin.register(LineAccount)
class LineAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "active", "linked_at", "stopped_reason", "stopped_at")
    list_filter = ("active", "stopped_reason")
    search_fields = ("user__username",)
    raw_id_fields = ("user",)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "quiet_enabled", "quiet_from", "quiet_to", "digest", "updated_at")
    raw_id_fields = ("user",)
