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
