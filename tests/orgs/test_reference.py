"""The 50 districts, 6 groups and their boundaries exist right after `migrate`, before any demo."""

import json

import pytest
from shapely.geometry import shape

from pramoen.orgs.models import Agency, District, DistrictGroup
from pramoen.orgs.reference import boundaries, district_rows

pytestmark = pytest.mark.django_db


def test_migrate_alone_loads_the_reference_data():
    assert District.objects.count() == 50
    assert DistrictGroup.objects.count() == 6
    assert Agency.objects.filter(kind="district_office").count() == 50
    assert sorted(District.objects.values_list("code", flat=True)) == list(range(1001, 1051))


@pytest.mark.parametrize(
    ("group", "name", "size"),
    [
        (1, "กรุงเทพกลาง", 9),
        (2, "กรุงเทพใต้", 10),
        (3, "กรุงเทพเหนือ", 7),
        (4, "กรุงเทพตะวันออก", 9),
        (5, "กรุงธนเหนือ", 8),
        (6, "กรุงธนใต้", 7),
    ],
)
def test_the_six_groups_match_the_bma_layer(group, name, size):
    g = DistrictGroup.objects.get(code=group)
    assert g.name_th == name
    assert g.districts.count() == size


def test_names_codes_and_offices():
    rat_burana = District.objects.get(code=1024)
    assert rat_burana.name_th == "ราษฎร์บูรณะ"  # ฎ, not the GIS layer's ฏ
    bang_rak = District.objects.select_related("office", "group").get(name_th="บางรัก")
    assert (bang_rak.code, bang_rak.group.name_th) == (1004, "กรุงเทพใต้")
    assert bang_rak.office.name_th == "สำนักงานเขตบางรัก"
    assert bang_rak.office.abbr_th == "สนข.บางรัก"
    assert District.objects.get(code=1035).group.name_th == "กรุงธนเหนือ"  # จอมทอง as in the BMA GIS layer


def test_each_boundary_is_the_bma_gis_polygon_and_the_map_outline_stays_close():
    for d in District.objects.all():
        full = shape(d.boundary)
        outline = shape(d.map_boundary)
        assert full.is_valid and full.area > 0
        assert outline.symmetric_difference(full).area / full.area < 0.03, d.name_en
    assert json.dumps(District.objects.get(code=1001).boundary, sort_keys=True) == json.dumps(
        boundaries()[1001], sort_keys=True
    )


def test_population_and_area_come_from_the_shipped_csv():
    row = next(r for r in district_rows() if r.code == 1050)
    d = District.objects.get(code=1050)
    assert (d.population, d.area_km2, d.name_en) == (row.population, row.area_km2, row.name_en)
    assert d.population > 0
