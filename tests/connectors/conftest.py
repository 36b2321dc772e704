from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any

import pytest
from shapely.geometry import shape

from pramoen.framework.models import Assignment, Component, Indicator
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency, District
from tests.connectors.fake_traffy import FakeTraffy, ticket

T0 = dt.datetime(2024, 1, 10, 2, 0, tzinfo=dt.UTC)  # FY2567, Q2


@pytest.fixture
def traffy(settings: Any) -> Iterator[FakeTraffy]:
    fake = FakeTraffy().start()
    settings.TRAFFY_URL = fake.url
    settings.TRAFFY_PAGE_SIZE = 5
    settings.TRAFFY_RETRIES = 3
    settings.TRAFFY_BACKOFF_SECONDS = 0.001
    settings.TRAFFY_TIMEOUT_SECONDS = 5
    settings.TRAFFY_AREA = ""
    settings.TRAFFY_SOURCE = "search"
    settings.TRAFFY_LOOKBACK_DAYS = 3
    yield fake
    fake.stop()


def inside(code: int, east_m: float = 0.0) -> tuple[float, float]:
    p = shape(District.objects.get(code=code).boundary).representative_point()
    return round(p.x + east_m / 108_000, 6), round(p.y, 6)


def tickets(
    n: int, *, code: int = 1004, start: dt.datetime = T0, prefix: str = "2024-TST", per_day: int | None = None
) -> list[dict]:
    """``n`` tickets inside district ``code``, one a minute from ``start``, each 200 m from the last (with
    ``per_day``, that many a day: ticket i on day (i - 1) // per_day after ``start``'s)."""
    return [
        ticket(
            f"{prefix}{i:03d}",
            inside(code, 200.0 * (i % 5)),
            start + dt.timedelta(days=(i - 1) // per_day if per_day else 0, minutes=i),
        )
        for i in range(1, n + 1)
    ]


def component_4_for(agency: Agency) -> Assignment:
    """FY2567 with component 4 (Traffy Fondue, 20/35/50/65/80 %) assigned to ``agency``."""
    fy = fiscal_year_ensure(year=2567)
    c4 = Component.objects.create(fiscal_year=fy, code="4", name_th="เรื่องร้องเรียน", weight=D(20), order=1)
    indicator = Indicator.objects.create(
        fiscal_year=fy, component=c4, code="4", name_th="Traffy Fondue", method="complaints",
        t1=D(20), t2=D(35), t3=D(50), t4=D(65), t5=D(80),
    )  # fmt: skip
    return Assignment.objects.create(indicator=indicator, agency=agency, weight=D(10))
