"""GENERATED demo data for KPI 3.1: the demo process catalogue and FY2567 H1 service counts for all
50 districts, and the bureaus' and offices' monthly use of the seven digital systems
(``load_systems_demo``).  No public BMA OSS statistics exist, so these numbers are made up — seeded, so
every run gives the same figures — to look like the seed report: the 8 districts of กรุงธนเหนือ land between
0.78 % and 5.67 % online (the report's range), the other groups vary between about 2 % and 16 %.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import connection, transaction

from pramoen.feeds.models import ImportRun
from pramoen.feeds.runs import import_run_done, import_run_start
from pramoen.feeds.services.catalogue import CATALOGUE
from pramoen.feeds.services.importer import Key
from pramoen.feeds.services.models import (
    Channel,
    DigitalSystem,
    ServiceProcess,
    ServiceRecord,
    SystemUsage,
)
from pramoen.feeds.services.services import service_records_upsert
from pramoen.feeds.services.systems import ensure_systems
from pramoen.feeds.services.usage import UsageKey, usage_upsert
from pramoen.orgs.models import Agency, District

SEED = 2567
DEMO_FILENAME = "ข้อมูลสาธิตที่สร้างขึ้น: จำนวนคำขอ BMA OSS ปีงบประมาณ 2567 ครึ่งปีแรก"
MONTHS = [dt.date(2023, 10, 1), dt.date(2023, 11, 1), dt.date(2023, 12, 1),
          dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]  # fmt: skip
SEASON = [1.0, 0.95, 0.85, 1.15, 1.0, 1.05]  # January: land and sign tax season
ONLINE_TREND = [0.7, 0.8, 0.9, 1.05, 1.2, 1.35]  # a new system: more people use it each month
THONBURI_NORTH = 5  # กลุ่มกรุงธนเหนือ
SEED_RANGE = (Decimal("0.78"), Decimal("5.67"))


def load_processes() -> int:
    """The demo catalogue (108 online processes and the counter-only ones), marked as demo entries."""
    for code, section, name_th, name_en, online, _weight in CATALOGUE:
        ServiceProcess.objects.update_or_create(
            code=code,
            defaults={
                "section": section,
                "name_th": name_th,
                "name_en": name_en,
                "online": online,
                "is_demo": True,
            },
        )
    return len(CATALOGUE)


def target_shares(districts: list[District], rng: random.Random) -> dict[int, Decimal]:
    """The H1 share each district will end up with (2 decimals)."""
    shares: dict[int, Decimal] = {}
    group5 = [d for d in districts if d.group.code == THONBURI_NORTH]
    low, high = SEED_RANGE
    inner = sorted(
        Decimal(str(round(rng.uniform(float(low) + 0.2, float(high) - 0.2), 2))) for _ in group5[2:]
    )
    picks = [low, high, *inner]
    rng.shuffle(picks)
    for district, share in zip(group5, picks, strict=True):
        shares[district.pk] = share
    group_mean = {1: 9.5, 2: 11.0, 3: 8.0, 4: 6.5, 6: 5.5}
    for d in districts:
        if d.group.code != THONBURI_NORTH:
            value = max(1.8, min(16.5, rng.gauss(group_mean[d.group.code], 3.0)))
            shares[d.pk] = Decimal(str(round(value, 2)))
    return shares


def _largest_remainder(total: int, weights: dict[tuple[int, int], float]) -> dict[tuple[int, int], int]:
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    raw = {k: total * w / whole for k, w in weights.items()}
    result = {k: int(v) for k, v in raw.items()}
    left = total - sum(result.values())
    for k in sorted(raw, key=lambda k: raw[k] - result[k], reverse=True)[:left]:
        result[k] += 1
    return result


def generate_counts(rng: random.Random | None = None) -> dict[Key, int]:
    rng = rng or random.Random(SEED)
    process_ids = dict(ServiceProcess.objects.values_list("code", "pk"))
    districts = list(District.objects.select_related("group").order_by("code"))
    shares = target_shares(districts, rng)
    counts: dict[Key, int] = {}
    for district in districts:
        scale = 3 * district.population / 110_000 * rng.uniform(0.8, 1.2)
        cells: dict[tuple[int, int], int] = {}  # (process index, month index) → applications
        for j, row in enumerate(CATALOGUE):
            for m, season in enumerate(SEASON):
                cells[(j, m)] = max(0, round(row[5] * scale * season * rng.lognormvariate(0, 0.35)))
        online_total = round(shares[district.pk] * sum(cells.values()) / 100)
        affinity = {j: rng.uniform(0.3, 1.7) for j, row in enumerate(CATALOGUE) if row[4]}
        weights = {
            (j, m): n * affinity[j] * ONLINE_TREND[m] for (j, m), n in cells.items() if j in affinity and n
        }
        online = _largest_remainder(int(online_total), weights)
        # a cell cannot have more online than all applications; any overflow goes to the biggest cell
        overflow = sum(max(0, online.get(c, 0) - n) for c, n in cells.items())
        if overflow:
            online = {c: min(o, cells[c]) for c, o in online.items()}
            roomiest = max(online, key=lambda c: cells[c] - online[c])
            online[roomiest] += overflow
        for (j, m), n in cells.items():
            o = online.get((j, m), 0)
            other = round((n - o) * 0.04)
            key = (district.office_id, process_ids[CATALOGUE[j][0]], MONTHS[m])
            for channel, value in (
                (Channel.ONLINE, o),
                (Channel.COUNTER, n - o - other),
                (Channel.OTHER, other),
            ):
                if value > 0:
                    counts[(*key, str(channel))] = value
    return counts


def demo_run(file_name: str, layout: str) -> tuple[ImportRun, bool]:
    """The demo's run of the generated ``file_name`` (one, however often the demo loads), and whether it
    existed before."""
    run = ImportRun.objects.filter(feed="services", file_name=file_name, is_demo=True).first()
    if run is not None:
        return run, True
    started = import_run_start(
        feed="services", file_name=file_name, sha256=f"seed-{SEED}", file_format=layout, is_demo=True
    )
    return started, False


def _finish(batch: ImportRun, *, existed: bool, rows_read: int, figures: dict[str, int]) -> ImportRun:
    """The demo's run ends done once: a later load that gives the same figures leaves it as it was (and
    writes nothing to the audit log, as a second ``pramoen demo`` must not)."""
    same = batch.status == ImportRun.Status.DONE and (batch.rows_read, batch.figures) == (rows_read, figures)
    if existed and same:
        return batch
    return import_run_done(batch, rows_read=rows_read, figures=figures)


def _delete_stale(batch: ImportRun, counts: dict[Key, int]) -> int:
    """A changed generator must not leave counts of an earlier demo run behind; the counts it gives again
    are written over by the upsert. Deleting every count first made a second run on SQLite take minutes:
    the upsert's savepoint may not reuse the pages the delete freed before it and searches the free list
    for every row it writes. Returns how many of the batch's counts are kept."""
    stale: list[int] = []
    kept = 0
    for pk, *key in (
        ServiceRecord.objects.filter(batch=batch)
        .values_list("pk", "agency_id", "process_id", "month", "channel")
        .iterator(chunk_size=10_000)
    ):
        if tuple(key) in counts:
            kept += 1
        else:
            stale.append(pk)
    # raw SQL: the ORM would load and signal the rows one by one
    with connection.cursor() as cursor:
        for start in range(0, len(stale), 500):
            chunk = stale[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {ServiceRecord._meta.db_table} WHERE id IN ({marks})", chunk)
    return kept


@transaction.atomic
def load_services_demo() -> ImportRun:
    """Idempotent: the same seed gives the same counts, written over the previous demo run."""
    load_processes()
    counts = generate_counts()
    batch, existed = demo_run(DEMO_FILENAME, "counts")
    ours = _delete_stale(batch, counts) if existed else 0
    created, replaced = service_records_upsert(counts=counts, batch=batch)
    # the run's own counts written again are created by it, as when a run started from none
    created, replaced = created + ours, replaced - ours
    _finish(batch, existed=existed, rows_read=len(counts), figures={"created": created, "updated": replaced})
    load_systems_demo()  # 3.1 at bureaus and offices, generated too
    return batch


# ----------------------------------------------------------------- 3.1 at bureaus and offices (generated)

SYSTEMS_DEMO_FILENAME = "ข้อมูลสาธิตที่สร้างขึ้น: การใช้งานระบบดิจิทัลของสำนักและสำนักงาน ปีงบประมาณ 2567 ครึ่งปีแรก"
# the share of accounts used in a month, before each agency's own pace: e-Saraban is what everyone uses;
# MIS๒ keeps accounts of retired and moved staff (seed line 177); few staff were taught the CA (line 171)
SYSTEM_USE = {"E-SARABAN": 0.72, "BMA-SSO": 0.55, "MIS2": 0.42, "BMA-OSS": 0.3, "CA": 0.18, "BMA-BP": 0.35}
PLACEHOLDER_USE = 0.4
USE_TREND = [0.92, 0.95, 0.97, 1.0, 1.03, 1.06]


def systems_demo_agencies() -> list[Agency]:
    """The bureaus and offices assigned an ``online_services`` indicator (all of them before the framework
    demo has assigned any)."""
    others = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DISTRICT_OFFICE)
    assigned = others.filter(assignments__indicator__method="online_services").distinct()
    return list((assigned if assigned.exists() else others).order_by("code"))


def generate_usage(rng: random.Random | None = None) -> dict[UsageKey, tuple[int, int]]:
    rng = rng or random.Random(f"{SEED}:systems")
    ensure_systems()
    systems = list(DigitalSystem.objects.order_by("order"))
    usage: dict[UsageKey, tuple[int, int]] = {}
    for agency in systems_demo_agencies():
        staff = rng.randint(150, 3500)
        pace = rng.uniform(0.45, 1.3)
        for system in systems:
            accounts = max(10, round(staff * rng.uniform(0.6, 1.1)))
            base = SYSTEM_USE.get(system.code, PLACEHOLDER_USE)
            for month, trend in zip(MONTHS, USE_TREND, strict=True):
                rate = min(0.98, base * pace * trend * rng.uniform(0.9, 1.1))
                usage[(agency.pk, system.pk, month)] = (accounts, round(accounts * rate))
    return usage


def load_systems_demo() -> ImportRun:
    """Idempotent, like the BMA OSS counts: the same seed gives the same figures over the previous run."""
    usage = generate_usage()
    batch, existed = demo_run(SYSTEMS_DEMO_FILENAME, "systems")
    if existed:
        SystemUsage.objects.filter(batch=batch).delete()
    added, replaced = usage_upsert(usage=usage, batch=batch)
    _finish(batch, existed=existed, rows_read=len(usage), figures={"created": added, "updated": replaced})
    return batch
