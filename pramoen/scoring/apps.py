from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "pramoen.scoring"
    label = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.scoring import builtin, jobs, models, signals  # noqa: F401  (builtin registers its methods)

        audit.register(models.VerifiedResult)
        audit.register(models.ScoreAdjustment)
        signals.connect()

        from pramoen.core import navigation
        from pramoen.orgs.policy import Action, can, roles_of

        def has_scores(user: Any) -> bool:
            return bool(roles_of(user).by_agency) or can(user, Action.VIEW_ALL)

        navigation.register_menu(
            navigation.MenuItem(
                "scores", _("Scorecard"), "my-scores", visible=has_scores, order=10, group=navigation.SCORES
            )
        )
        navigation.register_home_section(
            navigation.HomeSection("scoring/_home.html", visible=has_scores, order=10)
        )
