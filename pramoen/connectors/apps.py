from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "pramoen.connectors"
    label = "connectors"
    verbose_name = _("Connectors")

    def ready(self) -> None:
        from pramoen.connectors import jobs, models, traffy  # noqa: F401  (the connector and its job kind)
        from pramoen.connectors.base import get_connector
        from pramoen.core import actors, audit, navigation
        from pramoen.orgs.policy import Action, can

        def pulled(key: str) -> actors.Name | None:
            found = get_connector(key)
            return None if found is None else _("pulling from %(source)s") % {"source": found.label}

        actors.register_prefix("pull:", pulled)

        audit.register(models.ConnectorState, ignore=("cursor", "last_pull_at", "last_success_at"))
        navigation.register_menu(
            navigation.MenuItem(
                "connectors",
                _("Data connectors"),
                "connectors:home",
                visible=lambda user: user.is_authenticated and can(user, Action.MANAGE_FRAMEWORK),
                order=62,
                group=navigation.DATA,
            )
        )
