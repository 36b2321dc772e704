from __future__ import annotations

from typing import Any

import pytest

from pramoen.core.audit import acting_as
from pramoen.monitoring import services
from pramoen.monitoring.demo import load_demo_monitoring
from pramoen.monitoring.models import Round, Sheet
from pramoen.orgs.models import Committee


@pytest.fixture
def draft_round(personas: dict[str, Any]) -> Round:
    existing = Round.objects.filter(fiscal_year=2568, period="H1").first()  # the demo opens it too
    if existing is not None:
        return existing
    return services.round_create(actor=personas["eval.officer"], fiscal_year=2568, period="H1")


@pytest.fixture
def sheet1(draft_round: Round) -> Sheet:
    return Sheet.objects.get(round=draft_round, committee__number=1)


@pytest.fixture
def sheet4(draft_round: Round) -> Sheet:
    return Sheet.objects.get(round=draft_round, committee__number=4)


@pytest.fixture
def demo_round(personas: dict[str, Any]) -> Round:
    with acting_as(label="system:test"):
        return load_demo_monitoring()


@pytest.fixture
def committee(personas: dict[str, Any]):  # type: ignore[no-untyped-def]
    return lambda n: Committee.objects.get(number=n)


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages are matched in English here; pages still answer in Thai (the middleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield


from tests.notifications.conftest import line_api  # noqa: E402,F401  (the local fake of LINE's API)
