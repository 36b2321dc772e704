from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "pramoen.feeds.budget"
    label = "budget"
    verbose_name = _("Budget disbursement")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.feeds import jobs as feed_jobs  # noqa: F401  (the import job)
        from pramoen.feeds.budget import (  # noqa: F401 - registers budget_disbursement
            feed,
            methods,
            models,
        )
        from pramoen.feeds.budget.views import can_see_any_budget

        audit.register(models.BudgetRules)
        audit.register(models.BudgetLineExclusion)
        # Lines, movements and events are written in bulk; each import is audited as its run
        # (feeds.ImportRun).
        navigation.register_menu(
            navigation.MenuItem(
                "budget",
                _("Budget disbursement"),
                "budget:overview",
                can_see_any_budget,
                41,
                group=navigation.DATA,
            )
        )
