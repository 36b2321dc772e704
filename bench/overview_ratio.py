"""The executive overview, the portal's score page and one district's ticket ledger, built (a new data
generation) and from the cache, against a same-run baseline: one agency's scorecard.  Medians of five.
Run on a database with the demo:

    PRAMOEN_DEBUG=1 PRAMOEN_ALLOWED_HOSTS=testserver .venv/bin/pramoen shell < bench/overview_ratio.py
"""

import statistics
import time
from collections.abc import Callable

from django.test import Client

from pramoen.core import generation
from pramoen.orgs.models import User

RUNS = 5


def median_seconds(fn: Callable[[], None]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


executive = Client()
executive.force_login(User.objects.get(username="executive"))
anonymous = Client()


def get(client: Client, url: str, *, fresh: bool = False) -> None:
    if fresh:
        generation._bump_now()
    assert client.get(url).status_code == 200, url


OVERVIEW = "/overview/?fy=2567&period=H1"
PUBLIC = "/public/2567/H1/"
LEDGER = "/public/2567/H1/complaints/1004/"
CARD = "/scores/agency/1004/?fy=2567&period=H1"
for url, client in ((OVERVIEW, executive), (PUBLIC, anonymous), (LEDGER, anonymous), (CARD, executive)):
    get(client, url)  # warm the templates and the cache
baseline = median_seconds(lambda: get(executive, CARD))
for name, url, client in (
    ("overview", OVERVIEW, executive),
    ("public scores", PUBLIC, anonymous),
    ("ledger", LEDGER, anonymous),
):
    built = median_seconds(lambda: get(client, url, fresh=True))  # noqa: B023
    cached = median_seconds(lambda: get(client, url))  # noqa: B023
    print(
        f"{name}: built {built * 1000:.0f} ms = {built / baseline:.2f}×, cached {cached * 1000:.0f} ms = "
        f"{cached / baseline:.2f}× the scorecard ({baseline * 1000:.0f} ms)"
    )
