from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "pramoen.orgs"
    label = "orgs"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from pramoen.core import audit
        from pramoen.orgs import models

        audit.register(models.Agency)
        audit.register(models.District, summarise=("boundary",), ignore=("map_boundary",))
        audit.register(models.DistrictGroup)
        audit.register(models.Committee)
        audit.register(models.CommitteeMember)
        audit.register(models.RoleAssignment)
        audit.register(models.User, summarise=("password",), ignore=("last_login",))
