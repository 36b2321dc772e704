"""Benchmarks: each measures a workload against a baseline run in the same process and prints the ratio.

Machines here are noisy, so absolute times mean little; the ratio to a baseline measured moments apart
on the same data is what each issue sets a target for.  Usage:

    make bench                          # every bench_*.py, on PostgreSQL when reachable, else SQLite
    .venv/bin/python bench/run.py orgs  # one module
    BENCH_DATABASE=sqlite .venv/bin/python bench/run.py
    BENCH_PROFILE=1 .venv/bin/python bench/run.py scoring   # with a cProfile summary

A fresh database (`pramoen_bench`, or `BENCH_PG_DB` when set so that parallel runs do not collide, on
PostgreSQL; a temporary file on SQLite) is migrated for the run and dropped afterwards.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = os.environ.get("BENCH_PG_DB", "pramoen_bench")
if not BENCH_DB.replace("_", "").isalnum():
    raise SystemExit(f"BENCH_PG_DB must be letters, digits and underscores, not {BENCH_DB!r}")


@dataclass
class Result:
    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float
    target_ratio: float | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds

    def line(self) -> str:
        target = (
            f" (target ≤ {self.target_ratio:g}×: {'met' if self.ratio <= self.target_ratio else 'NOT met'})"
            if self.target_ratio
            else ""
        )
        return (
            f"{self.name}: {self.seconds * 1000:.1f} ms vs {self.baseline_name}: "
            f"{self.baseline_seconds * 1000:.1f} ms → ratio {self.ratio:.2f}×{target}"
        )


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` runs (the median resists one-off stalls of a shared machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _database_url() -> tuple[str, Callable[[], None]]:
    choice = os.environ.get("BENCH_DATABASE", "auto")
    if choice in {"auto", "postgres"}:
        import psycopg

        try:
            with psycopg.connect(
                PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=3
            ) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
                conn.execute(f"CREATE DATABASE {BENCH_DB}")

            def drop() -> None:
                with psycopg.connect(
                    PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
                ) as c:
                    c.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")

            return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}", drop
        except psycopg.OperationalError:
            if choice == "postgres":
                raise
    path = Path(tempfile.mkdtemp(prefix="pramoen-bench-")) / "bench.sqlite3"
    return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    url, cleanup = _database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PRAMOEN_TESTING", "1")
    os.environ.setdefault("PRAMOEN_ALLOWED_HOSTS", "testserver")
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pramoen.settings")
    import django
    from django.core.management import call_command

    django.setup()
    try:
        call_command("migrate", verbosity=0)
        print(f"database: {url.split('://')[0]} · python {sys.version.split()[0]}")
        names = argv or sorted(
            p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")
        )
        for name in names:
            module = importlib.import_module(f"bench.bench_{name}")
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                results = profiler.runcall(module.run)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            else:
                results = module.run()
            for result in results:
                print(result.line())
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
