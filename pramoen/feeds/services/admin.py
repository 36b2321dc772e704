from django.contrib import admin

from pramoen.feeds.services.models import ServiceImport, ServiceProcess, ServiceRecord


@admin.register(ServiceProcess)
class ServiceProcessAdmin(admin.ModelAdmin[ServiceProcess]):
    list_display = ["code", "name_th", "section", "online", "is_demo"]
    list_filter = ["section", "online", "is_demo"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(ServiceImport)
class ServiceImportAdmin(admin.ModelAdmin[ServiceImport]):
    list_display = ["at", "filename", "imported_by", "layout", "rows_read", "created", "updated", "is_demo"]
    readonly_fields = [f.name for f in ServiceImport._meta.fields]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(admin.ModelAdmin[ServiceRecord]):
    list_display = ["agency", "process", "month", "channel", "count", "batch"]
    list_filter = ["channel", "month"]
    raw_id_fields = ["agency", "process", "batch"]
