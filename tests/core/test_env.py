"""Settings read from the environment fail loudly, naming the variable and the reason."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from pramoen.env import env_bool, env_int, env_list, env_str, env_url


def test_it_reads_booleans():
    assert env_bool("X", False, environ={"X": "yes"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="X='maybe' is not a boolean"):
        env_bool("X", False, environ={"X": "maybe"})


def test_it_rejects_bad_numbers():
    assert env_int("N", 5, environ={"N": "7"}) == 7
    with pytest.raises(ImproperlyConfigured, match="N='ten' is not a whole number"):
        env_int("N", 5, environ={"N": "ten"})
    with pytest.raises(ImproperlyConfigured, match="must be at least 1"):
        env_int("N", 5, minimum=1, environ={"N": "0"})


def test_it_rejects_unknown_database_schemes():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL has scheme 'mysql'"):
        env_url("DATABASE_URL", None, schemes={"sqlite", "postgres"}, environ={"DATABASE_URL": "mysql://x/y"})


def test_lists_and_secret_files(tmp_path):
    assert env_list("H", [], environ={"H": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="lists nothing"):
        env_list("H", [], environ={"H": " , "})
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert env_str("K", environ={"K_FILE": str(secret)}) == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="K_FILE: cannot read"):
        env_str("K", environ={"K_FILE": str(tmp_path / "missing")})
    with pytest.raises(ImproperlyConfigured, match="K must be set"):
        env_str("K", environ={})


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRAMOEN_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "pramoen", "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PRAMOEN_DEBUG": "maybe"}, "PRAMOEN_DEBUG='maybe' is not a boolean"),
        ({}, "PRAMOEN_SECRET_KEY must be set"),
        ({"PRAMOEN_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"PRAMOEN_SECRET_KEY": "x" * 50}, "PRAMOEN_ALLOWED_HOSTS must list"),
        ({"PRAMOEN_DEBUG": "1", "DATABASE_URL": "mysql://db/x"}, "DATABASE_URL has scheme 'mysql'"),
        ({"PRAMOEN_DEBUG": "1", "REDIS_URL": "http://cache"}, "REDIS_URL has scheme 'http'"),
        (
            {"PRAMOEN_DEBUG": "1", "PRAMOEN_SESSION_MINUTES": "1"},
            "PRAMOEN_SESSION_MINUTES=1 must be at least 5",
        ),
    ],
)
def test_the_server_refuses_to_start_with_bad_settings(env, message, tmp_path):
    result = _start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "PRAMOEN_SECRET_KEY": "k8#Jd!2mQz" * 6,
        "PRAMOEN_ALLOWED_HOSTS": "pramoen.bangkok.go.th",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRAMOEN_", "DATABASE_URL", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pramoen", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("redis", "engine"),
    [
        ("redis://127.0.0.1:6379/9", "django.contrib.sessions.backends.cached_db"),
        ("", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_read_from_redis_when_there_is_one(redis, engine):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRAMOEN_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pramoen",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SESSION_ENGINE)",
        ],
        env={**clean, "PRAMOEN_DEBUG": "1", "REDIS_URL": redis},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == engine, result.stderr
