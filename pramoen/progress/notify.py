"""In-app notifications; each is also handed to the person's chosen channels (``pramoen.notifications``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from pramoen.orgs.models import Role, RoleAssignment, User
from pramoen.progress.models import Notification


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
    """Notify each user once (per ``key`` when given): in-app now; e-mail, LINE, … through the channels
    each person chose (``pramoen.notifications``), sent after the transaction commits."""
    created: list[Notification] = []
    for user in users:
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                row = Notification.objects.create(
                    user=user, kind=kind, message=message[:500], url=url, key=key
                )
        except IntegrityError:  # a parallel reminder run got there first
            continue
        created.append(row)
    if created:
        from pramoen.notifications.services import deliveries_for

        deliveries_for(created)
    return len(created)


def notifications_for(user: Any, *, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user: Any) -> int:
    from django.utils import timezone

    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
