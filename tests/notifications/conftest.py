from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest

from pramoen.notifications.models import LineAccount
from tests.notifications.fake_line import SECRET, TOKEN, FakeLine


@pytest.fixture
def line_api(settings: Any) -> Iterator[FakeLine]:
    fake = FakeLine().start()
    settings.LINE_API_URL = fake.url
    settings.LINE_CHANNEL_ACCESS_TOKEN = TOKEN
    settings.LINE_CHANNEL_SECRET = SECRET
    settings.LINE_BOT_BASIC_ID = "@pramoen"
    settings.LINE_BACKOFF_SECONDS = 0.01
    settings.LINE_RETRIES = 3
    settings.PRAMOEN_SITE_URL = "https://pramoen.example"
    yield fake
    fake.stop()


@pytest.fixture
def deliver_now(django_capture_on_commit_callbacks: Any) -> Any:
    """``with deliver_now(): notify(...)`` — the transaction's callbacks run (the deliveries are queued as
    a ``notifications_send`` job) and then those jobs run here, as a worker would run them."""

    @contextlib.contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield
        send_queued()

    return run


def send_queued() -> int:
    from pramoen.jobs.models import Job
    from pramoen.jobs.services import job_execute

    ids = list(Job.objects.filter(kind="notifications_send", state="queued").values_list("pk", flat=True))
    for pk in ids:
        job_execute(pk)
    return len(ids)


def link(user: Any, line_user_id: str) -> LineAccount:
    return LineAccount.objects.create(user=user, line_user_id=line_user_id)


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
