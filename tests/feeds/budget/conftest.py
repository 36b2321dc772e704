from __future__ import annotations

from typing import Any

import pytest

HEADER = "record,agency,fiscal_year,line,name,budget_type,source,welfare,approved,date,amount,ref,event,note"


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages are asserted in English (the message ids); pages are tried in Thai by the client."""
    from django.utils import translation

    with translation.override("en"):
        yield


def budget_csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def kpi32(db: Any) -> Any:
    """FY2567's KPI 3.2: year-end criteria 80/85/90/95/100 on the budget rules' plan 20/45/70/100."""
    from tests.feeds.criteria import feed_indicator

    return feed_indicator(
        year=2567,
        code="3.2",
        method="budget_disbursement",
        thresholds=[80, 85, 90, 95, 100],
        plan={"Q1": 20, "Q2": 45, "Q3": 70, "Q4": 100},
    )
