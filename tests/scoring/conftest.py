"""A small framework built in code: two components, a sole, a joint and a feed-less indicator."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pramoen.framework.models import Assignment, Component, Indicator
from pramoen.framework.services import fiscal_year_ensure
from pramoen.orgs.models import Agency


@pytest.fixture
def small_year(personas):
    fy = fiscal_year_ensure(year=2567)
    c1 = Component.objects.create(
        fiscal_year=fy, code="1", name_th="ผลสัมฤทธิ์", name_en="Performance", weight=D(60), order=1
    )
    c2 = Component.objects.create(
        fiscal_year=fy, code="2", name_th="นวัตกรรม", name_en="Innovation", weight=D(40), order=2
    )
    bang_rak, sathon, traffic = (Agency.objects.get(code=c) for c in ("1004", "1028", "traffic-transport"))
    ratio = Indicator.objects.create(
        fiscal_year=fy,
        component=c1,
        code="1.1",
        name_th="ร้อยละทางเท้า",
        method="ratio",
        t1=D(60),
        t2=D(70),
        t3=D(80),
        t4=D(90),
        t5=D(100),
    )
    value = Indicator.objects.create(
        fiscal_year=fy,
        component=c1,
        code="1.2",
        name_th="เวลาตอบสนอง (นาที)",
        method="value",
        higher_is_better=False,
        t1=D(30),
        t2=D(25),
        t3=D(20),
        t4=D(15),
        t5=D(10),
    )
    joint = Indicator.objects.create(
        fiscal_year=fy,
        component=c1,
        code="1.3",
        name_th="จุดเสี่ยง",
        method="ratio",
        is_joint=True,
        host_agency=traffic,
        t1=D(60),
        t2=D(70),
        t3=D(80),
        t4=D(90),
        t5=D(100),
    )
    innov = Indicator.objects.create(
        fiscal_year=fy,
        component=c2,
        code="2.1",
        name_th="นวัตกรรม",
        method="milestone_level",
        t1=D(1),
        t2=D(2),
        t3=D(3),
        t4=D(4),
        t5=D(5),
    )
    a = {}
    for agency in (bang_rak, sathon):
        a[(agency.code, "1.1")] = Assignment.objects.create(indicator=ratio, agency=agency, weight=D(10))
        a[(agency.code, "1.2")] = Assignment.objects.create(indicator=value, agency=agency, weight=D(30))
        a[(agency.code, "1.3")] = Assignment.objects.create(
            indicator=joint, agency=agency, weight=D(10), role="supporter"
        )
        a[(agency.code, "2.1")] = Assignment.objects.create(indicator=innov, agency=agency, weight=D(100))
    a[("traffic-transport", "1.3")] = Assignment.objects.create(
        indicator=joint, agency=traffic, weight=D(20), role="host"
    )
    return fy, a
