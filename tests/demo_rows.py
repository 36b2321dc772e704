"""The demo personas of ``load_demo``, loaded for real once per run and then copied into each test.

``load_demo`` makes about 660 queries (half a second a test on the 2-core machine, in about a thousand tests
per database). The first test that asks for the personas runs it and records what it wrote: every row it
added or changed, in every table (the audit entries its saves wrote included). A later test whose database
holds the same rows in the tables ``load_demo`` reads (and no id above the highest one the first load saw in
the tables it adds to) gets those rows inserted as they were, with their ids, and the times written during
the load moved to the copy's (``Recorded.apply``). Any other database (after a transactional test
flushed it, a fixture wrote to those tables first, or another language is active) gets the real load, recorded in its turn (up to
``MAX_RECORDED`` states). tests/orgs/test_demo_rows.py checks the copy against the load."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation

from pramoen.core.audit import acting_as
from pramoen.orgs.demo import load_demo
from pramoen.orgs.models import Agency, Committee, CommitteeMember, DistrictGroup, RoleAssignment, User

MAX_RECORDED = 6
SPAN = dt.timedelta(milliseconds=10)
Rows = dict[Any, dict[str, Any]]


def _read_models() -> list[type[models.Model]]:
    """The tables whose rows decide what ``load_demo`` writes (orgs/demo.py)."""
    through: type[models.Model] = Committee.agencies.through
    return [Agency, DistrictGroup, Committee, through, CommitteeMember, User, RoleAssignment]


def _all_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _dump(model: type[models.Model]) -> Rows:
    pk = model._meta.pk
    assert pk is not None
    return {row[pk.attname]: row for row in model._base_manager.order_by().values()}


def _max_pk(model: type[models.Model]) -> Any:
    pk = model._meta.pk
    assert pk is not None
    return model._base_manager.aggregate(m=models.Max(pk.attname))["m"]


def _context(password: str) -> tuple[str, str | None, str]:
    """What else decides the rows: the password, the active language (an audit entry names an agency in it)
    and the hasher."""
    return password, translation.get_language(), settings.PASSWORD_HASHERS[0]


@dataclass
class Recorded:
    context: tuple[str, str | None, str]
    read: dict[type[models.Model], Rows]  # the state of the tables load_demo reads (or changed a row of)
    added: dict[type[models.Model], list[dict[str, Any]]]
    changed: dict[type[models.Model], Rows]  # pk → the columns that changed, as they became
    max_pk: dict[type[models.Model], Any]  # the highest id before the load, in the tables it added to
    start: dt.datetime
    end: dt.datetime

    def matches(self, password: str, dumps: dict[type[models.Model], Rows]) -> bool:
        if _context(password) != self.context or any(dumps[m] != rows for m, rows in self.read.items()):
            return False
        for model, before in self.max_pk.items():
            now = max(dumps[model], default=None) if model in dumps else _max_pk(model)
            if now is not None and (before is None or now > before):
                return False
        return True

    def _moved(self, row: dict[str, Any], now: dt.datetime, span: dt.timedelta) -> dict[str, Any]:
        took = (self.end - self.start) or dt.timedelta(microseconds=1)
        start_day, end_day = timezone.localdate(self.start), timezone.localdate(self.end)
        out = {}
        for key, value in row.items():
            if isinstance(value, dt.datetime) and self.start <= value <= self.end:
                value = now + (value - self.start) * (span / took)
            elif type(value) is dt.date and start_day <= value <= end_day:
                value = timezone.localdate(now)
            out[key] = value
        return out

    def apply(self) -> None:
        """The rows, their load-time times squeezed into the next ``SPAN`` (in the same order), so that
        they come after what the test wrote before and before what it writes next; under a stopped clock
        (time_machine, tick=False) they all get its time, as the load gives them."""
        now = timezone.now()
        time.sleep(0.001)
        span = SPAN if timezone.now() != now else dt.timedelta(0)
        # one transaction: the foreign keys are checked at its end, once every table has its rows (a
        # transactional test runs in autocommit, where a committee's members would come before it)
        with transaction.atomic():
            for model, rows in self.added.items():
                model._base_manager.bulk_create([model(**self._moved(row, now, span)) for row in rows])
            for model, changes in self.changed.items():
                for pk, columns in changes.items():
                    model._base_manager.filter(pk=pk).update(**self._moved(columns, now, span))
        while span and timezone.now() <= now + span:
            time.sleep(0.001)


_recorded: list[Recorded] = []


def load_demo_rows(*, password: str) -> bool:
    """What ``load_demo(password=…)`` run as "system:test" writes, copied when this state was seen before
    (True) or loaded (False)."""
    read = _read_models()
    dumps = {m: _dump(m) for m in read}
    for rec in _recorded:
        if rec.matches(password, dumps):
            rec.apply()
            return True
    if len(_recorded) >= MAX_RECORDED:
        with acting_as(label="system:test"):
            load_demo(password=password)
        return False
    everything = _all_models()
    before = {m: dumps[m] if m in dumps else _dump(m) for m in everything}
    start = timezone.now()
    with acting_as(label="system:test"):
        load_demo(password=password)
    end = timezone.now()
    added: dict[type[models.Model], list[dict[str, Any]]] = {}
    changed: dict[type[models.Model], Rows] = {}
    for model in everything:
        after = _dump(model)
        old = before[model]
        if old.keys() - after.keys():
            return False  # load_demo deleted a row: nothing to copy, the next test loads for real too
        new = [row for pk, row in after.items() if pk not in old]
        if new:
            added[model] = new
        diff = {
            pk: {k: v for k, v in row.items() if old[pk][k] != v}
            for pk, row in after.items()
            if pk in old and row != old[pk]
        }
        if diff:
            changed[model] = diff
    compared = {m: before[m] for m in [*read, *changed]}
    _recorded.append(
        Recorded(
            context=_context(password),
            read=compared,
            added=added,
            changed=changed,
            max_pk={m: (max(before[m]) if before[m] else None) for m in added},
            start=start,
            end=end,
        )
    )
    return False
