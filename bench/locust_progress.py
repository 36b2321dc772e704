"""Deadline-day load test: gunicorn + PostgreSQL on 127.0.0.1, locust headless, bounded in users and time.

    .venv/bin/python bench/locust_progress.py --users 20,40 --seconds 60

Builds a fresh database `pramoen_locust` (`BENCH_PG_DB` when set, so parallel runs do not collide:
migrate + `pramoen demo` + the progress demo + one officer account per district office + executives),
serves it with gunicorn (gthread workers; Redis for cache and sessions when `BENCH_REDIS_URL`, default
redis://127.0.0.1:6379/4, answers), runs the scenario of bench/locustfile_progress.py at each user count,
prints requests, failures and p50/p95 per step, and checks afterwards that every report locust saw
submitted is submitted in the database.  Nothing is asserted: the figures are printed."""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_name(default: str) -> str:
    """The bench's database: ``BENCH_PG_DB`` when set (parallel runs must not collide), else ``default``."""
    name = os.environ.get("BENCH_PG_DB", default)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_PG_DB must be letters, digits and underscores, not {name!r}")
    return name


DB = database_name("pramoen_locust")
PORT = 8766
# its own Redis database number, so that the run's cache and sessions do not meet anyone else's keys
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
PASSWORD = "Bench-pass-2567!"


def _env(db: str = DB, redis_url: str = REDIS_URL) -> dict[str, str]:
    """The production settings of a bench server and its commands, on database ``db``."""
    static_root = f"/tmp/{db}-static"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=ADMIN_URL.rsplit("/", 1)[0] + f"/{db}",
        PRAMOEN_DEBUG="0",
        PRAMOEN_SECRET_KEY="bench-secret-key-" + "x" * 40,
        PRAMOEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        PRAMOEN_SSL_REDIRECT="0",
        PRAMOEN_SECURE_COOKIES="0",
        PRAMOEN_HSTS_SECONDS="0",
        BENCH_PASSWORD=PASSWORD,
        PRAMOEN_STATIC_ROOT=static_root,
        PRAMOEN_MEDIA_ROOT=static_root + "-media",
        PYTHONPATH=str(ROOT),  # this checkout's code, whatever the editable install points at
        # the bench's worker never reaches outside this machine: no scheduled Traffy pull, and a loopback
        # address in case one is started
        PRAMOEN_TRAFFY_SCHEDULED="0",
        PRAMOEN_TRAFFY_URL="http://127.0.0.1:9/",
    )
    env.pop("PRAMOEN_TESTING", None)
    env.pop("REDIS_URL", None)
    if redis_url and _reachable(redis_url):  # production runs with Redis: cache and sessions
        env["REDIS_URL"] = redis_url
    return env


def _reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2).close()
    except OSError:
        return False
    return True


# Every step (and a reused database) starts the day again: the district offices' M07 reports are removed.
RESET = r"""
from pramoen.core.audit import acting_as
from pramoen.progress.demo import load_progress_demo
from pramoen.progress.models import ProgressReport
with acting_as(label="system:bench"):
    ProgressReport.objects.filter(period__code="M07", assignment__agency__kind="district_office").delete()
    load_progress_demo()
"""

SETUP = r"""
from pramoen.core.audit import acting_as
from pramoen.orgs.models import Agency, Role, RoleAssignment, User
with acting_as(label="system:bench"):
    codes = []
    for agency in Agency.objects.filter(kind="district_office").order_by("code"):
        user, _ = User.objects.get_or_create(username=f"bench.officer.{agency.code}")
        user.set_password(PASSWORD); user.save()
        for role in (Role.REPORTER, Role.APPROVER):
            RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency)
        codes.append(agency.code)
    for n in range(3):
        user, _ = User.objects.get_or_create(username=f"bench.exec.{n}")
        user.set_password(PASSWORD); user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.EXECUTIVE)
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
sessions = {}
for user in User.objects.filter(username__startswith="bench."):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # a backend the settings list (one they do not is no session at all: the user is anonymous)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[user.username] = store.session_key
print("SESSIONS " + json.dumps(sessions))
print("OFFICERS " + ",".join(codes))
"""


def _pramoen(env: dict[str, str], *args: str) -> str:
    """Run the pramoen command with the bench's settings; its output."""
    done = subprocess.run([BIN / "pramoen", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"pramoen {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def create_database(db: str, reuse: bool, *, debug: bool = False) -> bool:
    """A fresh database ``db`` migrated with the demo (or the existing one with ``reuse``); its static
    files collected once (not for ``debug``, whose server finds them in the apps).  A fresh one is a copy of
    ``BENCH_PG_TEMPLATE`` when that database exists (already migrated with the demo: the benches' own tests
    build the demo once for both).  True when it was made anew."""
    import psycopg

    env = _env(db)
    template = os.environ.get("BENCH_PG_TEMPLATE", "")
    if template and not template.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_PG_TEMPLATE must be letters, digits and underscores, not {template!r}")
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        fresh = not (reuse and exists)
        has_demo = not fresh
        if fresh:
            conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
            has_demo = bool(template) and bool(
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
            )
            conn.execute(f"CREATE DATABASE {db}" + (f" TEMPLATE {template}" if has_demo else ""))
    _pramoen(env, "migrate", "--no-input", "-v", "0")  # a kept database gets the code's new migrations
    if not has_demo:
        _pramoen(env, "demo", "--password", PASSWORD)
    if not debug and not (Path(env["PRAMOEN_STATIC_ROOT"]) / "staticfiles.json").exists():
        _pramoen(env, "collectstatic", "--no-input", "-v", "0")  # compressing the assets takes ~30 s
    return fresh


def flush_redis(env: dict[str, str]) -> None:
    """Start from an empty cache: the bench's own Redis database number."""
    if "REDIS_URL" in env:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def prepare(reuse: bool) -> tuple[str, str]:
    env = _env()
    started = time.perf_counter()
    create_database(DB, reuse)
    code = f"PASSWORD = {PASSWORD!r}\n" + RESET + SETUP
    out = _pramoen(env, "shell", "-c", code)
    flush_redis(env)
    print(f"database ready in {time.perf_counter() - started:.0f} s")
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in out.splitlines() if " " in line}
    return lines["OFFICERS"], lines["SESSIONS"]


def _stats(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return next(r for r in rows if r["Name"] == "Aggregated"), rows


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn as in production (docs/deploy.md), in a process group of its own; its log to ``log``."""
    return subprocess.Popen(
        [
            BIN / "gunicorn",
            "pramoen.wsgi",
            "-w",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            # Longer than any pause between a user's requests: gunicorn's default (2 s) closes idle
            # connections just as clients reuse them, which they see as "connection reset by peer".
            "--keep-alive",
            "75",
            "--preload",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stderr=log.open("w") if log else None,
    )


def start_locust(
    locustfile: str,
    *,
    users: int,
    ramp: int,
    seconds: int,
    port: int,
    prefix: Path,
    env: dict[str, str],
    log: Path,
) -> subprocess.Popen[bytes]:
    """locust headless on ``locustfile`` (under bench/): ``users`` arriving evenly over ``ramp`` seconds,
    ``seconds`` in all; its statistics to ``<prefix>_stats.csv`` and ``<prefix>_failures.csv``."""
    return subprocess.Popen(
        [
            BIN / "locust",
            "-f",
            str(ROOT / "bench" / locustfile),
            "--headless",
            "-u",
            str(users),
            "-r",
            f"{users / max(1, ramp):.3f}",
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "15",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def print_endpoints(prefix: Path) -> None:
    """Per endpoint: requests, p50, p95, max and failures; then locust's first error messages."""
    print("\n  per endpoint:")
    for r in _stats(Path(f"{prefix}_stats.csv"))[1]:
        if r["Name"] != "Aggregated":
            print(
                f"    {r['Type']:5} {r['Name'][:52]:52} n={r['Request Count']:>6} p50={r['50%']:>5} "
                f"p95={r['95%']:>5} max={float(r['Max Response Time']):>6.0f} ms fail={r['Failure Count']}"
            )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        print("\n  errors (locust's failures file):")
        for line in failures.read_text().splitlines()[1:15]:
            print(f"    {line[:200]}")


def wait_until_up(port: int, seconds: float = 60) -> None:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on port {port} within {seconds:.0f} s")


def run(users: list[int], seconds: int, workers: int, threads: int, reuse: bool) -> None:
    officers, sessions = prepare(reuse)
    env = _env()
    server = start_gunicorn(env, PORT, workers, threads)
    try:
        wait_until_up(PORT)
        for step, count in enumerate(users):
            if step:
                _pramoen(env, "shell", "-c", RESET)
            prefix = Path(f"/tmp/{DB}-{count}")
            submitted_file = f"{prefix}-submitted.txt"
            run_env = dict(
                env, BENCH_OFFICERS=officers, BENCH_SESSIONS=sessions, BENCH_SUBMITTED_FILE=submitted_file
            )
            Path(submitted_file).unlink(missing_ok=True)
            subprocess.run(
                [
                    BIN / "locust",
                    "-f",
                    str(ROOT / "bench/locustfile_progress.py"),
                    "--headless",
                    "-u",
                    str(count),
                    "-r",
                    str(max(1, count // 10)),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=run_env,
                cwd=ROOT,
                check=False,
                stdout=subprocess.DEVNULL,
            )
            total, rows = _stats(Path(f"{prefix}_stats.csv"))
            print(
                f"\n{count} users for {seconds} s, gunicorn {workers} workers × {threads} threads, "
                f"Redis {'on' if 'REDIS_URL' in env else 'off'}, load average {os.getloadavg()[0]:.1f}:"
            )
            print(
                f"  requests {total['Request Count']}, failures {total['Failure Count']}, "
                f"{float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, p95 {total['95%']} ms, "
                f"max {float(total['Max Response Time']):.0f} ms"
            )
            for r in rows:
                if r["Name"] != "Aggregated":
                    print(
                        f"    {r['Type']:5} {r['Name'][:50]:50} n={r['Request Count']:>5} "
                        f"p95={r['95%']:>5} ms fail={r['Failure Count']}"
                    )
            done = Path(submitted_file)
            ids = [int(x) for x in done.read_text().split()] if done.exists() else []
            check = (
                "from pramoen.progress.models import ProgressReport\n"
                f"ids = {ids!r}\n"
                "ok = ProgressReport.objects.filter(pk__in=ids, status='submitted').count()\n"
                "print('RESULT', ok, ProgressReport.objects.filter(status='submitted').count())\n"
            )
            out = _pramoen(env, "shell", "-c", check)
            found = next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]
            print(
                f"  submitted according to locust: {len(ids)}; of those submitted in the database: "
                f"{found[0]}; submitted reports in the database in all: {found[1]}"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", default="20,40", help="comma-separated concurrent user counts (max 200)")
    parser.add_argument("--seconds", type=int, default=60, help="seconds per step (max 300)")
    parser.add_argument("--workers", type=int, default=2)  # best of 2, 3, 4 on 2 shared cores
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database of that name")
    args = parser.parse_args()
    users = [min(200, int(u)) for u in args.users.split(",")]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn on the way out
    run(users, min(300, args.seconds), args.workers, args.threads, args.reuse)


if __name__ == "__main__":
    main()
