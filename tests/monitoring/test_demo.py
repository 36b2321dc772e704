from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from pramoen.monitoring.models import Observation, Obstacle, Round, Suggestion


def counts():
    return (Obstacle.objects.count(), Suggestion.objects.count(), Observation.objects.count())


def test_the_demo_is_idempotent_and_keeps_edits(personas):
    call_command("demo_monitoring", stdout=io.StringIO())
    first = counts()
    assert first == (102, 29, 46)  # every obstacle, suggestion and observation transcribed from the report
    Obstacle.objects.filter(pk=Obstacle.objects.first().pk).update(text="แก้ไขแล้ว")
    call_command("demo_monitoring", stdout=io.StringIO())
    assert counts() == first and Obstacle.objects.filter(text="แก้ไขแล้ว").count() == 1
    call_command("demo_monitoring", "--reset", stdout=io.StringIO())
    assert counts() == first and not Obstacle.objects.filter(text="แก้ไขแล้ว").exists()
    assert Round.objects.get(fiscal_year=2567).is_published
    assert not Round.objects.get(fiscal_year=2568).is_published
    assert Obstacle.objects.filter(agencies__code="strategy-evaluation").exists()  # agencies concerned


def test_it_needs_the_committees(db):
    with pytest.raises(CommandError, match="pramoen demo"):
        call_command("demo_monitoring")
