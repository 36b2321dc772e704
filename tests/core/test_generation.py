"""The data generation changes when scores are written and when complaints are imported."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

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


def _slow_build(calls: list[int], started: threading.Event, release: threading.Event):
    def build() -> list[int]:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return [len(calls)]

    return build


def test_a_cold_page_is_built_once_however_many_ask_at_the_same_time():
    calls: list[int] = []
    started, release = threading.Event(), threading.Event()
    build = _slow_build(calls, started, release)
    with ThreadPoolExecutor(max_workers=6) as pool:
        first = pool.submit(generation.cached, "test-cold", build)
        assert started.wait(10)
        waiting = [pool.submit(generation.cached, "test-cold", build) for _ in range(5)]
        time.sleep(0.2)
        assert not any(f.done() for f in waiting)  # nothing to show yet: they wait for the one build
        release.set()
        answers = [first.result(10)] + [f.result(10) for f in waiting]
    assert calls == [1]
    assert answers == [[1]] * 6


def test_while_a_new_generation_is_built_the_others_answer_with_the_previous_page(
    django_capture_on_commit_callbacks,
):
    calls: list[int] = []
    started, release = threading.Event(), threading.Event()
    release.set()
    build = _slow_build(calls, started, release)
    assert generation.cached("test-stale", build) == [1]
    with django_capture_on_commit_callbacks(execute=True):
        generation.bump()
    started.clear()
    release.clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        builder = pool.submit(generation.cached, "test-stale", build)
        assert started.wait(10)
        others = [pool.submit(generation.cached, "test-stale", build) for _ in range(3)]
        assert [f.result(10) for f in others] == [[1]] * 3  # at once, the page of a moment ago
        release.set()
        assert builder.result(10) == [2]
    assert generation.cached("test-stale", build) == [2]
    assert calls == [1, 1]


def test_a_build_that_fails_frees_the_page_for_the_next_request():
    def broken() -> list[int]:
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        generation.cached("test-broken", broken)
    assert generation.cached("test-broken", lambda: [7]) == [7]  # not left waiting on a lock nobody holds


def test_a_process_reads_a_cached_value_once_per_generation(django_capture_on_commit_callbacks, monkeypatch):
    """The value is unpickled from the shared cache once; later reads in the process use that copy until
    the generation moves, or until the cache itself would have let it go."""
    from django.core.cache import cache

    reads: list[str] = []
    real_get = cache.get

    def counting_get(key, default=None, version=None):
        reads.append(key)
        return real_get(key, default, version)

    generation.cached("test-local", lambda: {"n": 1})
    generation.forget_local()  # as another process would: the value is in the shared cache only
    monkeypatch.setattr(cache, "get", counting_get)
    first = generation.cached("test-local", lambda: {"n": 2})
    assert first == {"n": 1}
    value_reads = [k for k in reads if k.startswith("pramoen:gen:")]
    assert len(value_reads) == 1
    assert generation.cached("test-local", lambda: {"n": 3}) is first  # the same object, not read again
    assert [k for k in reads if k.startswith("pramoen:gen:")] == value_reads
    with django_capture_on_commit_callbacks(execute=True):
        generation.bump()
    assert generation.cached("test-local", lambda: {"n": 4}) == {"n": 4}  # a new generation: built anew


def test_a_process_copy_lives_no_longer_than_the_cache_keeps_it(monkeypatch):
    calls = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    clock = [1000.0]
    monkeypatch.setattr(generation, "_clock", lambda: clock[0])
    assert generation.cached("test-expiry", build, seconds=60) == [1]
    clock[0] += 59
    assert generation.cached("test-expiry", build, seconds=60) == [1]
    clock[0] += 2  # past its 60 s the copy is not used: the shared cache is read again (here let go)
    from django.core.cache import cache

    cache.delete_many([f"pramoen:gen:{generation.current()}:test-expiry", "pramoen:latest:test-expiry"])
    assert generation.cached("test-expiry", build, seconds=60) == [2]


def test_a_process_keeps_copies_of_a_bounded_number_of_pages():
    for n in range(generation.LOCAL_NAMES + 5):
        generation.cached(f"test-many-{n}", lambda n=n: [n])
    assert len(generation._local) == generation.LOCAL_NAMES
    assert "test-many-0" not in generation._local


def test_a_bump_in_another_process_reaches_this_ones_pages(settings, tmp_path):
    """Imports and recomputes run in the job worker, a process of its own: its bump must make the web
    server's cached pages fresh at once, not after ``PAGE_SECONDS`` — so the token lives in the cache the
    processes share (files here, as in the demo without Redis), though the pages stay in this process."""
    import subprocess
    import sys

    from tests.conftest import checkout_env

    shared = tmp_path / "jobs-cache"
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(shared)},
    }
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert generation.cached("test-other-process", build) == [1]
    assert generation.cached("test-other-process", build) == [1]
    bump = "import django; django.setup(); from pramoen.core import generation; generation._bump_now()"
    bumped = subprocess.run(
        [sys.executable, "-c", bump],
        env=checkout_env(
            DJANGO_SETTINGS_MODULE="pramoen.settings", PRAMOEN_TESTING="1", PRAMOEN_JOBS_CACHE_DIR=str(shared)
        ),
        capture_output=True,
        timeout=120,
    )
    assert bumped.returncode == 0, bumped.stderr.decode()[-2000:]
    assert generation.cached("test-other-process", build) == [2]
