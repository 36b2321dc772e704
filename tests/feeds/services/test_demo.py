"""The generated demo: reproducible, idempotent, and กรุงธนเหนือ within the seed report's 0.78–5.67 %."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from pramoen.feeds.services import selectors
from pramoen.feeds.services.models import ServiceProcess, ServiceRecord
from pramoen.framework.periods import period_bounds

pytestmark = pytest.mark.django_db


def test_the_demo_matches_the_seed_report_and_is_idempotent():
    call_command("demo_services_budget", verbosity=0)
    assert ServiceProcess.objects.filter(online=True).count() == 108
    assert not ServiceProcess.objects.filter(is_demo=False).exists()
    start, end = period_bounds(2567, "H1")
    rows = selectors.overview(start=start, end=end, criteria=None, agency_ids=None)
    assert len(rows) == 50 and all(r.figures.total > 1000 for r in rows)
    shares = {r.district.code: r.figures.share.quantize(Decimal("0.01"), ROUND_HALF_UP) for r in rows}
    north_thonburi = [shares[r.district.code] for r in rows if r.district.group.code == 5]
    assert len(north_thonburi) == 8
    assert min(north_thonburi) == Decimal("0.78") and max(north_thonburi) == Decimal("5.67")
    others = [shares[r.district.code] for r in rows if r.district.group.code != 5]
    assert min(others) > Decimal("1") and max(others) < Decimal("20") and max(others) > Decimal("10")
    totals = ServiceRecord.objects.aggregate(rows=Count("pk"), applications=Sum("count"))
    call_command("demo_services_budget", verbosity=0)
    assert ServiceRecord.objects.aggregate(rows=Count("pk"), applications=Sum("count")) == totals
    again = selectors.overview(start=start, end=end, criteria=None, agency_ids=None)
    assert [r.figures for r in again] == [r.figures for r in rows]
