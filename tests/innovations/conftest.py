"""The Innovation Base's world: FY2567 with component 2 computed by the ``innovation`` method, the host
(สำนักงาน ก.ก.) with a reviewer, and helpers to register and score innovations."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from pramoen.framework.models import Assignment, Component, Indicator
from pramoen.framework.services import fiscal_year_ensure
from pramoen.innovations import services
from pramoen.innovations.models import Innovation
from pramoen.orgs.models import Agency, Role, RoleAssignment, User

HOST = "civil-service-commission"


@pytest.fixture
def host_reviewer(personas) -> User:
    user = User.objects.create_user(username="ocsc.reviewer", password="x-Test-2567!")
    RoleAssignment.objects.create(user=user, role=Role.HOST_REVIEWER, agency=Agency.objects.get(code=HOST))
    return user


@pytest.fixture
def component2(personas) -> dict[str, Assignment]:
    fy = fiscal_year_ensure(year=2567)
    comp = Component.objects.create(
        fiscal_year=fy, code="2", name_th="นวัตกรรม", name_en="Innovation", weight=D(10), order=2
    )
    ind = Indicator.objects.create(
        fiscal_year=fy,
        component=comp,
        code="2.1",
        name_th="ระดับความสำเร็จของการพัฒนานวัตกรรม",
        method="innovation",
        host_agency=Agency.objects.get(code=HOST),
        t1=D(1),
        t2=D(2),
        t3=D(3),
        t4=D(4),
        t5=D(5),
    )
    return {
        code: Assignment.objects.create(indicator=ind, agency=Agency.objects.get(code=code), weight=D(100))
        for code in ("1004", "1028", "1015")
    }


def make(actor: User, agency_code: str, title: str, **values: Any) -> Innovation:
    data = services.InnovationInput(
        fiscal_year=values.pop("fiscal_year", 2567),
        title=title,
        problem=values.pop("problem", "นักเรียนขาดเรียนโดยผู้ปกครองไม่รู้"),
        solution=values.pop("solution", "แจ้งผู้ปกครองเมื่อนักเรียนไม่มาเรียน"),
        results=values.pop("results", "ผู้ปกครองรู้ทันที"),
        **values,
    )
    return services.innovation_create(actor=actor, agency=Agency.objects.get(code=agency_code), data=data)


def submitted(personas: dict[str, User], agency_code: str, title: str, **values: Any) -> Innovation:
    """Registered by the agency's staff and submitted by its head (บางรัก's personas, others by admin)."""
    staff = {"1004": "bangrak.staff", "1028": "sathon.staff", "1015": "thonburi.staff"}[agency_code]
    innovation = make(personas[staff], agency_code, title, **values)
    head = personas["bangrak.head"] if agency_code == "1004" else _head(agency_code)
    return services.innovation_submit(actor=head, innovation=innovation)


def _head(agency_code: str) -> User:
    user, created = User.objects.get_or_create(username=f"head.{agency_code}")
    if created:
        RoleAssignment.objects.create(
            user=user, role=Role.APPROVER, agency=Agency.objects.get(code=agency_code)
        )
    return user


def scored(personas, host: User, agency_code: str, title: str, marks: tuple[int, int, int, int], **values):
    innovation = submitted(personas, agency_code, title, **values)
    keys = ("novelty", "usefulness", "results", "spread")
    services.innovation_assess(actor=host, innovation=innovation, marks=dict(zip(keys, marks, strict=True)))
    services.innovation_score(actor=host, innovation=innovation)
    innovation.refresh_from_db()
    return innovation
