from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "pramoen.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring committees")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.monitoring import jobs, models  # noqa: F401  (jobs registers its job kinds)

        for model in (
            models.Round,
            models.Sheet,
            models.Meeting,
            models.Obstacle,
            models.Suggestion,
            models.Observation,
        ):
            ignore: tuple[str, ...] = ()
            if model is models.Sheet:
                ignore = ("updated_at",)
            elif model is models.Observation:
                ignore = ("evidence_file",)  # a file is not a JSON value; its upload is in the row's history
            audit.register(model, ignore=ignore)
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
