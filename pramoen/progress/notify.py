"""In-app notifications, each also sent by e-mail (the console backend unless configured)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from pramoen.orgs.models import Role, RoleAssignment, User
from pramoen.progress.models import Notification

log = logging.getLogger(__name__)


def users_with_role(role: str, *, agency_id: int | None = None) -> list[User]:
    rows = RoleAssignment.objects.filter(role=role, user__is_active=True)
    rows = rows.filter(agency_id=agency_id) if agency_id is not None else rows.filter(agency__isnull=True)
    return list(User.objects.filter(pk__in=rows.values("user_id")).order_by("pk"))


def agency_staff(agency_id: int) -> list[User]:
    """Reporters and the head of an agency: the people who act on returns, deadlines and warnings."""
    rows = RoleAssignment.objects.filter(
        role__in=[Role.REPORTER, Role.APPROVER], agency_id=agency_id, user__is_active=True
    )
    return list(User.objects.filter(pk__in=rows.values("user_id")).order_by("pk"))


def notify(*, users: Iterable[Any], kind: str, message: str, url: str = "", key: str = "") -> int:
    """Notify each user once (per ``key`` when given); e-mail after the transaction commits."""
    sent: list[Any] = []
    for user in users:
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, kind=kind, message=message[:500], url=url, key=key)
        except IntegrityError:  # a parallel reminder run got there first
            continue
        sent.append(user)
    addresses = [u.email for u in sent if u.email]
    if addresses:

        def mail() -> None:
            try:
                send_mail(
                    f"[pramoen] {message[:80]}",
                    f"{message}\n\n{url}",
                    settings.DEFAULT_FROM_EMAIL,
                    addresses,
                )
            except OSError:  # a mail server being down must not undo the workflow step
                log.exception("notification e-mail failed")

        transaction.on_commit(mail)
    return len(sent)


def notifications_for(user: Any, *, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: Any) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
