"""Sign-in through BMA SSO (orgs/oidc.py, orgs/sso_views.py) against a local fake OpenID provider
(tests/orgs/fake_oidc.py) that the tests start: the whole code flow with PKCE, state and nonce, and
every way it must refuse — with a Thai message, never a 500."""

from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
import requests
from django.test import Client

from pramoen.orgs import oidc, totp
from pramoen.orgs.models import User
from tests.orgs import fake_oidc

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    fake = fake_oidc.start(fake_oidc.FakeProvider())
    settings.OIDC_ISSUER = fake.issuer
    settings.OIDC_CLIENT_ID = fake_oidc.CLIENT_ID
    settings.OIDC_CLIENT_SECRET = fake_oidc.CLIENT_SECRET
    oidc.clear_caches()
    yield fake
    fake_oidc.stop(fake)
    oidc.clear_caches()


def _to_provider(client: Client, provider, path: str = "/login/sso/") -> str:
    """Press the button; follow the provider's sign-in; the callback address it sends the browser to."""
    start = client.get(path)
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer + "/authorize?")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    assert back.path == "/login/sso/callback/"
    return f"{back.path}?{back.query}"


def _signed_in_as(client: Client) -> str | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk).username if pk else None


def _refused(response) -> None:
    assert response.status_code == 302 and response["Location"] == "/login/"


def _message(client: Client) -> str:
    return client.get("/login/").content.decode()


def test_the_button_appears_only_when_sso_is_configured(personas, settings, provider):
    assert 'data-testid="sso-button"' in Client().get("/login/").content.decode()
    assert "เข้าสู่ระบบด้วย BMA SSO" in Client().get("/login/").content.decode()
    settings.OIDC_ISSUER = ""
    assert 'data-testid="sso-button"' not in Client().get("/login/").content.decode()
    assert Client().get("/login/sso/").status_code == 404
    assert Client().get("/login/sso/callback/?code=x&state=y").status_code == 404


def test_a_known_person_signs_in_through_sso(personas, provider):
    client = Client()
    callback = _to_provider(client, provider, "/login/sso/?next=/overview/")
    asked = next(iter(provider.codes.values()))
    assert asked["code_challenge_method"] == "S256" and asked["client_id"] == fake_oidc.CLIENT_ID
    assert asked["nonce"] and asked["state"] and "openid" in asked["scope"]
    done = client.get(callback)
    assert done.status_code == 302 and done["Location"] == "/overview/"
    assert _signed_in_as(client) == "eval.officer"
    assert provider.token_requests[0]["code_verifier"]  # PKCE verifier sent with the code
    assert client.get(callback)["Location"] == "/login/"  # the same answer cannot be used again


def test_a_person_is_matched_by_email_when_the_name_claim_is_missing(personas, provider):
    User.objects.filter(username="bangrak.staff").update(email="staff@bangrak.example")
    provider.claims = {"email": "STAFF@bangrak.example", "email_verified": True}
    client = Client()
    client.get(_to_provider(client, provider))
    assert _signed_in_as(client) == "bangrak.staff"


def test_a_wrong_state_is_refused(personas, provider):
    client = Client()
    callback = _to_provider(client, provider)
    query = parse_qs(urlparse(callback).query)
    forged = f"/login/sso/callback/?code={query['code'][0]}&state=not-the-one"
    _refused(client.get(forged))
    assert _signed_in_as(client) is None
    assert "หมดอายุ" in _message(client)
    stranger = Client()  # an answer meant for another browser
    other = _to_provider(Client(), provider)
    _refused(stranger.get(other))
    assert _signed_in_as(stranger) is None


@pytest.mark.parametrize(
    "knob",
    [
        {"sign_with": "another key"},
        {"audience": "some-other-client"},
        {"lifetime": -600},
    ],
    ids=["bad-signature", "wrong-audience", "expired"],
)
def test_an_id_token_that_does_not_verify_is_refused(personas, provider, knob):
    for name, value in knob.items():
        setattr(provider, name, fake_oidc.new_key() if value == "another key" else value)
    client = Client()
    _refused(client.get(_to_provider(client, provider)))
    assert _signed_in_as(client) is None
    assert "ตรวจสอบไม่ผ่าน" in _message(client)


def test_an_unknown_person_is_refused_and_no_account_is_made(personas, provider):
    provider.claims = {"preferred_username": "new.person", "email": "new@bma.example"}
    before = User.objects.count()
    client = Client()
    _refused(client.get(_to_provider(client, provider)))
    assert _signed_in_as(client) is None and User.objects.count() == before
    page = _message(client)
    assert "ไม่มีบัญชี" in page and "new.person" in page


def test_an_ended_account_is_refused(personas, provider):
    User.objects.filter(username="eval.officer").update(is_active=False)
    client = Client()
    _refused(client.get(_to_provider(client, provider)))
    assert _signed_in_as(client) is None
    assert "ถูกปิด" in _message(client)


def test_a_provider_that_is_down_gives_a_clear_message(personas, provider, settings):
    client = Client()
    callback = _to_provider(client, provider)
    fake_oidc.stop(provider)  # down between the redirect and the token exchange
    oidc.clear_caches()
    _refused(client.get(callback))
    assert "ติดต่อ BMA SSO ไม่ได้" in _message(client)
    refused = client.get("/login/sso/")  # down before the redirect
    assert refused.status_code == 302 and refused["Location"] == "/login/"
    assert "ติดต่อ BMA SSO ไม่ได้" in _message(client)


def test_sso_does_not_ask_for_pramoens_code_unless_configured(personas, provider, settings):
    device = totp.start_enrolment(personas["eval.officer"])
    totp.confirm_enrolment(device, pyotp.TOTP(device.secret).now())
    client = Client()
    client.get(_to_provider(client, provider))
    assert _signed_in_as(client) == "eval.officer"  # the provider's own MFA stands
    settings.OIDC_REQUIRE_TOTP = True
    second = Client()
    step = second.get(_to_provider(second, provider))
    assert step["Location"] == "/login/code/" and _signed_in_as(second) is None


def test_a_refusal_by_the_provider_is_said_plainly(personas, provider):
    provider.refuse = True
    client = Client()
    _refused(client.get(_to_provider(client, provider)))
    assert _signed_in_as(client) is None and "ไม่ได้ยืนยันการเข้าสู่ระบบ" in _message(client)


def test_failing_provider_keys_are_a_provider_problem_not_a_500(personas, provider):
    provider.jwks_status = 500
    client = Client()
    _refused(client.get(_to_provider(client, provider)))
    assert _signed_in_as(client) is None and "ติดต่อ BMA SSO ไม่ได้" in _message(client)
