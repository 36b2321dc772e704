from django.contrib import admin

from pramoen.feeds.surveys import models


class QuestionInline(admin.TabularInline):
    model = models.Question
    extra = 0


@admin.register(models.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "indicator", "period", "state", "rule")
    list_filter = ("state", "rule")
    inlines = [QuestionInline]
    raw_id_fields = ("indicator", "period", "approved_by", "created_by")


@admin.register(models.Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "agency", "channel", "submitted_at")
    list_filter = ("channel",)
    raw_id_fields = ("survey", "agency", "token", "paper_import")
