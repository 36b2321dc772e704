"""KPI 3.1 at scale: importing 1,000,000 service transactions (one row per application) and computing the
online share for all 50 districts and all 7 periods, each against a plain COPY of the same rows into a
bare table measured in the same run (on SQLite, where there is no COPY: one executemany INSERT).

    .venv/bin/python bench/run.py services          # BENCH_SERVICE_ROWS=100000 for a quicker look
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import time

from django.db import connection

from bench.run import Result, best_of
from pramoen.feeds.services import selectors
from pramoen.feeds.services.demo import load_processes
from pramoen.feeds.services.models import ServiceProcess, ServiceRecord
from pramoen.feeds.services.services import service_records_import
from pramoen.framework.periods import SUMMARY_CODES, period_bounds
from pramoen.orgs.models import District
from pramoen.scoring.methods import MethodContext, get_method

ROWS = int(os.environ.get("BENCH_SERVICE_ROWS", "1000000"))


def _file(rows: int) -> tuple[bytes, list[tuple[str, str, str, str, str]]]:
    rng = random.Random(1)
    districts = [str(c) for c in District.objects.values_list("code", flat=True)]
    processes = list(ServiceProcess.objects.values_list("code", "online"))
    start = dt.date(2023, 10, 1)
    data = []
    for i in range(rows):
        code, online = rng.choice(processes)
        channel = (
            "online" if online and rng.random() < 0.08 else ("counter" if rng.random() < 0.96 else "other")
        )
        day = start + dt.timedelta(days=rng.randrange(366))
        data.append((rng.choice(districts), code, day.isoformat(), channel, f"T{i:08d}"))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["district", "process", "date", "channel", "transaction_id"])
    writer.writerows(data)
    return text.getvalue().encode(), data


def _plain_copy(data: list[tuple[str, str, str, str, str]]) -> None:
    """The floor: the same rows into a bare table, no validation, no counting, no upsert."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_services")
        cursor.execute(
            "CREATE TABLE bench_raw_services "
            "(district text, process text, date text, channel text, transaction_id text)"
        )
        if connection.vendor == "postgresql":
            with cursor.copy("COPY bench_raw_services FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            cursor.executemany("INSERT INTO bench_raw_services VALUES (%s, %s, %s, %s, %s)", data)
        cursor.execute("DROP TABLE bench_raw_services")


def _all_districts_all_periods() -> int:
    method = get_method("online_services")
    offices = list(District.objects.values_list("office_id", "office__code"))
    computed = 0
    for period in SUMMARY_CODES:
        start, end = period_bounds(2567, period)
        for office_id, code in offices:
            ctx = MethodContext(
                agency_id=office_id, agency_code=code, fiscal_year=2567, period_code=period,
                period_start=start, period_end=end, indicator_code="3.1",
            )  # fmt: skip
            if method.compute(ctx).actual is not None:
                computed += 1
    return computed


def _overview_all_periods() -> None:
    for period in SUMMARY_CODES:
        start, end = period_bounds(2567, period)
        criteria = selectors.criteria_for_period(2567, period)  # None without a framework: shares only
        selectors.overview(start=start, end=end, criteria=criteria, agency_ids=None)


def run() -> list[Result]:
    load_processes()
    data, rows = _file(ROWS)
    copy_seconds = best_of(lambda: _plain_copy(rows), 3)
    start = time.perf_counter()
    batch = service_records_import(actor=None, upload=data, filename="bench.csv")
    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    service_records_import(actor=None, upload=data, filename="bench.csv")  # the idempotent re-import
    reimport_seconds = time.perf_counter() - start
    stored = ServiceRecord.objects.count()
    assert batch.rows_read == ROWS and stored == batch.created, (batch.rows_read, stored, batch.created)
    assert _all_districts_all_periods() == 50 * len(SUMMARY_CODES)
    kpi_seconds = best_of(_all_districts_all_periods, 3)
    overview_seconds = best_of(_overview_all_periods, 3)
    label = f"{ROWS:,} transactions → {stored:,} monthly counts"
    return [
        Result(
            f"import {label} (validate, count, upsert)",
            import_seconds,
            f"plain COPY of the {ROWS:,} rows",
            copy_seconds,
        ),
        Result(
            "re-import of the same file (every count replaced)", reimport_seconds, "plain COPY", copy_seconds
        ),
        Result(
            "online_services for 50 districts × 7 periods (350 computations)",
            kpi_seconds,
            "plain COPY",
            copy_seconds,
        ),
        Result(
            "overview of 50 districts for 7 periods (2 queries each)",
            overview_seconds,
            "plain COPY",
            copy_seconds,
        ),
    ]
