"""Items an agency may pick for a ticket or budget-line appeal (besides pasting their ids): asked of the
feed that handles the case's category (``pramoen.feeds.base``)."""

from __future__ import annotations

from pramoen.appeals.models import AppealCase
from pramoen.feeds.base import feed_for_appeal_effect

LIMIT = 200


def for_case(case: AppealCase, *, query: str = "") -> list[dict[str, str]]:
    feed = feed_for_appeal_effect(case.category.effect)
    return [] if feed is None else feed.appeal_candidates(case, query, LIMIT)
