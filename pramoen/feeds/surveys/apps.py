from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "pramoen.feeds.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.feeds.base import register_feed
        from pramoen.feeds.surveys import method, models  # noqa: F401  (registers the survey method)
        from pramoen.feeds.surveys.feed import SurveysFeed

        register_feed(SurveysFeed())  # also registers the survey_scores job kind
        from pramoen.orgs.policy import Action, can, roles_of

        audit.register(models.Survey)
        audit.register(models.Question)
        # responses arrive one by one from the public (no personal data) or in bulk from paper: each
        # paper batch is audited as its run (feeds.ImportRun); tokens are bookkeeping

        def concerned(user: Any) -> bool:
            return (
                bool(roles_of(user).by_agency)
                or can(user, Action.APPROVE_SURVEY)
                or can(user, Action.VIEW_ALL)
            )

        navigation.register_menu(navigation.MenuItem("surveys", _("Surveys"), "surveys:list", concerned, 46))
