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
