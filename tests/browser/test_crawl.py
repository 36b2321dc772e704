"""Every demo login, from its home, following the links it is shown (depth 2, bounded), at 1280 px and
390 px: no 5xx, no 403 or 404 through a shown link, no page wider than the window, no English left in the
Thai UI outside the names allowed in crawl.ALLOWED_LATIN, and axe finds no serious or critical violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from pramoen.dashboards.management.commands.demo import DEFAULT_PASSWORD
from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import load_reference
from tests.browser.crawl import crawl

# It loads the whole demo and opens over a hundred pages (minutes of CPU): slow, and run once, on PostgreSQL.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

USERNAMES = (
    "bangrak.staff", "bangrak.head", "thonburi.staff", "publicworks.reviewer", "eval.officer",
    "committee1.secretary", "committee1.member", "committee4.secretary", "executive", "admin",
    "sathon.staff", "socialdev.reviewer", "ocsc.head",
)  # fmt: skip
# Pages per login and width.  Pages whose address differs from one already checked at that width only by
# its numbers (another report, another district) are not opened again, so the bound reaches further.
MAX_PAGES = 10


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the crawl runs once per suite, on PostgreSQL (make test-postgres): it takes minutes")
    settings.MEDIA_ROOT = tmp_path
    load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115  (the demo's own password)


def test_every_demo_login_can_follow_every_link_it_is_shown(browser, live_server, demo):
    problems = []
    pages = 0
    for width in (1280, 390):
        shapes: set[str] = set()
        for username in USERNAMES:
            found = crawl(
                browser,
                live_server.url,
                username,
                DEFAULT_PASSWORD,
                width=width,
                max_pages=MAX_PAGES,
                axe=width == 1280,  # axe's rules do not depend on the width; the width checks do
                seen_shapes=shapes,
            )
            pages += found.pages
            problems += found.problems
    assert pages > 100
    assert [str(p) for p in problems] == []
