"""The executive overview and the public portal under load, on a database of a million complaint tickets
(issue 19 point 5): gunicorn + PostgreSQL + Redis, all started here, locust headless.

    .venv/bin/python bench/locust_overview.py                      # 100 users, ramp 20 s, 110 s in all
    .venv/bin/python bench/locust_overview.py --reuse --users 100 --seconds 110

Builds the database `pramoen_locust_ov` (`BENCH_PG_DB`; kept with --reuse): migrate, `pramoen demo` (its
FY2567 first half-year is the published round), then --tickets (default 1,000,000) tickets GENERATED from
the real 185k-ticket Traffy Fondue file of 2022 by bench/bench_complaints.py's generator — new ids,
points jittered by up to ~15 m, times moved into that round (1 Oct 2023 – 31 Mar 2024, Bangkok time) —
imported with `pramoen import_complaints --dedup on` as any file is (attribution to the 50 districts,
duplicates, the component-4 scores recomputed).  A kept database is topped up only when it holds fewer.
bench/overview_setup.py makes the executives' accounts and signed-in sessions.  Serves it with gunicorn
(2 gthread workers × 4 threads, as docs/deploy.md), Redis database 8 for cache and sessions
(`BENCH_REDIS_URL`; flushed before the run, so the run starts with nothing cached, as after a recompute
or an import — with --warm each cached page is built once first), and runs
bench/locustfile_overview.py: executives on /overview/ with one agency's scorecard as the same run's
baseline, anonymous visitors on the portal's home and one district's ticket ledger.

Prints users, requests, failures, p50/p95/max per page group (whole run and after the ramp) and each
group's ratio to the baseline, the load average, then each page once more alone after emptying the cache
(built from the database).  Targets (issue 19): overview p95 < 150 ms at 100 users, a district's ledger
page < 300 ms.  Nothing is asserted."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.locust_deadline import _children, _cpu_seconds, _percentile  # noqa: E402
from bench.locust_progress import (  # noqa: E402
    _env,
    _pramoen,
    _stats,
    create_database,
    database_name,
    flush_redis,
    print_endpoints,
    start_gunicorn,
    start_locust,
    wait_until_up,
)

DB = database_name("pramoen_locust_ov")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
GROUPS = ("overview", "ledger", "portal home", "baseline")
TARGETS = {"overview": 150, "ledger": 300}  # p95 in ms (issue 19 point 5)
# The demo's published round, FY2567's first half-year, in Bangkok time: the generated tickets' window.
BANGKOK = ZoneInfo("Asia/Bangkok")
WINDOW = (dt.datetime(2023, 10, 1, tzinfo=BANGKOK), dt.datetime(2024, 4, 1, tzinfo=BANGKOK))


def load_tickets(env: dict[str, str], wanted: int) -> str:
    """Generate and import ``wanted`` tickets unless the database holds (nearly) that many already."""
    have = int(_pramoen(env, "shell", "-c", "from bench.overview_setup import stored; stored()").split()[-1])
    if have >= wanted * 0.99:
        return f"{have:,} generated tickets already stored"
    from bench.bench_complaints import generate

    with tempfile.TemporaryDirectory(prefix=f"{DB}-") as tmp:
        path = Path(tmp) / "generated-from-real-2022.csv"
        started = time.perf_counter()
        rows = generate(path, wanted, window=WINDOW)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        out = _pramoen(env, "import_complaints", str(path), "--dedup", "on")
        imported = time.perf_counter() - started
    summary = " ".join(line.strip() for line in out.splitlines() if line.strip())[:400]
    return (
        f"{rows:,} tickets generated in {generated:.0f} s, imported (with dedup and the component-4 "
        f"recompute) in {imported:.0f} s: {summary}"
    )


def vacuum_analyze(env: dict[str, str]) -> str:
    """VACUUM ANALYZE the database, as autovacuum does in production soon after a large import: without
    the statistics the planner takes a district's 50,000 attributions for 30 and plans for that."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        autovacuum = conn.execute("SHOW autovacuum").fetchone()
        conn.execute("VACUUM ANALYZE")
    return (
        f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s "
        f"(autovacuum on this server: {autovacuum[0] if autovacuum else '?'})"
    )


def alone(port: int, url: str, session: str = "") -> tuple[str, float]:
    """One GET with nobody else asking: its status (and where it ended when redirected) and milliseconds."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}")
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        answer.read()
        status = str(answer.status)
        final = urllib.parse.urlsplit(answer.url)
    took = (time.perf_counter() - started) * 1000
    if final.path != urllib.parse.urlsplit(url).path:
        status += f" (ended at {final.path})"
    return status, took


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run(args: argparse.Namespace) -> None:
    print(f"start: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; {_uptime()}")
    env = _env(DB, REDIS_URL)
    if args.debug:  # the bench's own test: no collected static files; never for figures
        env["PRAMOEN_DEBUG"] = "1"
    started = time.perf_counter()
    create_database(DB, args.reuse, debug=args.debug)
    print(f"database {DB} (migrate + demo) ready in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    print(load_tickets(env, args.tickets) + f" — {time.perf_counter() - started:.0f} s")
    print(vacuum_analyze(env))
    prefix = Path(f"/tmp/{DB}-{args.users}")
    plan_file, groups_file = Path(f"{prefix}-plan.json"), Path(f"{prefix}-groups.json")
    groups_file.unlink(missing_ok=True)
    executives = max(1, round(args.users * 2 / 5)) + 1  # locust's share for the weights 2 : 3
    out = _pramoen(
        env,
        "shell",
        "-c",
        f"from bench.overview_setup import prepare; prepare({executives}, {str(plan_file)!r})",
    )
    print(next(line for line in out.splitlines() if line.startswith("PREPARED ")).removeprefix("PREPARED "))
    plan = json.loads(plan_file.read_text())
    flush_redis(env)
    start_uptime = _uptime()  # as locust starts

    logs = {name: Path(f"{prefix}-{name}.log") for name in ("gunicorn", "locust")}
    server = start_gunicorn(env, args.port, args.workers, args.threads, logs["gunicorn"])
    loads: list[float] = []
    try:
        wait_until_up(args.port)
        if args.warm:  # the cached pages built once before anyone arrives: the steady state alone
            some_ledger = f"/public/{plan['year']}/{plan['period']}/complaints/{min(plan['ledgers'])}/"
            for url, cookie in (
                ("/overview/", plan["sessions"][0]),
                ("/overview/?kind=district_office", plan["sessions"][0]),
                ("/public/", ""),
                (some_ledger, ""),
            ):
                status, ms = alone(args.port, url, cookie)
                print(f"warmed {url}: {status} in {ms:.0f} ms")
        locust = start_locust(
            "locustfile_overview.py",
            users=args.users,
            ramp=args.ramp,
            seconds=args.seconds,
            port=args.port,
            prefix=prefix,
            env=dict(
                env,
                BENCH_PLAN_FILE=str(plan_file),
                BENCH_GROUPS_FILE=str(groups_file),
                BENCH_RAMP=str(args.ramp),
                BENCH_THINK=args.think,
            ),
            log=logs["locust"],
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        while locust.poll() is None:
            time.sleep(2)
            loads.append(os.getloadavg()[0])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, the one child reaped meanwhile
        locust_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        end_uptime = _uptime()
        cpu = _cpu_seconds(_children(server.pid))
        # each page once more, alone, after emptying the cache: built from the database (then cached)
        flush_redis(env)
        session = plan["sessions"][0]
        largest = max(plan["ledgers"], key=plan["ledgers"].get)
        ledger = f"/public/{plan['year']}/{plan['period']}/complaints/{largest}/"
        card = f"/scores/agency/{plan['card']}/?fy={plan['year']}&period={plan['period']}"
        single = [
            ("overview, built", "/overview/", session),
            ("overview, cached", "/overview/", session),
            ("ledger of the largest district, first page", ledger, ""),
            ("portal home", "/public/", ""),
            ("baseline scorecard", card, session),
        ]
        alone_times = [(label, url, *alone(args.port, url, cookie)) for label, url, cookie in single]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    server_errors = sum(1 for line in logs["gunicorn"].open(errors="replace") if '"level": "ERROR"' in line)
    _print(args, prefix, groups_file, loads, start_uptime, end_uptime, alone_times)
    requests = int(_stats(Path(f"{prefix}_stats.csv"))[0]["Request Count"])
    print(
        f"\n  CPU: gunicorn workers {cpu:.0f} s ({1000 * cpu / max(1, requests):.0f} ms a request), "
        f"locust itself {locust_cpu:.0f} s; "
        f"error lines in the server log: {server_errors}; logs: /tmp/{prefix.name}-*.log"
    )


def _print(
    args: argparse.Namespace,
    prefix: Path,
    groups_file: Path,
    loads: list[float],
    start_uptime: str,
    end_uptime: str,
    alone_times: list[tuple[str, str, str, float]],
) -> None:
    total = _stats(Path(f"{prefix}_stats.csv"))[0]
    kept = json.loads(groups_file.read_text()) if groups_file.exists() else {"times": {}, "errors": {}}
    times, after = kept["times"], kept.get("after_ramp", {})
    print(
        f"\n{args.users} users (executives : visitors = 2 : 3), ramp {args.ramp} s, {args.seconds} s in all, "
        f"pauses {args.think} s; gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL, "
        f"Redis {REDIS_URL}"
    )
    mean = sum(loads) / len(loads) if loads else 0.0
    print(f"as locust started: {start_uptime}")
    print(
        f"load average during the run: mean {mean:.1f}, max {max(loads, default=0):.1f}; "
        f"at the end: {end_uptime}"
    )
    print(
        f"requests {total['Request Count']}, failures {total['Failure Count']}, "
        f"{float(total['Requests/s']):.1f} req/s\n"
    )
    base = times.get("baseline", [])
    base_after = after.get("baseline", [])
    print(
        f"  {'group':12} {'requests':>8} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'p50 ×base':>9} {'p95 ×base':>9}   after the ramp: {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p95 ×base':>9}"
    )
    for group in GROUPS:
        t, a = times.get(group, []), after.get(group, [])
        p50, p95, a95 = _percentile(t, 0.5), _percentile(t, 0.95), _percentile(a, 0.95)
        print(
            f"  {group:12} {len(t):>8} {kept['errors'].get(group, 0):>5} {p50:>7.0f} {p95:>7.0f} "
            f"{max(t, default=0):>7.0f} {_ratio(p50, _percentile(base, 0.5)):>9} "
            f"{_ratio(p95, _percentile(base, 0.95)):>9}{' ' * 19}{len(a):>8} {_percentile(a, 0.5):>7.0f} "
            f"{a95:>7.0f} {_ratio(a95, _percentile(base_after, 0.95)):>9}"
        )
    for group, target in TARGETS.items():
        p95, a95 = _percentile(times.get(group, []), 0.95), _percentile(after.get(group, []), 0.95)
        print(
            f"  target {group} p95 < {target} ms: whole run {p95:.0f} ms ({_met(p95, target)}), "
            f"after the ramp {a95:.0f} ms ({_met(a95, target)})"
        )
    print_endpoints(prefix)
    print("\n  afterwards, each page alone (one request, the cache emptied first):")
    for label, url, status, ms in alone_times:
        print(f"    {label:44} {ms:>6.0f} ms  {status}  {url}")


def _met(value: float, target: float) -> str:
    return "met" if value < target else "NOT met"


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "-"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100, help="simultaneous people (max 500)")
    parser.add_argument("--ramp", type=int, default=20, help="seconds over which they arrive")
    parser.add_argument("--seconds", type=int, default=110, help="length of the run, ramp included (max 900)")
    parser.add_argument("--think", default="1,2", help="pause between a person's requests: MIN,MAX seconds")
    parser.add_argument(
        "--tickets",
        type=int,
        default=1_000_000,
        help="generated tickets in the database (from the real file)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)  # docs/deploy.md: workers = cores, 4 threads
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8840")))
    parser.add_argument("--reuse", action="store_true", help="keep an existing database of that name")
    parser.add_argument(
        "--warm", action="store_true", help="build the cached pages once before the run (no cold start)"
    )
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)  # the bench's own test
    args = parser.parse_args()
    low, high = (float(x) for x in args.think.split(","))
    args.think = f"{max(0.0, low)},{max(low, high)}"
    args.users = max(2, min(500, args.users))
    args.seconds = max(5, min(900, args.seconds))
    args.ramp = max(0, min(args.ramp, args.seconds))
    args.tickets = max(0, min(2_000_000, args.tickets))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn on the way out
    run(args)


if __name__ == "__main__":
    main()
