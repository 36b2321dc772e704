"""A date window at the edge of what Python holds (0001-01-01 … 9999-12-31) is a clear 400 on the API
and the default window on the pages — it used to overflow (500)."""

import pytest

pytestmark = pytest.mark.django_db

FAR = "from=0001-01-01&to=9999-12-31"


def test_the_kpi_api_refuses_dates_out_of_range(client_for):
    client = client_for("executive")
    response = client.get(f"/api/v1/complaints/kpi/?{FAR}")
    assert response.status_code == 400 and response.json()["extra"]["field"] == "from"
    assert client.get("/api/v1/complaints/kpi/?from=2024-01-01&to=9999-12-31").status_code == 400
    assert client.get("/api/v1/complaints/kpi/?from=2024-01-01&to=2024-03-31").status_code == 200


@pytest.mark.parametrize(
    "page", ["/complaints/executive/", "/complaints/district/1004/", "/complaints/district/1004/geo/"]
)
def test_the_pages_fall_back_to_the_default_window(client_for, page):
    assert client_for("executive").get(f"{page}?{FAR}").status_code == 200
    assert client_for("executive").get(f"{page}?{FAR}&export=xlsx").status_code == 200


def test_the_executive_page_is_still_refused_to_a_district(client_for):
    assert client_for("bangrak.staff").get(f"/complaints/executive/?{FAR}").status_code == 403
