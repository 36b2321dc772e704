"""The demo's Innovation Base: the innovations the half-year report names, assessed by the head of
สำนักงาน ก.ก., grouped so that the twelve district offices' school-attendance checkers are one group, and
component 2 computed from them; loaded once."""

from decimal import Decimal

import pytest

from pramoen.core.audit import acting_as
from pramoen.framework.demo import load_framework_demo
from pramoen.innovations.demo import load_innovations_demo
from pramoen.innovations.models import Innovation, InnovationAssessment, InnovationGroup
from pramoen.scoring.engine import recompute
from pramoen.scoring.models import ScoreResult

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_reports_innovations_once_and_component_2_is_computed(personas, client_for):
    with acting_as(label="system:test"):
        fy = load_framework_demo()
        assert load_innovations_demo(year=fy.year) == 17
        assert load_innovations_demo(year=fy.year) == 17  # a second run adds nothing
        recompute(fiscal_year=fy.year, period_code="Q1", actor_label="system:test", resume=False)
    assert Innovation.objects.count() == 17
    assert Innovation.objects.filter(title="โครงการจักรยานสาธารณะกรุงเทพมหานคร").exists()  # Bike Sharing
    assessments = InnovationAssessment.objects.exclude(scored_at=None)
    assert assessments.count() == Innovation.objects.filter(state="scored").count() >= 7
    assert set(assessments.values_list("assessed_by__username", flat=True)) == {"ocsc.head"}
    [school] = [g for g in InnovationGroup.objects.all() if g.innovations.count() > 2]
    members = school.innovations.all()
    assert members.count() == 13 and members.values("agency").distinct().count() == 12
    # the list shows the group as the chairs asked: "12 district offices built …", in Thai
    page = client_for("executive").get("/innovations/").content.decode()
    assert f"สำนักงานเขต 12 แห่งพัฒนา “{school.name}”" in page
    adopted = Innovation.objects.get(kind="adopted")
    assert adopted.agency.code == "1028" and adopted.adopted_from is not None
    # component 2 of the origin's district counts the adoption; a period other than H1
    origin = ScoreResult.objects.get(
        assignment__indicator__method="innovation",
        assignment__agency=adopted.adopted_from.agency,
        period__code="Q1",
    )
    assert (origin.status, origin.actual) == ("scored", Decimal("4.95"))  # its level 4.45 + 0.5 for สาทร
    assert "0.5" in origin.explanation
