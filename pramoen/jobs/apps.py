from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "pramoen.jobs"
    label = "jobs"
    verbose_name = _("Jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pramoen.core import actors, navigation
        from pramoen.jobs.registry import registered_kinds
        from pramoen.jobs.selectors import can_see_jobs

        def scheduled(kind: str) -> actors.Name | None:
            found = registered_kinds().get(kind)
            return None if found is None else _("scheduled: %(work)s") % {"work": found.label}

        actors.register_prefix("schedule:", scheduled)

        navigation.register_menu(
            navigation.MenuItem(
                "jobs", _("Jobs"), "jobs:list", visible=can_see_jobs, order=85, group=navigation.DATA
            )
        )
