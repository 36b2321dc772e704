from django.contrib import admin

from pramoen.feeds.services.models import ServiceProcess, ServiceRecord


@admin.register(ServiceProcess)
class ServiceProcessAdmin(admin.ModelAdmin[ServiceProcess]):
    list_display = ["code", "name_th", "section", "online", "is_demo"]
    list_filter = ["section", "online", "is_demo"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(admin.ModelAdmin[ServiceRecord]):
    list_display = ["agency", "process", "month", "channel", "count", "batch"]
    list_filter = ["channel", "month"]
    raw_id_fields = ["agency", "process", "batch"]
