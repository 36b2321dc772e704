from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pramoen.notifications"
    label = "notifications"
    verbose_name = _("Notification channels")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.notifications import channels, jobs, models  # noqa: F401  (jobs registers its kinds)

        channels.register_builtin()
        for model in (models.Preference, models.LineAccount):
            audit.register(model)
