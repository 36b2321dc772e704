from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "pramoen.framework"
    label = "framework"
    verbose_name = _("Evaluation framework")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.framework import jobs, models  # noqa: F401  (jobs registers its job kind)

        for model in (
            models.FiscalYear,
            models.Period,
            models.Component,
            models.Indicator,
            models.Assignment,
            models.Target,
            models.PeriodCriteria,
            models.PlanPoint,
            models.EvaluationRound,
        ):
            audit.register(model)
        from pramoen.core import navigation
        from pramoen.core.navigation import MenuItem, register_menu
        from pramoen.orgs.policy import Action, can

        register_menu(
            MenuItem(
                "framework-workbook",
                _("Framework workbook"),
                "framework-workbook",
                visible=lambda user: can(user, Action.MANAGE_FRAMEWORK),
                order=60,
                group=navigation.SETTINGS,
            )
        )
        register_menu(
            MenuItem(
                "framework-rounds",
                _("Evaluation rounds"),
                "framework-rounds",
                visible=lambda user: can(user, Action.MANAGE_FRAMEWORK),
                order=61,
            )
        )
