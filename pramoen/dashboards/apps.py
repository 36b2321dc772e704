from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "pramoen.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from pramoen.core import navigation
        from pramoen.orgs.policy import Action, can

        def is_staff(user: Any) -> bool:
            return bool(user.is_authenticated and user.is_staff)

        for item in (
            navigation.MenuItem("home", _("Home"), "home", order=0),
            navigation.MenuItem("agencies", _("Agencies"), "agency-list", order=50, group=navigation.SCORES),
            navigation.MenuItem(
                "district-map", _("District map"), "district-map", order=55, group=navigation.SCORES
            ),
            navigation.MenuItem(
                "committees", _("Committees"), "committee-list", order=10, group=navigation.COMMITTEES
            ),
            navigation.MenuItem(
                "audit-log",
                _("Audit log"),
                "audit-log",
                visible=lambda user: can(user, Action.VIEW_AUDIT),
                order=80,
                group=navigation.SETTINGS,
            ),
            navigation.MenuItem(
                "admin",
                _("Administration"),
                "admin:index",
                visible=is_staff,
                order=90,
                group=navigation.SETTINGS,
            ),
        ):
            navigation.register_menu(item)
