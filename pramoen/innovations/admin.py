from django.contrib import admin

from pramoen.core.admin import ReadOnlyAdmin
from pramoen.innovations import models


@admin.register(models.Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "fiscal_year", "status", "kind", "state", "group")
    list_filter = ("fiscal_year", "status", "category", "kind", "state")
    search_fields = ("title", "problem", "agency__name_th")
    raw_id_fields = ("agency", "adopted_from", "group", "created_by")


@admin.register(models.InnovationAssessment)
class InnovationAssessmentAdmin(admin.ModelAdmin):
    list_display = ("innovation", "level", "assessed_by", "assessed_at", "scored_at")
    raw_id_fields = ("innovation", "assessed_by", "scored_by")


@admin.register(models.InnovationCriteria)
class InnovationCriteriaAdmin(ReadOnlyAdmin):
    """A year's criteria change on /innovations/criteria/ (services.innovation_criteria_save), which checks
    them, re-levels the year's assessments and recomputes component 2."""

    list_display = ("fiscal_year", "spread_bonus")


admin.site.register(models.InnovationGroup)
admin.site.register(models.InnovationEvidence)
