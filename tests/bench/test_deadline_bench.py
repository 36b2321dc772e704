"""The deadline-day bench itself works (bench/locust_deadline.py): its set-up builds a database and the
accounts, six people sign in through the form and work for 15 s (short pauses) against gunicorn + the job worker, and the
count afterwards finds every write locust saw acknowledged.  No figure is asserted: speed is never a timed
test.  On PostgreSQL only (the bench's database server), in CI (slow: about a minute)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_the_deadline_bench_runs_a_tiny_day_and_loses_nothing(bench_env):
    env = dict(
        bench_env,
        BENCH_PG_DB="pramoen_deadline_selftest",
        BENCH_PORT="8839",
    )
    done = subprocess.run(
        [
            sys.executable,
            "bench/locust_deadline.py",
            "--users",
            "6",
            "--ramp",
            "2",
            "--seconds",
            "15",
            "--think",
            "0.5,1",
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
    # every person signed in through the form, once, and the table has each group
    signin = re.search(r"^  sign-in\s+(\d+)\s+(\d+)", out, re.M)
    assert signin and signin.groups() == ("6", "0"), out
    for group in ("pages", "API", "autosave/submit"):
        assert re.search(rf"^  {re.escape(group)}\s+\d+\s+\d+\s+\d+\s+\d+", out, re.M), out
    # the officer's autosaves and steps reached the database; no acknowledged step is missing from the trail
    saves = re.search(
        r"autosaves\s+acknowledged\s+(\d+), reports older than an acknowledged autosave: (\d+)", out
    )
    assert saves and int(saves.group(1)) > 0 and saves.group(2) == "0", out
    sent = re.search(r"send_to_head\s+acknowledged\s+(\d+)", out)
    assert sent and int(sent.group(1)) > 0, out
    lost = re.findall(r"lost (\d+)", out)
    assert len(lost) == 5 and set(lost) == {"0"}, out
    assert not re.search(r"HTTPError\('5\d\d", out), out  # no server error
