"""Control characters never reach the database: every text a pramoen model saves (form, API, admin,
import through ``save()``) loses its control characters (tab and new lines are kept) just before it is
written.  They are never meant in a form field, and XML — so XLSX and DOCX — cannot hold them: one
in a follow-up's evidence used to make the round's XLSX export fail.

Bulk writes (``bulk_create``, COPY) bypass signals: the importers clean their cells when they read
them (``feeds/services/tabular.py``) and every export drops what XML cannot hold
(``core/spreadsheets.py``).
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from pramoen.core.inputs import CONTROL_CHARACTERS, strip_control


@functools.cache
def _text_fields(model: type[models.Model]) -> tuple[tuple[str, bool], ...]:
    """(attribute, is JSON) of the model's text and JSON fields."""
    return tuple(
        (f.attname, isinstance(f, models.JSONField))
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    )


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, dict):
        return {_clean_json(k): _clean_json(v) for k, v in value.items()}
    return value


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw or not sender.__module__.startswith("pramoen."):
        return
    for attname, is_json in _text_fields(sender):
        value = instance.__dict__.get(attname)
        if isinstance(value, str):
            if CONTROL_CHARACTERS.search(value):
                setattr(instance, attname, strip_control(value))
        elif is_json and isinstance(value, list | dict):
            setattr(instance, attname, _clean_json(value))


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="pramoen_strip_control_characters")
