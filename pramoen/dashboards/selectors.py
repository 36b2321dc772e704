from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from pramoen.core import audit
from pramoen.core.models import AuditEntry
from pramoen.orgs.models import Agency, Committee, Role
from pramoen.orgs.policy import Action, can, roles_of


@dataclass
class Home:
    """What the home page shows: one section per kind of role the user holds."""

    roles: list[str] = field(default_factory=list)
    agencies: list[tuple[Agency, list[str]]] = field(default_factory=list)
    committees: list[tuple[Committee, list[str]]] = field(default_factory=list)
    is_evaluator: bool = False
    is_executive: bool = False
    is_admin: bool = False
    # the ranking page opens for everyone once the year's scores are published, before that to VIEW_ALL
    sees_ranking: bool = False


def home_for(user: Any) -> Home:
    r = roles_of(user)
    agencies = Agency.objects.filter(pk__in=r.by_agency).select_related("district").order_by("name_th")
    committees = Committee.objects.filter(pk__in=r.by_committee).select_related("district_group")
    return Home(
        roles=sorted(r.all_roles),
        agencies=[(a, sorted(r.agency_roles(a.pk))) for a in agencies],
        committees=[(c, sorted(r.committee_roles(c.pk))) for c in committees],
        is_evaluator=Role.EVALUATOR in r.global_roles,
        is_executive=Role.EXECUTIVE in r.global_roles,
        is_admin=Role.ADMIN in r.global_roles or r.is_superuser,
        sees_ranking=sees_ranking(user),
    )


def sees_ranking(user: Any) -> bool:
    from pramoen.scoring.selectors import fiscal_years

    if can(user, Action.VIEW_ALL):
        return True
    latest = fiscal_years().first()
    return bool(latest and latest.scores_published)


def audit_entries(*, model: str | None = None, actor: str | None = None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if model:
        qs = qs.filter(model=model)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    return qs.order_by("-at", "-pk")


def audited_model_labels() -> list[str]:
    return sorted(m._meta.label for m in audit.registered_models())
