"""One lock-out for every sign-in path, by account and by client address (orgs/throttle.py)."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from pramoen.orgs.models import LoginAttempt
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "wrong-password-1"


def _client(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _login(client: Client, username: str, password: str, path: str = "/login/"):
    return client.post(path, {"username": username, "password": password})


def _signed_in(response) -> bool:
    return response.status_code == 302


def test_a_stranger_locks_only_their_own_address_out(personas):
    stranger, officer = _client("203.0.113.7"), _client("10.1.1.20")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(stranger, "eval.officer", WRONG)
    refused = _login(stranger, "eval.officer", PASSWORD)
    assert not _signed_in(refused) and "หลายครั้งเกินกำหนด" in refused.content.decode()
    assert _signed_in(_login(officer, "eval.officer", PASSWORD))


def test_the_admin_sign_in_counts_and_obeys_the_same_lock(personas):
    client = _client("203.0.113.8")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert _login(client, "admin", WRONG, "/admin/login/").status_code == 200
    assert LoginAttempt.objects.filter(username="admin").count() == settings.LOGIN_MAX_FAILURES
    assert not _signed_in(_login(client, "admin", PASSWORD, "/admin/login/"))
    assert not _signed_in(_login(client, "admin", PASSWORD))
    other = _client("203.0.113.9")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(other, "admin", WRONG)
    assert not _signed_in(_login(other, "admin", PASSWORD, "/admin/login/"))
    assert _signed_in(_login(_client("10.1.1.21"), "admin", PASSWORD, "/admin/login/"))


def test_an_address_spraying_many_accounts_is_locked(personas):
    sprayer = _client("198.51.100.4")
    names = [n for n in personas if n != "bangrak.staff"]
    for i in range(settings.LOGIN_MAX_FAILURES_PER_ADDRESS):
        _login(sprayer, names[i % len(names)], WRONG)
    assert not _signed_in(_login(sprayer, "bangrak.staff", PASSWORD))
    assert _signed_in(_login(_client("10.1.1.22"), "bangrak.staff", PASSWORD))


def test_a_guess_spread_over_many_addresses_locks_the_account_and_the_lock_lifts(personas, time_machine):
    time_machine.move_to(timezone.now())
    per = settings.LOGIN_MAX_FAILURES
    for n in range(settings.LOGIN_MAX_FAILURES_PER_ACCOUNT // per):
        for _ in range(per):
            _login(_client(f"192.0.2.{n + 1}"), "sathon.staff", WRONG)
    assert not _signed_in(_login(_client("10.1.1.23"), "sathon.staff", PASSWORD))
    counted = LoginAttempt.objects.count()
    _login(_client("192.0.2.200"), "sathon.staff", WRONG)  # while locked: refused, not counted
    assert LoginAttempt.objects.count() == counted
    time_machine.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
    assert _signed_in(_login(_client("10.1.1.23"), "sathon.staff", PASSWORD))


def test_behind_a_trusted_proxy_the_forwarded_address_counts(personas, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50").post(
            "/login/", {"username": "executive", "password": WRONG}
        )
    assert not _signed_in(
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50").post(
            "/login/", {"username": "executive", "password": PASSWORD}
        )
    )
    assert _signed_in(
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="10.1.1.24").post(
            "/login/", {"username": "executive", "password": PASSWORD}
        )
    )
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
