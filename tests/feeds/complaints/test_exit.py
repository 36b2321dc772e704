"""``pramoen import_complaints`` ends with exit status 0 — not a segmentation fault (139).

The cause (issue 22): the district index grows its 100-m outlines in a thread inside GEOS; as a daemon
thread it could still be running when an import that never needed them ended (every row unchanged, a
damaged file), and the interpreter was torn down under it.  The thread is no longer a daemon."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pramoen

from .conftest import API_HEADER, api_row, write_csv

ROOT = Path(pramoen.__file__).resolve().parent.parent
PRAMOEN = Path(sys.executable).with_name("pramoen")

BUILD_AND_LEAVE = """
import json, django
django.setup()
from pramoen.feeds.complaints.geo import DistrictIndex
data = json.load(open({geojson!r}, encoding="utf-8"))
rows = [(i, str(i), json.dumps(f["geometry"])) for i, f in enumerate(data["features"], start=1)]
DistrictIndex(rows)  # and exit at once, while the outlines are being grown
"""


def _env(database_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAMOEN_")}
    env.update(PRAMOEN_DEBUG="1", DJANGO_SETTINGS_MODULE="pramoen.settings", DATABASE_URL=database_url)
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_building_the_district_index_and_exiting_at_once_never_crashes(tmp_path):
    script = BUILD_AND_LEAVE.format(geojson=str(ROOT / "pramoen/orgs/data/bma_districts_50.geojson"))
    env = _env(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    codes = [
        subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path).returncode for _ in range(10)
    ]
    assert codes == [0] * 10


@pytest.mark.skipif(not PRAMOEN.exists(), reason="the pramoen console script is not installed")
def test_the_command_exits_0_again_and_again_and_1_on_a_damaged_file(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = _env(database)

    def run(*args: str) -> int:
        return subprocess.run([str(PRAMOEN), *args], env=env, cwd=tmp_path, capture_output=True).returncode

    assert run("migrate", "-v0") == 0
    rows = [api_row(f"2022-EXIT{i:02d}", (100.52, 13.73), "2022-10-01 01:00:00+00") for i in range(2)]
    small = write_csv(tmp_path / "two.csv", API_HEADER, rows)
    packed = gzip.compress(small.read_bytes() * 200)
    damaged = tmp_path / "cut.csv.gz"
    damaged.write_bytes(packed[: len(packed) // 2])
    codes = [run("import_complaints", str(small)) for _ in range(6)]
    assert codes == [0] * 6  # the first inserts, the others find every row unchanged
    assert [run("import_complaints", str(damaged)) for _ in range(2)] == [1, 1]  # reported, not 139
