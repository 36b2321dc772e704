from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "pramoen.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from pramoen.appeals import jobs, models  # noqa: F401  (jobs registers its job kinds)
        from pramoen.core import audit, navigation

        audit.register(models.AppealCategory)
        audit.register(models.AppealCase, ignore=("version",))
        audit.register(models.AppealItem)
        audit.register(models.AppealEvidence, ignore=("file",))
        navigation.register_menu(
            navigation.MenuItem("appeals", _("Appeals"), "appeals", order=60, group=navigation.SCORES)
        )
