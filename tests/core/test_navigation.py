"""The page shell: a menu grouped by task that shows only what the role may open, the bell, error pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from pramoen.core import navigation
from pramoen.core.views import server_error
from pramoen.progress.models import Notification

pytestmark = pytest.mark.django_db


def _groups(user):
    return {g.key: [i.key for i in g.items] for g in navigation.grouped_menu_for(user)}


def test_it_groups_the_menu_by_task_and_shows_settings_only_to_the_evaluation_office(personas):
    officer = _groups(personas["eval.officer"])
    assert list(officer) == ["work", "scores", "data", "committees", "settings"]
    assert {"periods", "framework-workbook", "audit-log"} <= set(officer["settings"])
    staff = _groups(personas["bangrak.staff"])
    assert "settings" not in staff
    assert "progress" in staff["work"] and "complaints" in staff["data"]
    # a bureau's host reviewer has no district: no complaint figures in the menu
    assert "complaints" not in _groups(personas["publicworks.reviewer"]).get("data", [])
    assert "admin" in _groups(personas["admin"])["settings"]


def test_the_complaint_import_is_in_the_data_menu_of_exactly_those_who_may_open_it(client_for, personas):
    # the evaluation office reaches /complaints/import/ from the menu, next to the complaint figures
    officer = _groups(personas["eval.officer"])["data"]
    assert officer.index("complaints-import") == officer.index("complaints") + 1
    for username, user in personas.items():
        shown = "complaints-import" in _groups(user).get("data", [])
        status = client_for(username).get("/complaints/import/").status_code
        assert status == (200 if shown else 403), (username, shown, status)
    assert "complaints-import" not in _groups(personas["executive"]).get("data", [])
    assert "complaints-import" not in _groups(personas["bangrak.staff"]).get("data", [])


def test_it_lets_an_app_add_a_group_and_an_entry_that_slots_in(personas):
    navigation.register_group(navigation.MenuGroup("overview-test", "Overview", 15))
    navigation.register_menu(
        navigation.MenuItem("overview-test", "Overview", "home", group="overview-test", query="x=1")
    )
    try:
        groups = navigation.grouped_menu_for(personas["bangrak.staff"])
        assert [g.key for g in groups][:2] == ["work", "overview-test"]
        assert groups[1].items[0].url == "/?x=1"
    finally:
        navigation.unregister_menu("overview-test")


@pytest.mark.parametrize(
    "username", ["bangrak.staff", "publicworks.reviewer", "committee1.member", "eval.officer", "executive"]
)
def test_every_menu_entry_opens_for_the_role_that_sees_it(client_for, username, personas):
    client = client_for(username)
    for item in navigation.menu_for(personas[username]):
        response = client.get(item.url, follow=True)
        # 404 is allowed here: these personas come without a fiscal year (its pages say "none set up yet")
        assert response.status_code in (200, 404), (username, item.key, response.status_code)


def test_the_header_holds_the_groups_the_bell_with_its_count_and_the_user_menu(client_for, personas):
    user = personas["bangrak.staff"]
    for n in range(3):
        Notification.objects.create(user=user, kind="returned", message=f"m{n}", key=f"k{n}")
    html = client_for("bangrak.staff").get("/").content.decode()
    assert 'data-testid="nav-bell-count">3<' in html
    assert "งานของฉัน" in html and "ข้อมูลนำเข้า" in html and "ตั้งค่า" not in html
    assert 'data-testid="user-menu"' in html and "ออกจากระบบ" in html and "ขยายตัวอักษร" in html


def test_a_district_officer_home_does_not_link_to_the_unpublished_ranking(client_for):
    html = client_for("bangrak.staff").get("/").content.decode()
    assert "/scores/ranking/" not in html
    assert "/scores/ranking/" in client_for("eval.officer").get("/").content.decode()


def test_error_pages_are_thai_inside_the_page_frame(client_for):
    client = client_for("bangrak.staff")
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in html and 'data-testid="nav-groups"' in html
    refused = client.get("/progress/periods/")
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "ท่านไม่มีสิทธิ์เปิดหน้านี้" in html and 'data-testid="error-reason"' in html


def test_error_pages_follow_the_english_choice(client_for):
    client = client_for("bangrak.staff")
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_the_api_answers_errors_as_json_in_its_one_shape(client_for):
    client = client_for("bangrak.staff")
    for url, status in (("/api/v1/no-such-thing/", 404), ("/api/v1/progress/reports/999999/", 404)):
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"].startswith("application/json"), url
        body = response.json()
        assert set(body) == {"message", "extra"} and body["message"], url
    anonymous = Client().get("/api/v1/no-such-thing/")
    assert anonymous.status_code == 404 and set(anonymous.json()) == {"message", "extra"}


def test_a_server_error_is_a_page_in_the_frame_or_json_under_the_api(personas):
    request = RequestFactory().get("/somewhere/")
    request.user = personas["bangrak.staff"]
    page = server_error(request)
    assert page.status_code == 500 and "ระบบขัดข้อง" in page.content.decode()
    api = RequestFactory().get("/api/v1/anything/")
    api.user = personas["bangrak.staff"]
    response = server_error(api)
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
