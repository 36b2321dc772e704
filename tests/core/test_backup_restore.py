"""The backup of docs/deploy.md works: `pg_dump -Fc` of a database holding the whole demo, `pg_restore` into a
new database, and every table has the same number of rows (PostgreSQL only: the production database)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _conninfo(name: str) -> dict[str, Any]:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": str(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or "",
        "dbname": name,
    }


def _pg_env(info: dict[str, Any]) -> dict[str, str]:
    return {
        **os.environ,
        "PGHOST": info["host"],
        "PGPORT": info["port"],
        "PGUSER": info["user"],
        "PGPASSWORD": info["password"],
    }


def _row_counts(info: dict[str, Any]) -> dict[str, int]:
    with psycopg.connect(**info) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts: dict[str, int] = {}
        for table in tables:
            found = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # names from pg_tables
            counts[table] = int(found[0]) if found else 0
        return counts


@pytest.fixture
def restored_name() -> Iterator[str]:
    name = f"{settings.DATABASES['default']['NAME']}_restored"[:63]
    admin = _conninfo("postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    yield name
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_of_the_demo_restores_with_every_row(restored_name: str, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("backups are of the production database, PostgreSQL")
    for tool in ("pg_dump", "pg_restore", "createdb"):
        assert shutil.which(tool), f"{tool} (PostgreSQL's client programs) is needed"
    from pramoen.orgs.models import Agency, District, DistrictGroup
    from pramoen.orgs.reference import load_reference

    if not DistrictGroup.objects.exists():  # an earlier transactional test flushed the reference data
        load_reference(group_model=DistrictGroup, agency_model=Agency, district_model=District)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    source = _conninfo(settings.DATABASES["default"]["NAME"])
    dump = tmp_path / "pramoen.dump"
    # the commands of docs/deploy.md § Backups and restore
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), source["dbname"]],
        env=_pg_env(source),
        check=True,
        timeout=300,
    )
    target = _conninfo(restored_name)
    subprocess.run(["createdb", restored_name], env=_pg_env(target), check=True, timeout=60)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--jobs=2", "--dbname", restored_name, str(dump)],
        env=_pg_env(target),
        check=True,
        timeout=300,
    )

    before, after = _row_counts(source), _row_counts(target)
    assert before == after
    assert len(before) > 50 and sum(before.values()) > 10_000, before  # the whole demo, not an empty schema
    assert before["orgs_user"] > 10 and before["django_migrations"] > 50
