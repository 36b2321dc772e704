from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_all(user: object) -> bool:
    from pramoen.orgs.policy import Action, can

    return can(user, Action.VIEW_ALL)


def _home_card(user: object) -> bool:
    """The overview's card on the home, for those who read all but are not executives: an executive's home
    shows the overview's laggards and trend themselves (``dashboards/_executive.html``)."""
    from pramoen.orgs.models import Role
    from pramoen.orgs.policy import roles_of

    return _reads_all(user) and Role.EXECUTIVE not in roles_of(user).global_roles


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
            navigation.HomeSection("insights/_home.html", visible=_home_card, order=5)
        )
