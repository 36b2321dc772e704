"""The ticket's long texts compressed with lz4 instead of pglz on PostgreSQL (where the server has lz4).

About one ticket in thirty is long enough for PostgreSQL to compress its comment; pglz spent ≈ 0.2 s of
the database's CPU per 185k-ticket import on it, lz4 a fraction of that.  Values stored before keep their
compression; nothing else changes (SQLite and servers without lz4 skip this).
"""

from django.db import migrations

LONG_TEXTS = ("comment", "organization", "address", "photo", "photo_after", "note")


def _set(apps, schema_editor, method: str) -> None:  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND %s = ANY(enumvals)",
            [method],
        )
        if cur.fetchone() is None:
            return
        table = apps.get_model("complaints", "Ticket")._meta.db_table
        changes = ", ".join(f"ALTER COLUMN {c} SET COMPRESSION {method}" for c in LONG_TEXTS)
        cur.execute(f"ALTER TABLE {table} {changes}")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _set(apps, schema_editor, "lz4")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _set(apps, schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_duplicate_of_where_set")]

    operations = [migrations.RunPython(forwards, backwards)]
