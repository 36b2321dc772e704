from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "pramoen.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.scoring import builtin, models, signals  # noqa: F401  (builtin registers its methods)

        audit.register(models.VerifiedResult)
        signals.connect()
