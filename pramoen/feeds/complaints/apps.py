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
        audit.register(models.ComplaintSettings)
        audit.register(models.TicketExclusion)

        def sees_complaints(user: object) -> bool:
            # the same people the complaint home lets in: executives and the evaluation office, district
            # offices and the committees that review them (not a bureau's host reviewer)
            from pramoen.orgs.models import District

            if not getattr(user, "is_authenticated", False):
                return False
            if can(user, Action.VIEW_ALL):
                return True
            offices = District.objects.values_list("office_id", flat=True)
            return any(can(user, Action.VIEW_AGENCY_PRIVATE, agency=o) for o in offices)

        navigation.register_menu(
            navigation.MenuItem(
                "complaints",
                _("Complaints"),
                "complaints:home",
                visible=sees_complaints,
                order=40,
                group=navigation.DATA,
            )
        )
        navigation.register_menu(
            navigation.MenuItem(
                "complaints-import",
                _("Import complaints (Traffy Fondue)"),
                "complaints:import",
                # the import page's own check (views.import_page): the evaluation office
                visible=lambda user: bool(user.is_authenticated) and can(user, Action.MANAGE_FRAMEWORK),
                order=40,  # right after "Complaints" (same order, the key sorts after it)
                group=navigation.DATA,
            )
        )
        navigation.register_home_section(
            navigation.HomeSection(
                "complaints/_home.html",
                visible=lambda user: can(user, Action.VIEW_ALL) or can(user, Action.MANAGE_FRAMEWORK),
                order=40,
            )
        )
