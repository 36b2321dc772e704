from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pramoen.feeds.budget.models import (
    BudgetLine,
    BudgetLineExclusion,
    BudgetMovement,
    BudgetRules,
    ProcurementEvent,
)
from pramoen.feeds.budget.services import budget_rules_set
from pramoen.feeds.rules_admin import FeedRulesAdmin


class MovementInline(admin.TabularInline[BudgetMovement, BudgetLine]):
    model = BudgetMovement
    extra = 0
    raw_id_fields = ["batch"]


class EventInline(admin.TabularInline[ProcurementEvent, BudgetLine]):
    model = ProcurementEvent
    extra = 0
    raw_id_fields = ["batch"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin[BudgetLine]):
    list_display = ["agency", "fiscal_year", "code", "name", "budget_type", "source", "approved"]
    list_filter = ["fiscal_year", "budget_type", "source"]
    search_fields = ["code", "name", "agency__name_th"]
    raw_id_fields = ["agency", "batch"]
    inlines = [MovementInline, EventInline]


@admin.register(BudgetLineExclusion)
class BudgetLineExclusionAdmin(admin.ModelAdmin[BudgetLineExclusion]):
    list_display = ["line", "reason", "reference", "decided_on"]
    raw_id_fields = ["line"]


@admin.register(BudgetRules)
class BudgetRulesAdmin(FeedRulesAdmin):
    list_display = [
        "fiscal_year",
        "exclude_personnel",
        "exclude_welfare",
        "exclude_supplementary",
        "exclude_government_subsidy",
        "exclude_carried_over",
        "note",
    ]

    def rules_save(self, request: HttpRequest, obj: BudgetRules) -> tuple[Any, Any | None]:
        saved = budget_rules_set(actor=request.user, rules=obj)
        return saved.rules, saved.job
