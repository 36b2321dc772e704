"""Sign-in: throttled after repeated failures, strong passwords, sessions that expire."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_a_persona_signs_in_and_lands_on_home(personas):
    client = Client()
    response = _login(client, "bangrak.staff", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "สำนักงานเขตบางรัก" in home.content.decode()


def test_the_login_page_is_thai(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/login/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in text and '<html lang="th">' in text


def test_a_wrong_password_says_so_in_thai(personas):
    response = _login(Client(), "bangrak.staff", "wrong-password-1")
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_too_many_failures_lock_the_user_name_even_with_the_right_password(personas):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert _login(client, "sathon.staff", "wrong-password-1").status_code == 200
    response = _login(client, "sathon.staff", PASSWORD)
    assert response.status_code == 200
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด" in response.content.decode()
    # other users are not affected
    assert _login(Client(), "bangrak.staff", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_lockout_window(personas, time_machine):
    import datetime as dt

    from django.utils import timezone

    time_machine.move_to(timezone.now())
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(Client(), "sathon.staff", "wrong-password-1")
    assert _login(Client(), "sathon.staff", PASSWORD).status_code == 200
    time_machine.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
    assert _login(Client(), "sathon.staff", PASSWORD).status_code == 302


@pytest.mark.parametrize("weak", ["short1!", "passwordpassword", "123456789012345", "abcdefghijklmn"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_strong_password_is_accepted():
    validate_password("ตรวจติดตาม-2567")


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_pages_need_a_sign_in(db):
    for path in (
        "/",
        "/agencies/",
        "/agencies/1004/",
        "/committees/",
        "/committees/1/",
        "/districts/",
        "/districts/1004/",
        "/audit/",
    ):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), path
