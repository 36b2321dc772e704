from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "pramoen.feeds.complaints"
    label = "complaints"
    verbose_name = _("Complaints (Traffy Fondue)")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.feeds import jobs as feed_jobs  # noqa: F401  (the import job)
        from pramoen.feeds.complaints import (
            feed,  # noqa: F401  (registers the feed)
            method,
            models,
        )
        from pramoen.orgs.policy import Action, can

        del method  # imported for its @register
        audit.register(models.ImportRun, ignore=("progress",))
        audit.register(models.ComplaintSettings)
        audit.register(models.TicketExclusion)

        def sees_complaints(user: object) -> bool:
            return bool(getattr(user, "is_authenticated", False))

        navigation.register_menu(
            navigation.MenuItem(
                "complaints", _("Complaints"), "complaints:home", visible=sees_complaints, order=40
            )
        )
        navigation.register_home_section(
            navigation.HomeSection(
                "complaints/_home.html",
                visible=lambda user: can(user, Action.VIEW_ALL) or can(user, Action.MANAGE_FRAMEWORK),
                order=40,
            )
        )
