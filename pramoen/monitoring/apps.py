from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pramoen.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring committees")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.monitoring import models

        for model in (
            models.Round,
            models.Sheet,
            models.Meeting,
            models.Obstacle,
            models.Suggestion,
            models.Observation,
        ):
            audit.register(model, ignore=("updated_at",) if model is models.Sheet else ())
        navigation.register_menu(
            navigation.MenuItem(
                "monitoring",
                _("Monitoring"),
                "monitoring:home",
                order=50,
                group=navigation.COMMITTEES,
            )
        )
        navigation.register_home_section(
            navigation.HomeSection("monitoring/_home.html", visible=_sees_monitoring, order=50)
        )


def _sees_monitoring(user) -> bool:
    return bool(user.is_authenticated)
