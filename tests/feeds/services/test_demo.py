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


def test_the_demo_gives_every_bureau_and_office_assigned_3_1_a_score_from_generated_system_use(client_for):
    from pramoen.feeds.services.demo import load_services_demo, load_systems_demo
    from pramoen.feeds.services.models import SystemUsage
    from pramoen.framework.demo import load_framework_demo
    from pramoen.framework.models import Assignment
    from pramoen.orgs.models import Agency
    from pramoen.scoring.methods import MethodContext, get_method

    load_framework_demo()
    load_services_demo()
    bureaus = Assignment.objects.filter(indicator__code="3.1", indicator__fiscal_year__year=2567).exclude(
        agency__kind=Agency.Kind.DISTRICT_OFFICE
    )
    assert bureaus.count() == Agency.objects.exclude(kind=Agency.Kind.DISTRICT_OFFICE).count() > 20
    assert "สำนักและสำนักงาน" in bureaus[0].indicator.name_th and "BMA OSS" in bureaus[0].indicator.name_th
    start, end = period_bounds(2567, "H1")
    criteria = selectors.criteria_for_period(2567, "H1")
    levels = []
    for a in bureaus.select_related("agency"):
        ctx = MethodContext(
            agency_id=a.agency_id, agency_code=a.agency.code, fiscal_year=2567, period_code="H1",
            period_start=start, period_end=end, indicator_code="3.1", params={},
        )  # fmt: skip
        actual = get_method("online_services").compute(ctx).actual
        assert actual is not None, a.agency.code
        levels.append(criteria.score(actual)[1])
    assert len(set(levels)) >= 3  # the agencies spread over the levels
    rows = SystemUsage.objects.count()
    assert rows == bureaus.count() * 7 * 6 and not SystemUsage.objects.filter(batch__is_demo=False).exists()
    load_systems_demo()
    assert SystemUsage.objects.count() == rows
    page = client_for("eval.officer").get("/services/systems/?fy=2567&period=H1").content.decode()
    assert 'data-testid="demo-notice"' in page and "ค่าสาธิต" in page


def test_a_second_run_leaves_no_count_of_an_earlier_generator_behind():
    import datetime as dt

    from pramoen.feeds.services.demo import generate_counts, load_services_demo

    batch = load_services_demo()
    agency_id, process_id, month, channel = next(iter(generate_counts()))
    ServiceRecord.objects.filter(
        agency_id=agency_id, process_id=process_id, month=month, channel=channel
    ).update(count=999_999)  # a count an earlier generator gave
    gone = ServiceRecord.objects.create(  # a month the generator no longer gives
        agency_id=agency_id,
        process_id=process_id,
        month=dt.date(2023, 9, 1),
        channel=channel,
        count=5,
        batch=batch,
    )
    kept = ServiceRecord.objects.create(  # another file's count is not the demo's to delete
        agency_id=agency_id, process_id=process_id, month=dt.date(2023, 8, 1), channel=channel, count=7
    )
    load_services_demo()
    assert not ServiceRecord.objects.filter(pk=gone.pk).exists()
    assert ServiceRecord.objects.filter(pk=kept.pk, count=7).exists()
    assert not ServiceRecord.objects.filter(count=999_999).exists()
    assert ServiceRecord.objects.filter(batch=batch).count() == len(generate_counts())
