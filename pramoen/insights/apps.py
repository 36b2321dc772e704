from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_all(user: object) -> bool:
    from pramoen.orgs.policy import Action, can

    return can(user, Action.VIEW_ALL)


class InsightsConfig(AppConfig):
    name = "pramoen.insights"
    label = "insights"
    verbose_name = _("Executive overview")

    def ready(self) -> None:
        from pramoen.core import navigation

        navigation.register_menu(
            navigation.MenuItem("overview", _("Overview"), "insights:overview", visible=_reads_all, order=5)
        )
        navigation.register_home_section(
            navigation.HomeSection("insights/_home.html", visible=_reads_all, order=5)
        )
