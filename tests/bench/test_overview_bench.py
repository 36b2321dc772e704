"""The overview-and-portal bench itself works (bench/locust_overview.py): it builds a database with the demo
and a few thousand tickets generated from the real Traffy Fondue file (none when ../shared is missing: the
demo's 2,000 real ones then fill the ledgers), signs executives in, builds the cached pages once (--warm), and
five people read the overview, the baseline scorecard, the portal's home and a district's ledger for 12 s
against gunicorn.  No figure is asserted: speed is never a timed test.  On PostgreSQL only (the bench's
database server), in CI (slow)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "traffy"


def test_the_overview_bench_measures_every_group_signed_in_and_without_failures(bench_env):
    env = dict(
        bench_env,
        BENCH_PG_DB="pramoen_locust_ov_selftest",
        BENCH_PORT="8849",
    )
    tickets = "3000" if REAL.is_dir() else "0"
    done = subprocess.run(
        [
            sys.executable,
            "bench/locust_overview.py",
            "--users",
            "5",
            "--ramp",
            "2",
            "--seconds",
            "12",
            "--think",
            "0.5,1",
            "--tickets",
            tickets,
            "--warm",
            "--debug",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr[-3000:]
    stored = re.search(r"([\d,]+) tickets stored \(([\d,]+) generated", out)
    assert stored and int(stored.group(2).replace(",", "")) >= int(tickets) * 0.99, out
    assert re.search(r"^warmed /overview/: 200 in \d+ ms", out, re.M), out  # built once before the run
    # every group was asked for and answered without a failure (an executive sent to the sign-in form fails)
    for group in ("overview", "ledger", "portal home", "baseline"):
        row = re.search(rf"^  {group}\s+(\d+)\s+(\d+)\s+\d+\s+\d+\s+\d+\s+\S+\s+\S+", out, re.M)
        assert row and int(row.group(1)) > 0 and row.group(2) == "0", out
    assert re.search(r"^requests \d+, failures 0,", out, re.M), out
    # the pages alone afterwards: the overview really was the executive's (not the sign-in form)
    assert re.search(r"overview, built\s+\d+ ms  200  /overview/", out), out
    assert "error lines in the server log: 0" in out, out
