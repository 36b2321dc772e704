"""The channel registry: in-app, e-mail, LINE — and any channel registered later.

A channel says whether a person can be reached through it (``reachable``), whether it pushes to a phone
(pushes wait for the end of the person's quiet hours) and sends one message.  ``send`` raises
``Stop`` when the person's address no longer works (the channel is stopped for them and they are told
in-app), ``Retry`` for a failure worth trying again later and ``Failed`` for one that is not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pramoen.notifications import line


class Stop(Exception):
    """The person cannot be reached here any more."""


class Retry(Exception):
    """Try again later."""


class Failed(Exception):
    """This message will not go through; do not try again."""


class Channel:
    key: str = ""
    label: str | Promise = ""
    push: bool = False  # a push to a phone: held during quiet hours unless urgent
    default_on: bool = True  # chosen for every event until the person says otherwise
    always: bool = False  # cannot be switched off (in-app: the notification itself)

    def reachable(self, user: Any) -> bool:
        raise NotImplementedError

    def send(self, user: Any, *, text: str, url: str, subject: str, retry_key: str) -> int:
        """Send; the number of tries it took."""
        raise NotImplementedError


_channels: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    _channels[channel.key] = channel


def get_channel(key: str) -> Channel | None:
    return _channels.get(key)


def all_channels() -> list[Channel]:
    return list(_channels.values())


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.PRAMOEN_SITE_URL.rstrip("/") + "/" + url.lstrip("/")


class InApp(Channel):
    """The notification row itself (``progress.Notification``): always on, nothing to send."""

    key, label, always = "inapp", _("in pramoen"), True

    def reachable(self, user: Any) -> bool:
        return True

    def send(self, user: Any, *, text: str, url: str, subject: str, retry_key: str) -> int:
        return 0


class Email(Channel):
    key, label = "email", _("e-mail")

    def reachable(self, user: Any) -> bool:
        return bool(getattr(user, "email", ""))

    def send(self, user: Any, *, text: str, url: str, subject: str, retry_key: str) -> int:
        try:
            send_mail(
                f"[pramoen] {subject[:80]}",
                f"{text}\n\n{absolute(url)}".strip(),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        except OSError as exc:  # a mail server being down: try again later
            raise Retry(f"mail server: {exc}") from exc
        return 1


class Line(Channel):
    key, label, push = "line", _("LINE"), True

    def reachable(self, user: Any) -> bool:
        from pramoen.notifications.models import LineAccount

        return line.configured() and LineAccount.objects.filter(user=user, active=True).exists()

    def send(self, user: Any, *, text: str, url: str, subject: str, retry_key: str) -> int:
        from pramoen.notifications.models import LineAccount

        account = LineAccount.objects.filter(user=user, active=True).first()
        if account is None:
            raise Stop("not linked")
        body = f"{text}\n{absolute(url)}".strip()
        try:
            return line.push(account.line_user_id, body, retry_key=retry_key)
        except line.RecipientGone as exc:
            raise Stop(str(exc)) from exc
        except line.TokenInvalid as exc:
            raise Failed(f"the LINE channel access token is refused: {exc}") from exc
        except line.Unavailable as exc:
            raise Retry(str(exc)) from exc
        except line.LineError as exc:
            raise Failed(str(exc)) from exc


def register_builtin() -> None:
    for channel in (InApp(), Email(), Line()):
        register_channel(channel)
