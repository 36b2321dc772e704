"""Deliveries through the channel registry: e-mail and LINE (against the local fake of the Messaging API),
retries, an invalid token, a user who blocked the account, quiet hours, the digest and each person's choice."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from pramoen.notifications import services
from pramoen.notifications.models import Delivery, LineAccount
from pramoen.progress.models import Notification
from pramoen.progress.notify import notify
from tests.notifications.conftest import link

BKK = ZoneInfo("Asia/Bangkok")
NOON = dt.datetime(2024, 5, 7, 12, 0, tzinfo=BKK)
NIGHT = dt.datetime(2024, 5, 7, 23, 30, tzinfo=BKK)


@pytest.fixture
def somchai(personas):
    user = personas["bangrak.staff"]
    user.email = "somchai@example.org"
    user.save()
    return user


def _send_back(user, comment="ขอรูปเพิ่ม นายสมชาย 081-234-5678"):
    return notify(
        users=[user],
        kind="returned",
        message=f"1.1 for M07 was sent back: {comment}",
        url="/progress/reports/7/",
    )


@time_machine.travel(NOON, tick=False)
def test_it_sends_e_mail_and_a_short_line_push_after_commit(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    with deliver_now():
        assert _send_back(somchai) == 1
    assert Notification.objects.filter(user=somchai, kind="returned").count() == 1
    assert [m.to for m in mail.outbox] == [["somchai@example.org"]]
    assert "081-234-5678" in mail.outbox[0].body  # the person's own e-mail carries the whole comment
    (push,) = line_api.pushes()
    assert push["body"]["to"] == "U-somchai"
    text = push["body"]["messages"][0]["text"]
    assert "ส่งกลับ" in text and "https://pramoen.example/progress/reports/7/" in text
    assert "081-234-5678" not in text and "สมชาย" not in text  # nothing typed by someone else in a push
    assert push["headers"]["X-Line-Retry-Key"]
    states = dict(Delivery.objects.filter(user=somchai).values_list("channel", "state"))
    assert states == {"email": "sent", "line": "sent"}


@time_machine.travel(NOON, tick=False)
def test_a_rate_limit_is_retried_with_the_same_retry_key(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    line_api.queued = [(429, {"Retry-After": "0"}, {"message": "Too Many Requests"})] * 2
    with deliver_now():
        _send_back(somchai)
    pushes = line_api.pushes()
    assert len(pushes) == 3
    assert len({p["headers"]["X-Line-Retry-Key"] for p in pushes}) == 1
    assert Delivery.objects.get(channel="line").state == "sent"


@time_machine.travel(NOON, tick=False)
def test_a_source_still_limited_after_every_retry_is_tried_again_later(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    line_api.queued = [(429, {}, {"message": "Too Many Requests"})] * 3
    with deliver_now():
        _send_back(somchai)
    d = Delivery.objects.get(channel="line")
    assert (d.state, d.attempts) == ("pending", 1) and "429" in d.last_error
    assert d.send_after > NOON
    assert services.deliveries_send() == {}  # not due yet
    with time_machine.travel(d.send_after + dt.timedelta(seconds=1), tick=False):
        assert services.deliveries_send() == {"sent": 1}
    # the first try's key was refused (429) so the platform has not seen it: sent once, not twice
    assert len([p for p in line_api.pushes()]) == 4


@time_machine.travel(NOON, tick=False)
def test_an_invalid_token_fails_the_delivery_without_stopping_the_person(
    somchai, line_api, settings, deliver_now
):
    link(somchai, "U-somchai")
    settings.LINE_CHANNEL_ACCESS_TOKEN = "revoked"
    with deliver_now():
        _send_back(somchai)
    d = Delivery.objects.get(channel="line")
    assert d.state == "failed" and "access token" in d.last_error
    assert len(line_api.pushes()) == 1  # a refused token is not retried
    assert LineAccount.objects.get(user=somchai).active


@time_machine.travel(NOON, tick=False)
def test_a_user_who_blocked_the_account_stops_the_channel_and_is_told_in_app(somchai, line_api, deliver_now):
    link(somchai, "U-gone")
    line_api.blocked.add("U-gone")
    with deliver_now():
        _send_back(somchai)
    assert Delivery.objects.get(channel="line").state == "stopped"
    account = LineAccount.objects.get(user=somchai)
    assert not account.active and account.stopped_reason == "invalid"
    told = Notification.objects.filter(user=somchai, url="/notifications/").get()
    assert "LINE" in told.message
    with deliver_now():
        _send_back(somchai, "อีกครั้ง")
    assert len(line_api.pushes()) == 1  # nothing more is pushed to it
    assert Delivery.objects.filter(channel="email", state="sent").count() == 2


def test_quiet_hours_hold_pushes_until_morning_but_not_urgent_ones(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    with time_machine.travel(NIGHT, tick=False):
        with deliver_now():
            _send_back(somchai)
            notify(
                users=[somchai], kind="deadline", message="M07: reports are due tomorrow", url="/progress/"
            )
        held = Delivery.objects.get(channel="line", event="returned")
        assert held.state == "pending"
        assert held.send_after == dt.datetime(2024, 5, 8, 7, 0, tzinfo=BKK)
        assert [p["body"]["messages"][0]["text"] for p in line_api.pushes()] == [
            Delivery.objects.get(channel="line", event="deadline").text
            + "\nhttps://pramoen.example/progress/"
        ]
        assert len(mail.outbox) == 2  # e-mail is not a push: it goes at once
        assert services.deliveries_send() == {}
    with time_machine.travel(dt.datetime(2024, 5, 8, 7, 1, tzinfo=BKK), tick=False):
        assert services.deliveries_send() == {"sent": 1}
    assert len(line_api.pushes()) == 2


def test_a_daily_digest_gathers_the_days_messages_into_one(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    with time_machine.travel(NOON, tick=False):
        services.preferences_set(
            actor=somchai,
            channels={e: ["line"] for e in services.EVENTS},
            quiet_enabled=True,
            quiet_from=dt.time(21),
            quiet_to=dt.time(7),
            digest=True,
            digest_at=dt.time(8),
        )
        with deliver_now():
            _send_back(somchai)
            notify(users=[somchai], kind="verified", message="1.2 for M07 was verified.", url="/progress/")
        assert line_api.pushes() == [] and mail.outbox == []
        assert Delivery.objects.filter(state="digest").count() == 2
    with time_machine.travel(dt.datetime(2024, 5, 8, 7, 30, tzinfo=BKK), tick=False):
        assert services.digests_send() == 0  # before the person's digest time
    with time_machine.travel(dt.datetime(2024, 5, 8, 8, 5, tzinfo=BKK), tick=False):
        assert services.digests_send() == 1
        assert services.digests_send() == 0
    (push,) = line_api.pushes()
    text = push["body"]["messages"][0]["text"]
    assert "2" in text.splitlines()[0] and "ส่งกลับ" in text and "verified" in text
    assert Delivery.objects.filter(event__in=["returned", "other"], state="sent").count() == 2


@time_machine.travel(NOON, tick=False)
def test_each_person_chooses_channels_per_event(somchai, line_api, deliver_now):
    link(somchai, "U-somchai")
    services.preferences_set(
        actor=somchai,
        channels={"returned": ["email"], "deadline": ["line"]},
        quiet_enabled=False,
        quiet_from=dt.time(21),
        quiet_to=dt.time(7),
        digest=False,
        digest_at=dt.time(8),
    )
    with deliver_now():
        _send_back(somchai)
        notify(users=[somchai], kind="deadline", message="M07: due", url="/progress/")
    assert sorted(Delivery.objects.values_list("event", "channel")) == [
        ("deadline", "line"),
        ("returned", "email"),
    ]


@time_machine.travel(NOON, tick=False)
def test_follow_up_notices_go_by_their_own_choice_and_pushes_leave_the_observation_out(
    somchai, line_api, deliver_now
):
    link(somchai, "U-somchai")
    services.preferences_set(
        actor=somchai, channels={"followup": ["line"], "deadline": ["email"]}, quiet_enabled=False,
        quiet_from=dt.time(21), quiet_to=dt.time(7), digest=False, digest_at=dt.time(8),
    )  # fmt: skip
    typed = "ขอให้ติดต่อนายสมชาย 081-234-5678"
    with deliver_now():
        notify(
            users=[somchai], kind="followup", url="/monitoring/observations/3/follow-up/",
            message=f"The monitoring committee (ธรรมาภิบาล) asks your agency to act on: {typed}",
        )  # fmt: skip
    (delivery,) = Delivery.objects.all()
    assert (delivery.event, delivery.channel, delivery.state) == ("followup", "line", "sent")
    (push,) = line_api.pushes()
    text = push["body"]["messages"][0]["text"]
    assert "ติดตาม" in text and "/monitoring/observations/3/follow-up/" in text
    assert "081-234-5678" not in text and "สมชาย" not in text


def test_a_bad_choice_is_refused_naming_the_field(somchai):
    from pramoen.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        services.preferences_set(
            actor=somchai, channels={"returned": ["fax"]}, quiet_enabled=True, quiet_from=dt.time(21),
            quiet_to=dt.time(7), digest=False, digest_at=dt.time(8),
        )  # fmt: skip
    assert exc.value.extra["field"] == "channel"
    with pytest.raises(ApplicationError) as exc:
        services.preferences_set(
            actor=somchai, channels={}, quiet_enabled=True, quiet_from=dt.time(21), quiet_to=dt.time(21),
            digest=False, digest_at=dt.time(8),
        )  # fmt: skip
    assert exc.value.extra["field"] == "quiet_from"


@time_machine.travel(NOON, tick=False)
def test_without_line_set_up_nothing_is_pushed(somchai, settings, deliver_now):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""
    link(somchai, "U-somchai")
    with deliver_now():
        _send_back(somchai)
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]
