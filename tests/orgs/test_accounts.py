"""Passwords people cannot guess, a page to change one's own, and accounts that end when people leave."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from pramoen.orgs.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "weak",
    [
        "aaaaaaaaaaa1",  # 12 characters, letters and a digit: but two different characters
        "Password2567!",
        "กรุงเทพมหานคร2567",
        "สวัสดีครับ-2567",
        "ยฟหหไนพก-2567",  # "password" typed with the Thai layout on
        "Qwerty-2567-xx",
        "Bangkok-12345-x",
    ],
)
def test_guessable_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


@pytest.mark.parametrize("good", ["ตรวจติดตาม-2567", "ไม้โท-ตึกช้าง-9", "Khet-Bangrak-2567"])
def test_memorable_passwords_pass(good):
    validate_password(good)


def test_a_person_changes_their_own_password_and_stays_signed_in(personas, client_for):
    client = client_for("bangrak.staff")
    assert client.get("/account/password/").status_code == 200
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "aaaaaaaaaaa1", "new_password2": "aaaaaaaaaaa1"},
    )
    assert weak.status_code == 200 and 'data-testid="password-error"' in weak.content.decode()
    wrong_old = client.post(
        "/account/password/",
        {"old_password": "nope-nope-1", "new_password1": "ตรวจติดตาม-2567", "new_password2": "ตรวจติดตาม-2567"},
    )
    assert wrong_old.status_code == 200
    done = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "ตรวจติดตาม-2567", "new_password2": "ตรวจติดตาม-2567"},
    )
    assert done.status_code == 302 and client.get("/").status_code == 200
    assert User.objects.get(username="bangrak.staff").check_password("ตรวจติดตาม-2567")
    assert Client().get("/account/password/").status_code == 302  # signed out: to the sign-in page


def test_the_roster_ends_accounts_of_people_who_left(personas, tmp_path):
    roster = tmp_path / "roster.csv"
    staying = sorted(set(personas) - {"sathon.staff", "admin"})
    roster.write_text("username,name\n" + "\n".join(f"{n},x" for n in staying) + "\n", encoding="utf-8")
    call_command("hr_roster", str(roster), "--dry-run")
    assert User.objects.get(username="sathon.staff").is_active
    call_command("hr_roster", str(roster))
    assert not User.objects.get(username="sathon.staff").is_active
    assert User.objects.get(username="admin").is_active  # superuser: a system account
    assert not Client().login(username="sathon.staff", password=PASSWORD)
    roster.write_text("username\n" + "\n".join([*staying, "sathon.staff"]) + "\n", encoding="cp874")
    call_command("hr_roster", str(roster))
    assert User.objects.get(username="sathon.staff").is_active


def test_a_roster_that_would_end_most_accounts_is_refused(personas, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("username\nbangrak.staff\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was saved|ยังไม่ได้บันทึก"):
        call_command("hr_roster", str(roster))
    assert User.objects.filter(is_active=False).count() == 0
    roster.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="username"):
        call_command("hr_roster", str(roster))


def test_unused_accounts_are_flagged_to_the_administrator_only(personas, client_for):
    old = timezone.now() - dt.timedelta(days=120)
    User.objects.filter(username="thonburi.staff").update(last_login=old, date_joined=old)
    home = client_for("admin").get("/").content.decode()
    assert 'data-testid="home-stale-accounts"' in home and "thonburi.staff" in home
    assert 'data-testid="home-stale-accounts"' not in client_for("bangrak.head").get("/").content.decode()
