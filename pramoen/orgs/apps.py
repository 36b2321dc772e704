from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "pramoen.orgs"
    label = "orgs"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from pramoen.core import audit, navigation
        from pramoen.orgs import accounts, models, throttle

        throttle.connect_signals()
        navigation.register_menu(
            navigation.MenuItem("password", _("Change password"), "password-change", order=95)
        )
        navigation.register_menu(navigation.MenuItem("two-step", _("Two-step sign-in"), "two-step", order=96))
        navigation.register_home_section(
            navigation.HomeSection(
                "orgs/_home_stale_accounts.html", visible=accounts.sees_stale_accounts, order=90
            )
        )

        audit.register(models.Agency)
        audit.register(models.District, summarise=("boundary",), ignore=("map_boundary",))
        audit.register(models.DistrictGroup)
        audit.register(models.Committee)
        audit.register(models.CommitteeMember)
        audit.register(models.RoleAssignment)
        audit.register(models.User, summarise=("password",), ignore=("last_login",))
        audit.register(models.TwoStepDevice, summarise=("secret",), ignore=("last_step",))
