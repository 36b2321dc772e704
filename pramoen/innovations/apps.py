from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "pramoen.innovations"
    label = "innovations"
    verbose_name = _("Innovation Base")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.innovations import jobs, method, models  # noqa: F401  (registers the method and job kind)

        audit.register(models.InnovationEvidence, ignore=("file",))
        audit.register(models.Innovation, ignore=("search_tokens", "updated_at"))
        for model in (
            models.InnovationAssessment,
            models.InnovationCriteria,
            models.InnovationGroup,
        ):
            audit.register(model)

        def signed_in(user: Any) -> bool:
            return bool(user.is_authenticated)

        navigation.register_menu(
            navigation.MenuItem("innovations", _("Innovations"), "innovations:list", signed_in, 45)
        )
        navigation.register_home_section(navigation.HomeSection("innovations/_home.html", signed_in, 45))
