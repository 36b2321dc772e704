"""Real Traffy files from ../shared (skipped when the folder is missing)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import math
import statistics
import string
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from zoneinfo import ZoneInfo

import pytest
from shapely import STRtree, points
from shapely.geometry import shape

from pramoen.feeds.complaints.dedup import dedup_range
from pramoen.feeds.complaints.models import StateChange
from pramoen.feeds.complaints.selectors import district_kpis
from pramoen.orgs.models import District

from .conftest import SHARED, needs_shared

pytestmark = [pytest.mark.slow, needs_shared]
TRAFFY = SHARED / "traffy"
BKK = ZoneInfo("Asia/Bangkok")


def test_the_two_raw_snapshots_record_223_state_changes(run_import):
    run_import(TRAFFY / "traffy_geojson_snapshot_2023-01-09T0124Z.json")
    second = run_import(TRAFFY / "traffy_geojson_snapshot_2023-01-09T1233Z.json")
    assert second.state_changes == 223
    pairs = Counter(
        StateChange.objects.filter(previous_state__isnull=False).values_list("previous_state", "state")
    )
    assert pairs[("รอรับเรื่อง", "กำลังดำเนินการ")] == 103
    assert pairs[("กำลังดำเนินการ", "เสร็จสิ้น")] == 83
    assert pairs[("รอรับเรื่อง", "เสร็จสิ้น")] == 33
    assert sum(n for (_a, b), n in pairs.items() if b == "รอรับเรื่อง") == 4


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("traffy_dump_format_2023-05-11_to_2023-05-13.csv", "dump"),
        ("traffy_api_format_2023-05-14_to_2023-05-18.csv", "api_list"),
        ("teamchadchart_export_2023-11-26_to_2023-11-28_with_durations.csv", "durations"),
    ],
)
def test_the_small_2023_files_import(run_import, name, fmt):
    summary = run_import(TRAFFY / name)
    assert summary.file_format == fmt
    assert summary.inserted + summary.repeated_in_file + summary.rejected == summary.rows_read
    assert summary.rejected <= 2


def _attribute(rows, districts) -> list[str]:
    """District code of each row by the documented order (the 2022 file names no district offices)."""
    polys = [shape(b) for _c, _n, b in districts]
    tree = STRtree(polys)
    by_name = {n.replace("ฏ", "ฎ"): str(c) for c, n, _b in districts}
    lon = [float(r["lon"]) for r in rows]
    lat = [float(r["lat"]) for r in rows]
    direct = dict(zip(*tree.query(points(lon, lat), predicate="within"), strict=False))
    swapped = dict(zip(*tree.query(points(lat, lon), predicate="within"), strict=False))
    codes = []
    for i, r in enumerate(rows):
        if i in direct:
            codes.append(str(districts[direct[i]][0]))
        elif i in swapped:
            codes.append(str(districts[swapped[i]][0]))
        else:
            codes.append(by_name.get(r["district"].removeprefix("เขต").replace("ฏ", "ฎ"), ""))
    return codes


_DROP = set(string.punctuation) | set("“”‘’…")
_LON_M = 111_320.0 * math.cos(math.radians(13.75))  # the documented equirectangular projection


def _normalised(text: str) -> str:
    text = "" if text.strip().lower() in {"nan", "none", "null"} else text.strip()
    return "".join(ch for ch in text.lower() if not ch.isspace() and ch not in _DROP)


def _tags(text: str) -> set[str]:
    return {t.strip().strip("'\"").strip() for t in text.strip().strip("{}").split(",")} - {""}


def _duplicates(rows, codes) -> set[int]:
    """Indexes of the rows that duplicate an earlier ticket of the same district: created at most 7 days
    before, within 30 m, a shared tag or comments with difflib ratio ≥ 0.8 (the file has no resolution
    times, so the resolved-before rule never applies).  Checked pair by pair, newest earlier ticket
    first; a duplicate's original is the original of the ticket it matches."""
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(codes):
        if code:
            by_code[code].append(i)
    created = [dt.datetime.fromisoformat(r["timestamp"]) for r in rows]
    dups: set[int] = set()
    for members in by_code.values():
        members.sort(key=lambda k: (created[k], k))
        first = 0
        for pos, b in enumerate(members):
            while created[members[first]] < created[b] - dt.timedelta(days=7):
                first += 1
            rb = rows[b]
            for a in reversed(members[first:pos]):
                ra = rows[a]
                dx = (float(rb["lon"]) - float(ra["lon"])) * _LON_M
                dy = (float(rb["lat"]) - float(ra["lat"])) * 110_574.0
                if dx * dx + dy * dy > 900.0:
                    continue
                ca, cb = _normalised(ra["comment"]), _normalised(rb["comment"])
                if _tags(ra["type"]) & _tags(rb["type"]) or (
                    ca and cb and SequenceMatcher(None, ca, cb, autojunk=False).ratio() >= 0.8
                ):
                    dups.add(b)
                    break
    return dups


def _independent(path, start: dt.date, end: dt.date, *, dedup: bool) -> dict[str, dict[str, object]]:
    """The issue's rules computed from the raw file with plain csv + shapely in degrees + difflib."""
    districts = list(District.objects.values_list("code", "name_th", "boundary"))
    seen: dict[str, dict[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["ticket_id"]:
                seen[r["ticket_id"]] = r  # the last row of a repeated ticket
    rows = list(seen.values())
    codes = _attribute(rows, districts)
    dups = _duplicates(rows, codes) if dedup else set()
    out: dict[str, dict[str, object]] = defaultdict(lambda: Counter())  # type: ignore[arg-type]
    stars: dict[str, list[int]] = defaultdict(list)
    for i, (r, code) in enumerate(zip(rows, codes, strict=True)):
        created = dt.datetime.fromisoformat(r["timestamp"]).astimezone(BKK).date()
        if not start <= created <= end:
            continue
        if not code:
            out["-"]["unattributed"] += 1
            continue
        c = out[code]
        c["received"] += 1
        state = r["state"] if r["state"] != "nan" else ""
        if state == "ไม่เกี่ยวข้อง":
            c["not_relevant"] += 1
        elif state.startswith("ส่งต่อ"):
            c["forwarded"] += 1
        elif i in dups:
            c["duplicate"] += 1
        else:
            c["counted"] += 1
            if r["count_reopen"] and float(r["count_reopen"]) >= 1:
                c["reopened"] += 1
            if state == "เสร็จสิ้น":
                c["resolved"] += 1
                if r["star"] and 1 <= float(r["star"]) <= 5:
                    stars[code].append(int(float(r["star"])))
    for code, values in stars.items():
        out[code]["mean_star"] = round(statistics.mean(values) + 1e-9, 2)
        out[code]["rated"] = len(values)
    return out


def _compare(report, expected) -> None:
    assert report["unattributed"] == expected["-"]["unattributed"]
    for row in report["districts"]:
        e = expected.get(row["code"], Counter())
        assert row["received"] == e["received"], row["code"]
        assert row["excluded"] == {
            "not_relevant": e["not_relevant"], "forwarded": e["forwarded"], "duplicate": e["duplicate"],
            "appeal": 0,
        }, row["code"]  # fmt: skip
        assert row["counted"] == e["counted"], row["code"]
        assert row["resolved"] == e["resolved"], row["code"]
        assert row["reopened"] == e["reopened"], row["code"]
        assert row["rated"] == e.get("rated", 0), row["code"]
        assert row["mean_star"] == e.get("mean_star"), row["code"]
        kpi = round(100 * e["resolved"] / e["counted"] + 1e-9, 2) if e["counted"] else None
        assert row["kpi_percent"] == kpi, row["code"]
    assert sum(r["received"] for r in report["districts"]) > 30_000


def test_the_2022_figures_agree_with_an_independent_computation(run_import):
    path = TRAFFY / "traffy_teamchadchart_api_2022-05-29_to_2022-12-18.csv.gz"
    summary = run_import(path, dedup_on=False)
    assert summary.inserted == 185158 and summary.rejected == 1
    start, end = dt.date(2022, 10, 1), dt.date(2022, 12, 18)
    _compare(district_kpis(start=start, end=end, dedup=False), _independent(path, start, end, dedup=False))
    dedup_range(dt.datetime(2022, 5, 1, tzinfo=dt.UTC), dt.datetime(2023, 1, 1, tzinfo=dt.UTC))
    expected = _independent(path, start, end, dedup=True)
    assert sum(c["duplicate"] for c in expected.values()) > 1000  # the check is not vacuous
    _compare(district_kpis(start=start, end=end, dedup=True), expected)
