from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pramoen.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from pramoen.core import audit, cleaning

        cleaning.connect_signals()
        audit.connect_signals()
