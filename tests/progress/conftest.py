"""A small FY2567 framework for bangrak (1004): a public-works indicator bangrak supports (host review
needed), an action-plan indicator of its own, and a feed-computed complaints indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from pramoen.core.audit import acting_as
from pramoen.framework.models import Assignment, Component, Indicator, Period, Target
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency


@dataclass
class World:
    sidewalks: Assignment  # ratio, bangrak supports public works (host review)
    sidewalks_host: Assignment
    plan: Assignment  # action_plan, bangrak alone
    complaints: Assignment  # computed from the Traffy Fondue feed
    sathon_sidewalks: Assignment
    q3: Period
    m07: Period


def _indicator(fy: Any, comp: Component, code: str, method: str, host: Agency) -> Indicator:
    return Indicator.objects.create(
        fiscal_year=fy,
        component=comp,
        code=code,
        name_th=f"ตัวชี้วัด {code}",
        name_en=f"Indicator {code}",
        method=method,
        unit="%",
        t1=60,
        t2=70,
        t3=80,
        t4=90,
        t5=100,
        host_agency=host,
    )


@pytest.fixture
def api_for(personas: Any) -> Any:
    """An API client signed in (force-authenticated) as one of the demo personas."""

    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(personas[username])
        return client

    return make


@pytest.fixture
def world(personas: Any) -> World:
    return build_world()


def build_world() -> World:
    """Needs the reference agencies and the demo personas in the database."""
    with acting_as(label="system:test"):
        fy = fiscal_year_ensure(year=2567)
        comp = Component.objects.create(
            fiscal_year=fy, code="1", name_th="องค์ประกอบ ๑", name_en="C1", weight=60
        )
        bangrak = Agency.objects.get(code="1004")
        sathon = Agency.objects.get(code="1028")
        works = Agency.objects.get(code="public-works")
        sidewalks = _indicator(fy, comp, "1.4", "ratio", works)
        planned = _indicator(fy, comp, "1.3", "action_plan", bangrak)
        complaints = _indicator(fy, comp, "4.1", "complaints", bangrak)
        a = Assignment.objects.create(indicator=sidewalks, agency=bangrak, weight=10, role="supporter")
        h = Assignment.objects.create(indicator=sidewalks, agency=works, weight=10, role="host")
        s = Assignment.objects.create(indicator=sidewalks, agency=sathon, weight=10, role="supporter")
        p = Assignment.objects.create(indicator=planned, agency=bangrak, weight=10, role="sole")
        c = Assignment.objects.create(indicator=complaints, agency=bangrak, weight=10, role="sole")
        periods = {x.code: x for x in Period.objects.filter(fiscal_year=fy)}
        for assignment in (a, h, s, p, c):
            for code in ("Q3", "FY", "M07"):
                Target.objects.create(assignment=assignment, period=periods[code], value=Decimal(100))
    return World(a, h, p, c, s, periods["Q3"], periods["M07"])
