"""Two-step sign-in (orgs/totp.py, orgs/signin.py, orgs/two_step_views.py): enrolment, the code after
the password on /login/ and /admin/login/, replay, recovery codes, switching off, the lock-out."""

import re
import time

import pyotp
import pytest
from django.conf import settings
from django.test import Client

from pramoen.orgs import totp
from pramoen.orgs.models import RecoveryCode, TwoStepDevice
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _enrol(user) -> tuple[str, list[str]]:
    device = totp.start_enrolment(user)
    codes = totp.confirm_enrolment(device, pyotp.TOTP(device.secret).now())
    assert codes is not None
    return device.secret, codes


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _password(client: Client, username: str, path: str = "/login/", **extra):
    return client.post(path, {"username": username, "password": PASSWORD, **extra})


def test_enrolment_needs_a_current_code_and_shows_recovery_codes_once(client_for, personas):
    client = client_for("eval.officer")
    page = client.get("/account/two-step/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TwoStepDevice.objects.get(user=personas["eval.officer"])
    shown = re.sub(
        r"\s", "", re.search(r'data-testid="two-step-secret"[^>]*>([^<]+)<', page.content.decode())[1]
    )
    assert shown == device.secret and device.confirmed_at is None
    wrong = client.post("/account/two-step/", {"action": "enable", "code": "000000"}, follow=True)
    assert "ไม่ถูกต้อง" in wrong.content.decode() and not totp.is_on(personas["eval.officer"])
    done = client.post("/account/two-step/", {"action": "enable", "code": _code(device.secret)})
    codes = re.findall(r"<li>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</li>", done.content.decode())
    assert len(codes) == 10 and "no-store" in done["Cache-Control"]
    assert totp.is_on(personas["eval.officer"])
    stored = set(
        RecoveryCode.objects.filter(user=personas["eval.officer"]).values_list("code_hash", flat=True)
    )
    assert not any(c.replace("-", "") in h for c in codes for h in stored)  # only hashes kept
    assert "two-step-on" in client.get("/account/two-step/").content.decode()


def test_sign_in_asks_for_the_code_before_the_session_is_signed_in(personas):
    secret, _ = _enrol(personas["eval.officer"])
    client = Client()
    step = _password(client, "eval.officer", next="/overview/")
    assert step.status_code == 302 and step["Location"] == "/login/code/"
    assert not _signed_in(client)
    assert client.get("/account/two-step/").status_code == 302  # still anonymous
    wrong = client.post("/login/code/", {"code": "123456" if _code(secret) != "123456" else "654321"})
    assert wrong.status_code == 200 and "ไม่ถูกต้อง" in wrong.content.decode() and not _signed_in(client)
    right = client.post("/login/code/", {"code": _code(secret, 1)})  # the enrolment used this step
    assert right.status_code == 302 and right["Location"] == "/overview/" and _signed_in(client)


def test_a_person_without_two_step_signs_in_with_the_password_alone(personas):
    client = Client()
    assert _password(client, "bangrak.staff").status_code == 302 and _signed_in(client)


def test_the_code_page_without_a_password_step_goes_back_to_sign_in(personas):
    _enrol(personas["eval.officer"])
    response = Client().post("/login/code/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == "/login/"


def test_a_code_cannot_be_used_twice(personas):
    secret, _ = _enrol(personas["eval.officer"])
    first = Client()
    _password(first, "eval.officer")
    code = _code(secret, 1)
    assert first.post("/login/code/", {"code": code}).status_code == 302 and _signed_in(first)
    second = Client()
    _password(second, "eval.officer")
    replay = second.post("/login/code/", {"code": code})
    assert replay.status_code == 200 and not _signed_in(second)
    assert second.post("/login/code/", {"code": _code(secret)}).status_code != 302  # earlier step too


def test_a_recovery_code_works_once(personas):
    _, codes = _enrol(personas["eval.officer"])
    client = Client()
    _password(client, "eval.officer")
    assert client.post("/login/code/", {"code": codes[0].lower()}).status_code == 302
    assert _signed_in(client)
    again = Client()
    _password(again, "eval.officer")
    assert again.post("/login/code/", {"code": codes[0]}).status_code == 200 and not _signed_in(again)
    assert totp.unused_recovery_codes(personas["eval.officer"]) == len(codes) - 1


def test_the_admin_sign_in_also_asks_for_the_code(personas):
    secret, _ = _enrol(personas["admin"])
    client = Client()
    step = _password(client, "admin", "/admin/login/", next="/admin/")
    assert step.status_code == 302 and step["Location"] == "/login/code/" and not _signed_in(client)
    assert client.get("/admin/").status_code == 302
    done = client.post("/login/code/", {"code": _code(secret, 1)})
    assert done["Location"] == "/admin/" and client.get("/admin/").status_code == 200


def test_the_admin_sign_in_refuses_a_person_who_is_not_staff(personas):
    client = Client()
    response = _password(client, "bangrak.staff", "/admin/login/")
    assert response.status_code == 200 and not _signed_in(client)


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(personas):
    secret, _ = _enrol(personas["eval.officer"])
    client = Client(REMOTE_ADDR="203.0.113.40")
    _password(client, "eval.officer")
    bad = "111111" if _code(secret) != "111111" else "222222"
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert client.post("/login/code/", {"code": bad}).status_code == 200
    locked = client.post("/login/code/", {"code": bad}, follow=True)
    assert "หลายครั้งเกินกำหนด" in locked.content.decode() and not _signed_in(client)
    refused = _password(client, "eval.officer")  # the password step is locked too
    assert refused.status_code == 200 and not _signed_in(client)
    assert "หลายครั้งเกินกำหนด" in refused.content.decode()


def test_switching_off_needs_a_code_or_the_password(client_for, personas):
    officer = personas["eval.officer"]
    _enrol(officer)
    client = client_for("eval.officer")
    client.post("/account/two-step/", {"action": "disable", "code": "", "password": "not-it-1234"})
    assert totp.is_on(officer)
    client.post("/account/two-step/", {"action": "disable", "password": PASSWORD})
    assert not totp.is_on(officer) and not RecoveryCode.objects.filter(user=officer).exists()
    _enrol(officer)
    device = TwoStepDevice.objects.get(user=officer)
    client.post("/account/two-step/", {"action": "disable", "code": _code(device.secret, 1)})
    assert not totp.is_on(officer)


def test_new_recovery_codes_replace_the_old_ones(client_for, personas):
    officer = personas["eval.officer"]
    secret, old = _enrol(officer)
    page = client_for("eval.officer").post(
        "/account/two-step/", {"action": "recovery", "code": _code(secret, 1)}
    )
    assert page.status_code == 200 and "recovery-codes" in page.content.decode()
    assert not totp.use_recovery_code(officer, old[0])


def test_only_an_administrator_switches_off_another_persons_two_step(client_for, personas):
    officer = personas["eval.officer"]
    _enrol(officer)
    for name in ("bangrak.staff", "bangrak.head"):
        refused = client_for(name).post("/account/two-step/reset/", {"username": "eval.officer"})
        assert refused.status_code == 403
    assert totp.is_on(officer)
    assert "two-step-reset" not in client_for("bangrak.staff").get("/account/two-step/").content.decode()
    admin = client_for("admin")
    assert "two-step-reset" in admin.get("/account/two-step/").content.decode()
    assert admin.post("/account/two-step/reset/", {"username": "eval.officer"}).status_code == 302
    assert not totp.is_on(officer)
    assert Client().post("/account/two-step/reset/", {"username": "admin"}).status_code == 302  # to sign-in


def test_a_required_role_is_sent_to_enrolment_after_the_password(personas, settings):
    settings.TOTP_REQUIRED_ROLES = ["evaluator"]
    client = Client()
    step = _password(client, "eval.officer")
    assert step["Location"] == "/login/two-step/" and not _signed_in(client)
    page = client.get("/login/two-step/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TwoStepDevice.objects.get(user=personas["eval.officer"])
    done = client.post("/login/two-step/", {"code": _code(device.secret)})
    assert done.status_code == 200 and "recovery-codes" in done.content.decode() and _signed_in(client)
    other = Client()
    assert _password(other, "bangrak.staff").status_code == 302 and _signed_in(other)  # not required


def test_an_account_ended_between_the_two_steps_is_refused(personas):
    officer = personas["eval.officer"]
    secret, _ = _enrol(officer)
    client = Client()
    _password(client, "eval.officer")
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert client.post("/login/code/", {"code": _code(secret, 1)})["Location"] == "/login/"
    assert not _signed_in(client)


def test_two_requests_racing_with_one_code_cannot_both_pass(personas):
    secret, _ = _enrol(personas["eval.officer"])
    first = TwoStepDevice.objects.get(user=personas["eval.officer"])
    second = TwoStepDevice.objects.get(user=personas["eval.officer"])  # read before either is saved
    code = _code(secret, 1)
    assert [totp.verify_code(first, code), totp.verify_code(second, code)] == [True, False]
