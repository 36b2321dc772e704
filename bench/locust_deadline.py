"""The deadline day at BMA scale (issue 22): 300 people sign in through the form and work, against gunicorn
+ PostgreSQL + Redis + the job worker, all started here; afterwards the database is counted.

    .venv/bin/python bench/locust_deadline.py                 # 300 users, ramped over 120 s, 300 s in all
    .venv/bin/python bench/locust_deadline.py --soak --kill   # + 5 minutes at 300; kill -9 mid-run

Builds the database `pramoen_deadline` (`BENCH_PG_DB`; migrate, `pramoen demo`, `pramoen demo_monitoring`;
kept with --reuse), makes the accounts of bench/deadline_setup.py, serves it with gunicorn (gthread;
`PRAMOEN_TRUSTED_PROXIES=1`: every simulated person sends an address of their own in X-Forwarded-For, as
the production reverse proxy would, so the per-address sign-in lock-out counts people, not the one
machine locust runs on), Redis database 7 for cache and sessions (`BENCH_REDIS_URL`), one job worker that
this script restarts whenever it dies (as systemd would), and runs bench/locustfile_deadline.py headless.
--kill sends SIGKILL to one gunicorn worker (gunicorn starts another) and to the job worker halfway.

Prints users, requests, p50/p95 per group (pages, API, autosave/submit, sign-in) and per endpoint,
errors, the load average, and the count in the database: every workflow step and autosave locust saw
acknowledged against the report trail, jobs queued against finished.  Nothing is asserted."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.locust_progress import (  # noqa: E402
    BIN,
    PASSWORD,
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

DB = database_name("pramoen_deadline")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
GROUPS = ("pages", "API", "autosave/submit", "sign-in")


class Worker:
    """The job worker, started again whenever it exits (a supervisor's job in production)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.restarts, self.stopping = env, log.open("w"), 0, False
        self.proc = self._start()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [BIN / "pramoen", "worker", "--interval", "0.5"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _watch(self) -> None:
        while not self.stopping:
            if self.proc.poll() is not None and not self.stopping:
                time.sleep(1)  # systemd's RestartSec
                self.proc = self._start()
                self.restarts += 1
            time.sleep(0.5)

    def stop(self) -> None:
        self.stopping = True
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (what a killed one used is not counted)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(args: argparse.Namespace) -> None:
    env = _env(DB, REDIS_URL)
    if args.debug:  # the bench's own test: no collected static files; never for figures
        env["PRAMOEN_DEBUG"] = "1"
    started = time.perf_counter()
    if create_database(DB, args.reuse, debug=args.debug):
        _pramoen(env, "demo_monitoring")
    prefix = Path(f"/tmp/{DB}-{args.users}")
    plan, acks, groups = (Path(f"{prefix}-{n}") for n in ("plan.json", "acks.txt", "groups.json"))
    for path in (acks, groups):
        path.unlink(missing_ok=True)
    out = _pramoen(
        env,
        "shell",
        "-c",
        f"from bench.deadline_setup import prepare; prepare({args.users}, {str(plan)!r}, {PASSWORD!r})",
    )
    flush_redis(env)
    composition = json.loads(plan.read_text())["composition"]
    accounts = next(line for line in out.splitlines() if line.startswith("ACCOUNTS ")).split()[1]
    print(f"database and {accounts} accounts ready in {time.perf_counter() - started:.0f} s: {composition}")

    env["PRAMOEN_TRUSTED_PROXIES"] = "1"
    logs = {name: Path(f"{prefix}-{name}.log") for name in ("gunicorn", "worker", "locust")}
    server = start_gunicorn(env, args.port, args.workers, args.threads, logs["gunicorn"])
    worker = Worker(env, logs["worker"])
    loads: list[float] = []
    kills: list[str] = []
    try:
        wait_until_up(args.port)
        seconds = max(args.seconds, args.ramp + 300) if args.soak else args.seconds
        locust = start_locust(
            "locustfile_deadline.py",
            users=args.users,
            ramp=args.ramp,
            seconds=seconds,
            port=args.port,
            prefix=prefix,
            env=dict(
                env,
                BENCH_PLAN_FILE=str(plan),
                BENCH_ACK_FILE=str(acks),
                BENCH_GROUPS_FILE=str(groups),
                BENCH_RAMP=str(args.ramp),
                BENCH_THINK=args.think,
            ),
            log=logs["locust"],
        )
        kill_at = time.monotonic() + (args.ramp + (seconds - args.ramp) / 2 if args.kill else 1e9)
        while locust.poll() is None:
            time.sleep(5)
            loads.append(os.getloadavg()[0])
            if time.monotonic() >= kill_at:
                kill_at = 1e18
                web = _children(server.pid)
                if web:
                    os.kill(web[0], signal.SIGKILL)
                    kills.append(f"gunicorn worker {web[0]}")
                if worker.proc.poll() is None:
                    os.kill(worker.proc.pid, signal.SIGKILL)
                    kills.append(f"job worker {worker.proc.pid}")
                print(f"kill -9 at {time.strftime('%H:%M:%S')}: {', '.join(kills)}")
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        cpu = _cpu_seconds(_children(server.pid))
        counted = _pramoen(
            env, "shell", "-c", f"from bench.deadline_setup import count; count({str(acks)!r}, wait=180)"
        )
    finally:
        worker.stop()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = json.loads(next(x for x in counted.splitlines() if x.startswith("COUNT "))[6:])
    server_errors = sum(1 for line in logs["gunicorn"].open(errors="replace") if '"level": "ERROR"' in line)
    _print(args, seconds, composition, prefix, groups, result, loads, uptime, kills, worker.restarts)
    requests = int(_stats(Path(f"{prefix}_stats.csv"))[0]["Request Count"])
    print(
        f"  gunicorn workers' CPU: {cpu:.0f} s, {1000 * cpu / max(1, requests):.0f} ms a request; "
        f"error lines in the server log: {server_errors}; logs: /tmp/{prefix.name}-*.log"
    )


def _print(
    args: argparse.Namespace,
    seconds: int,
    composition: dict[str, int],
    prefix: Path,
    groups: Path,
    result: dict[str, dict[str, dict[str, int]]],
    loads: list[float],
    uptime: str,
    kills: list[str],
    restarts: int,
) -> None:
    total, _rows = _stats(Path(f"{prefix}_stats.csv"))
    kept = json.loads(groups.read_text()) if groups.exists() else {"times": {}, "errors": {}}
    people = ", ".join(f"{n} {kind.replace('_', ' ')}s" for kind, n in composition.items())
    print(
        f"\n{args.users} users ({people}), ramp {args.ramp} s, {seconds} s in all, pauses {args.think} s; "
        f"gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL, Redis {REDIS_URL}"
        ", one job worker"
    )
    mean = sum(loads) / len(loads) if loads else 0.0
    print(
        f"load average during the run: mean {mean:.1f}, max {max(loads, default=0):.1f}; at the end: {uptime}"
    )
    print(
        f"requests {total['Request Count']}, errors {total['Failure Count']}, "
        f"{float(total['Requests/s']):.1f} req/s\n"
    )
    print(
        f"  {'group':16} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
        f"   after the ramp: {'requests':>8} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for group in GROUPS:
        times = kept["times"].get(group, [])
        after = kept.get("after_ramp", {}).get(group, [])
        print(
            f"  {group:16} {len(times):>8} {kept['errors'].get(group, 0):>6} {_percentile(times, 0.5):>7.0f} "
            f"{_percentile(times, 0.95):>7.0f} {max(times, default=0):>7.0f}"
            f"{' ' * 19}{len(after):>8} {_percentile(after, 0.5):>7.0f} {_percentile(after, 0.95):>7.0f}"
        )
    print(
        f"  {'all':16} {total['Request Count']:>8} {total['Failure Count']:>6} {total['50%']:>7} "
        f"{total['95%']:>7} {float(total['Max Response Time']):>7.0f}"
    )
    print_endpoints(prefix)
    print("\n  writes locust saw acknowledged, counted in the database afterwards:")
    for step, n in result["steps"].items():
        print(
            f"    {step:13} acknowledged {n['acknowledged']:>5}, in the report trail {n['in_database']:>5}, "
            f"lost {n['lost']}"
        )
    saves = result["saves"]
    print(
        f"    autosaves     acknowledged {saves['acknowledged']:>5}, reports older than an acknowledged "
        f"autosave: {saves['reports_behind']}"
    )
    print(f"    reports of the period by status: {result['reports']}")
    jobs = result["jobs"]
    open_ = jobs.get("queued", 0) + jobs.get("running", 0)
    print(
        f"  jobs: queued {jobs.get('all', 0)}, finished {jobs.get('done', 0)}, "
        f"failed {jobs.get('failed', 0)}, still waiting or running {open_}"
    )
    if args.kill:
        print(
            f"  kill -9: {', '.join(kills) or 'nothing (the run ended first)'}; the job worker was started "
            f"again {restarts} time(s); gunicorn starts its own workers again"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=300, help="simultaneous people (max 1000)")
    parser.add_argument("--ramp", type=int, default=120, help="seconds over which they sign in")
    parser.add_argument(
        "--seconds", type=int, default=300, help="length of the run, ramp included (max 1800)"
    )
    parser.add_argument("--soak", action="store_true", help="hold all users 5 minutes after the ramp")
    parser.add_argument(
        "--kill", action="store_true", help="kill -9 a gunicorn worker and the job worker halfway"
    )
    parser.add_argument("--think", default="3,10", help="pause between a person's actions: MIN,MAX seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)  # docs/deploy.md: workers = cores, 4 threads
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8830")))
    parser.add_argument("--reuse", action="store_true", help="keep an existing database of that name")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)  # the bench's own test
    args = parser.parse_args()
    low, high = (float(x) for x in args.think.split(","))
    args.think = f"{max(0.0, low)},{max(low, high)}"
    args.users = max(5, min(1000, args.users))
    args.seconds = max(10, min(1800, args.seconds))
    args.ramp = max(0, min(args.ramp, args.seconds))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop gunicorn and the worker on the way out
    run(args)


if __name__ == "__main__":
    main()
