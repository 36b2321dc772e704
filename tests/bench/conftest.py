"""The benches' own tests build the demo database once for both (about a minute of CPU each on the 2-core
machine): a template database that each bench copies (``BENCH_PG_TEMPLATE``) instead of running
``pramoen demo`` again.  Dropped at the end of the run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _admin_url() -> str:
    return os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0] + "/postgres"


@pytest.fixture(scope="session")
def bench_env() -> Iterator[dict[str, str]]:
    """The environment of a bench run: its PostgreSQL server and a demo database to copy."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the bench runs against PostgreSQL")
    template = f"pramoen_bench_template_{os.getpid()}"
    env = dict(os.environ, BENCH_PG_URL=_admin_url())
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from bench.locust_progress import create_database; create_database({template!r}, False, debug=True)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    yield dict(env, BENCH_PG_TEMPLATE=template)
    import psycopg

    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
