"""Linking LINE by a one-time code (the settings page shows it and its QR code; the webhook receives it),
the webhook's signature check, unfollow, and the settings page itself."""

from __future__ import annotations

import datetime as dt
import json
import logging

import time_machine
from django.utils import timezone

from pramoen.notifications import services
from pramoen.notifications.models import LineAccount, LinkCode, Preference
from pramoen.progress.models import Notification
from tests.notifications.conftest import signed

WEBHOOK = "/notifications/line/webhook/"


def _post(client, events, *, signature=None):
    body = json.dumps({"destination": "Ubot", "events": events}).encode()
    return client.post(
        WEBHOOK,
        data=body,
        content_type="application/json",
        headers={"X-Line-Signature": signed(body) if signature is None else signature},
    )


def _message(user_id, text):
    return {"type": "message", "replyToken": "r1", "source": {"type": "user", "userId": user_id},
            "message": {"type": "text", "id": "1", "text": text}}  # fmt: skip


def test_a_code_sent_to_the_official_account_links_that_line_user(client, personas, line_api):
    somchai = personas["bangrak.staff"]
    code = services.line_link_start(actor=somchai)
    response = _post(client, [_message("U-somchai", f"รหัส {code.code}")])
    assert response.status_code == 200
    account = LineAccount.objects.get(user=somchai)
    assert account.line_user_id == "U-somchai" and account.active
    replies = [r for r in line_api.requests if r["path"] == "/v2/bot/message/reply"]
    assert replies and replies[0]["body"]["replyToken"] == "r1"
    # the code works once
    _post(client, [_message("U-other", code.code)])
    assert not LineAccount.objects.filter(line_user_id="U-other").exists()


def test_an_expired_or_unknown_code_links_nobody(client, personas, line_api):
    somchai = personas["bangrak.staff"]
    code = services.line_link_start(actor=somchai)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        _post(client, [_message("U-somchai", code.code)])
    _post(client, [_message("U-somchai", "123")])
    assert not LineAccount.objects.exists()


def test_a_bad_signature_is_refused_with_401_and_logged(client, personas, line_api, caplog):
    code = services.line_link_start(actor=personas["bangrak.staff"])
    with caplog.at_level(logging.WARNING, logger="pramoen.notifications.webhook"):
        response = _post(client, [_message("U-x", code.code)], signature="AAAA")
        missing = client.post(WEBHOOK, data=b"{}", content_type="application/json")
    assert response.status_code == 401 and missing.status_code == 401
    assert "bad or missing signature" in caplog.text
    assert not LineAccount.objects.exists()
    assert client.get(WEBHOOK).status_code == 405


def test_a_signed_body_that_is_not_json_is_a_400(client, line_api):
    body = b"not json"
    response = client.post(WEBHOOK, data=body, content_type="application/json",
                           headers={"X-Line-Signature": signed(body)})  # fmt: skip
    assert response.status_code == 400


def test_unfollow_stops_the_channel_and_tells_the_person(client, personas, line_api):
    somchai = personas["bangrak.staff"]
    LineAccount.objects.create(user=somchai, line_user_id="U-somchai")
    _post(client, [{"type": "follow", "replyToken": "r0", "source": {"type": "user", "userId": "U-somchai"}}])
    assert LineAccount.objects.get(user=somchai).active
    _post(client, [{"type": "unfollow", "source": {"type": "user", "userId": "U-somchai"}}])
    account = LineAccount.objects.get(user=somchai)
    assert not account.active and account.stopped_reason == "blocked"
    assert Notification.objects.filter(user=somchai, url="/notifications/").count() == 1


def test_the_settings_page_saves_choices_and_shows_the_code_and_qr(client_for, personas, line_api):
    c = client_for("bangrak.staff")
    page = c.get("/notifications/")
    assert page.status_code == 200
    assert "ตั้งค่าการแจ้งเตือน" in page.content.decode() and "ถูกส่งกลับแก้ไข" in page.content.decode()
    form = {"ch-returned": ["email"], "ch-deadline": ["email", "line"], "quiet_enabled": "on",
            "quiet_from": "22:00", "quiet_to": "06:30", "digest_at": "08:00"}  # fmt: skip
    assert c.post("/notifications/", form).status_code == 302
    pref = Preference.objects.get(user=personas["bangrak.staff"])
    assert pref.channels["returned"] == ["email"] and pref.channels["waiting"] == []
    assert pref.quiet_to == dt.time(6, 30) and not pref.digest
    assert c.post("/notifications/line/link/").status_code == 302
    code = LinkCode.objects.get(user=personas["bangrak.staff"])
    page = c.get("/notifications/").content.decode()
    assert code.code in page and "<svg" in page


def test_a_bad_time_is_reported_and_nothing_saved(client_for, personas):
    c = client_for("bangrak.staff")
    page = c.post("/notifications/", {"quiet_enabled": "on", "quiet_from": "25:99", "quiet_to": "07:00",
                                      "digest_at": "08:00"}, follow=True)  # fmt: skip
    assert page.status_code == 200 and "25:99" in page.content.decode()
    assert not Preference.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for url in ("/notifications/",):
        assert client.get(url).status_code == 302
    assert client.post("/notifications/line/link/").status_code == 302
    assert not LinkCode.objects.exists()


def test_unlinking_stops_line_for_that_person_only(client_for, personas):
    LineAccount.objects.create(user=personas["bangrak.staff"], line_user_id="U-a")
    LineAccount.objects.create(user=personas["sathon.staff"], line_user_id="U-b")
    assert client_for("bangrak.staff").post("/notifications/line/unlink/").status_code == 302
    assert dict(LineAccount.objects.values_list("line_user_id", "active")) == {"U-a": False, "U-b": True}
    assert not Notification.objects.filter(url="/notifications/").exists()  # unlinking oneself is no news
