from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "pramoen.feeds.services"
    label = "services"
    verbose_name = _("Online services (BMA OSS)")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.feeds import jobs as feed_jobs  # noqa: F401  (the import job)
        from pramoen.feeds.services import (  # noqa: F401 - registers online_services
            feed,
            methods,
            models,
        )
        from pramoen.feeds.services.views import can_see_services

        audit.register(models.ServiceProcess)
        # ServiceRecord rows are written in bulk; each import is audited as its run (feeds.ImportRun).
        navigation.register_menu(
            navigation.MenuItem(
                "services",
                _("Online services"),
                "services:overview",
                can_see_services,
                40,
                group=navigation.DATA,
            )
        )
        # links to the agency's own 3.1 and 3.2 pages (the budget app is installed beside this one)
        navigation.register_home_section(navigation.HomeSection("services/_home.html", order=40))
