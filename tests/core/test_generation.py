"""The data generation changes when scores are written and when complaints are imported."""

from __future__ import annotations

import pytest

from pramoen.core import generation

pytestmark = pytest.mark.django_db


def test_cached_values_live_until_the_generation_is_bumped(django_capture_on_commit_callbacks):
    calls = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert generation.cached("test-page", build) == [1]
    assert generation.cached("test-page", build) == [1]
    with django_capture_on_commit_callbacks(execute=True):
        generation.bump()
    assert generation.cached("test-page", build) == [2]


def test_a_recompute_and_an_import_bump_it(personas, tmp_path, django_capture_on_commit_callbacks):
    from tests.appeals.conftest import build_year

    before = generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        build_year(tmp_path)  # imports complaints and budget, then recomputes
    assert generation.current() != before
