from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """The feed registry's own app: the one import-run record every feed writes (``models.ImportRun``)."""

    name = "pramoen.feeds"
    label = "feeds"
    verbose_name = _("Data feeds")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.feeds import models

        audit.register(models.ImportRun)
