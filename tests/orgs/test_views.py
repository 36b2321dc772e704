"""Organisation pages, each tried by a user who may and one who may not see the private part."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "section"),
    [
        ("bangrak.staff", "home-agency"),
        ("bangrak.head", "home-agency"),
        ("publicworks.reviewer", "home-agency"),
        ("eval.officer", "home-evaluator"),
        ("committee1.secretary", "home-committee"),
        ("committee1.member", "home-committee"),
        ("executive", "home-executive"),
        ("admin", "home-admin"),
    ],
)
def test_each_role_lands_on_its_home(client_for, username, section):
    text = client_for(username).get("/").content.decode()
    assert f'data-testid="{section}"' in text
    others = {"home-agency", "home-evaluator", "home-committee", "home-executive", "home-admin"} - {section}
    assert not any(f'data-testid="{o}"' in text for o in others)


def test_agency_private_section_only_for_those_who_may(client_for):
    own = client_for("bangrak.staff").get("/agencies/1004/").content.decode()
    assert 'data-testid="agency-private"' in own and "สมชาย ใจดี" in own
    other = client_for("sathon.staff").get("/agencies/1004/").content.decode()
    assert "สำนักงานเขตบางรัก" in other  # the public part is readable
    assert 'data-testid="agency-private"' not in other and "สมชาย ใจดี" not in other
    reviewer = client_for("committee1.member").get("/agencies/1004/").content.decode()
    assert 'data-testid="agency-private"' in reviewer  # committee 1 reviews กรุงเทพใต้
    assert (
        'data-testid="agency-private"'
        not in client_for("committee4.secretary").get("/agencies/1004/").content.decode()
    )


def test_agency_list_filters_and_has_a_fixed_query_count(client_for, django_assert_max_num_queries):
    client = client_for("executive")
    with django_assert_max_num_queries(8):
        response = client.get("/agencies/", {"kind": "district_office"})
    assert response.content.decode().count('href="/agencies/10') == 50
    found = client.get("/agencies/", {"q": "สจส."}).content.decode()
    assert "สำนักการจราจรและขนส่ง" in found and "สำนักงานเขตบางรัก" not in found


def test_committee_page_lists_what_it_reviews(client_for):
    text = client_for("bangrak.staff").get("/committees/1/").content.decode()
    assert "คณะที่ 1 ด้านการคลังและงบประมาณ" in text
    assert "สำนักการคลัง" in text and "สำนักงานเขตบางรัก" in text and "สำนักงานเขตธนบุรี" not in text
    assert client_for("bangrak.staff").get("/committees/9/").status_code == 404


def test_district_map_and_page(client_for, django_assert_max_num_queries):
    client = client_for("thonburi.staff")
    with django_assert_max_num_queries(10):
        page = client.get("/districts/").content.decode()
    assert page.count('href="/districts/10') == 50
    detail = client.get("/districts/1015/").content.decode()
    assert "เขตธนบุรี" in detail and "กรุงธนเหนือ" in detail and "คณะที่ 4" in detail
    assert client.get("/districts/999/").status_code == 404


def test_english_is_one_switch_away(client_for):
    client = client_for("executive")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/committees/1/"})
    assert response.status_code == 302
    text = client.get("/committees/1/").content.decode()
    assert "Committee 1: Finance and Budget" in text and '<html lang="en">' in text
    client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    assert "คณะที่ 1" in client.get("/committees/1/").content.decode()


def test_dates_are_shown_in_buddhist_era(client_for, personas):
    from pramoen.core.models import AuditEntry

    entry = AuditEntry.objects.latest("pk")
    year_be = entry.at.year + 543
    assert str(year_be) in client_for("eval.officer").get("/audit/").content.decode()


def test_the_admin_is_for_administrators(client_for):
    assert client_for("admin").get("/admin/orgs/district/").status_code == 200
    response = client_for("bangrak.staff").get("/admin/orgs/district/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
