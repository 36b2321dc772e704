from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from shapely.geometry import shape

from pramoen.orgs.models import District
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
    yield fake
    fake.stop()


def inside(code: int, east_m: float = 0.0) -> tuple[float, float]:
    p = shape(District.objects.get(code=code).boundary).representative_point()
    return round(p.x + east_m / 108_000, 6), round(p.y, 6)


def tickets(n: int, *, code: int = 1004, start: dt.datetime = T0, prefix: str = "2024-TST") -> list[dict]:
    """``n`` tickets inside district ``code``, one a minute from ``start``, each 200 m from the last."""
    return [
        ticket(f"{prefix}{i:03d}", inside(code, 200.0 * (i % 5)), start + dt.timedelta(minutes=i))
        for i in range(1, n + 1)
    ]
