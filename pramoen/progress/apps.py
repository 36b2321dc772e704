from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "pramoen.progress"
    label = "progress"
    verbose_name = _("Progress reports")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.progress import jobs, models  # noqa: F401  (jobs registers its job kinds)

        for model in (
            models.YearRules,
            models.ActionPlan,
            models.Milestone,
            models.ProgressReport,
            models.Obstacle,
            models.PeriodControl,
            models.LockException,
        ):
            audit.register(model)
        # the stored file names are logged through original_name, size and content_type
        audit.register(models.Evidence, ignore=("file", "thumbnail"))
        from pramoen.orgs.policy import Action, can

        navigation.register_menu(
            navigation.MenuItem("progress", _("Progress reports"), "progress:home", order=20)
        )
        navigation.register_menu(
            navigation.MenuItem("warnings", _("Early warning"), "progress:warnings", order=21)
        )
        # notifications: the bell in the page header, not a menu entry
        from pramoen.progress import notify

        navigation.register_bell(navigation.Bell("progress:notifications", notify.unread_count))
        navigation.register_menu(
            navigation.MenuItem(
                "periods",
                _("Deadlines and locks"),
                "progress:periods",
                visible=lambda user: can(user, Action.VERIFY_RESULTS),
                order=20,
                group=navigation.SETTINGS,
            )
        )
        navigation.register_home_section(navigation.HomeSection("progress/_home.html", order=20))
