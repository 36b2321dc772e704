from __future__ import annotations

from typing import Any

import pytest

from pramoen.feeds.services.demo import load_processes


@pytest.fixture
def catalogue(db: Any) -> None:
    load_processes()


def csv_bytes(*rows: str, header: str = "district,process,month,channel,count") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English (the message ids); pages are tried in Thai by the client."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def kpi31(db: Any) -> Any:
    """FY2567's KPI 3.1 with the demo's criteria 10/20/30/40/50 (its one source of thresholds)."""
    from tests.feeds.criteria import feed_indicator

    return feed_indicator(year=2567, code="3.1", method="online_services", thresholds=[10, 20, 30, 40, 50])
