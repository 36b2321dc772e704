"""The audit log: every create/update/delete of a registered model, with who did it and what changed.

Apps register their domain models with ``audit.register(Model)``.  The actor comes from a context
variable that the request middleware sets for web and API requests; commands and tasks wrap their work
in ``acting_as(label="system:<name>")``.  ``bulk_create``/``update()`` bypass signals, so services that
use them write entries themselves with ``record()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from pramoen.core.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    user: Any | None
    label: str
    job_id: int | None = None  # the job (jobs.Job) this work runs in, if any


_ANONYMOUS = Actor(user=None, label="system")
_current: ContextVar[Actor] = ContextVar("pramoen_audit_actor", default=_ANONYMOUS)


@dataclass(frozen=True)
class _Options:
    summarise: frozenset[str]  # too large or secret to copy: only a size marker is logged
    ignore: frozenset[str]  # bookkeeping that is not a change of domain data (e.g. last_login)


_registry: dict[type[models.Model], _Options] = {}


def register(
    model: type[models.Model], *, summarise: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> None:
    _registry[model] = _Options(summarise=frozenset(summarise), ignore=frozenset(ignore))


def is_registered(model: type[models.Model]) -> bool:
    return model in _registry


@contextlib.contextmanager
def acting_as(
    user: Any | None = None, *, label: str | None = None, job_id: int | None = None
) -> Iterator[None]:
    actor = Actor(
        user=user, label=label or (user.get_username() if user is not None else "system"), job_id=job_id
    )
    token = _current.set(actor)
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _snapshot(instance: models.Model) -> dict[str, Any]:
    options = _registry[type(instance)]
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in options.ignore:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, models.DecimalField) and value is not None:
            # 10 and 10.00 are the same stored value: compare at the column's precision
            value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
        if field.name in options.summarise:
            text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True)
            value = f"<{len(text)} bytes, sha256 {hashlib.sha256(text.encode()).hexdigest()[:12]}>"
        data[field.attname] = value
    return _jsonable(data)


def record(action: str, instance: models.Model, changes: dict[str, list[Any]]) -> AuditEntry:
    actor = current_actor()
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=actor.label[:150],
        action=action,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if sender not in _registry or raw:
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        before = _snapshot(old) if old is not None else None
    instance._audit_before = before  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **_: Any
) -> None:
    if sender not in _registry or raw:
        return
    after = _snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(
            AuditEntry.Action.CREATE,
            instance,
            {k: [None, v] for k, v in after.items() if v not in (None, "")},
        )
        return
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        record(AuditEntry.Action.UPDATE, instance, changes)


def _post_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    if sender in _registry:
        record(AuditEntry.Action.DELETE, instance, {k: [v, None] for k, v in _snapshot(instance).items()})


def _m2m_changed(sender: Any, instance: models.Model, action: str, pk_set: set[Any] | None, **_: Any) -> None:
    if type(instance) not in _registry or action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        "m2m",
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    record(AuditEntry.Action.UPDATE, instance, {field: [verb, sorted(_jsonable(list(pk_set or [])))]})


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="pramoen_audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="pramoen_audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="pramoen_audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pramoen_audit_m2m")


def registered_models() -> list[type[models.Model]]:
    return list(_registry)
