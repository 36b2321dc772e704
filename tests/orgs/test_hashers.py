"""How passwords are stored in production: Argon2id with OWASP's parameters; older hashes (PBKDF2, Django's
heavier Argon2 setting) still sign in and are re-hashed with them.  (The suite itself uses MD5 for speed.)"""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS


def test_new_passwords_are_argon2id_with_owasps_parameters(production_hashers):
    stored = make_password("ยาวพอและมี-ตัวเลข-2567")
    algorithm, variety, _version, params, *_rest = stored.split("$")
    assert (algorithm, variety, params) == ("argon2", "argon2id", "m=19456,t=2,p=1")
    assert check_password("ยาวพอและมี-ตัวเลข-2567", stored) and not check_password("อื่น-2567-x", stored)


@pytest.mark.parametrize(
    "older",
    [
        lambda: make_password(PASSWORD, hasher="pbkdf2_sha256"),
        # Django's own Argon2 setting (100 MiB, 8 lanes): checked, then moved to OWASP's
        lambda: make_password(PASSWORD, hasher="argon2"),
    ],
    ids=["pbkdf2", "django-argon2"],
)
def test_an_older_hash_signs_in_and_is_stored_again_with_argon2id(
    personas, production_hashers, settings, older
):
    user = personas["bangrak.staff"]
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    user.password = older()
    user.save(update_fields=["password"])
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    before = user.password
    response = Client().post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.password != before and "$m=19456,t=2,p=1$" in user.password
    assert identify_hasher(user.password).__class__.__name__ == "OwaspArgon2idHasher"


def test_a_wrong_password_does_not_touch_the_stored_hash(personas, production_hashers):
    user = personas["bangrak.staff"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    stored = user.password
    response = Client().post("/login/", {"username": user.username, "password": "ผิด-password-9"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == stored


def test_production_settings_use_argon2id_first():
    assert settings.PRODUCTION_PASSWORD_HASHERS[0] == "pramoen.orgs.hashers.OwaspArgon2idHasher"
