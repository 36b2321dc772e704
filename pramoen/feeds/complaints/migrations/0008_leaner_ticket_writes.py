"""Less database work per imported ticket.

- ``ticket_id`` compared byte by byte on PostgreSQL (``COLLATE "C"``).  Under the database's default
  collation (C.UTF-8 here, a libc locale) every comparison in the unique index goes through the locale's
  string comparison; ids are ASCII letters, digits and a hyphen, whose order is the same either way.
- No index on ``polygon_district``: nothing looks tickets up by the district of their point alone (the
  geo-quality page narrows by creation time first), and the index cost one entry per imported ticket.

SQLite keeps its default (binary) comparison and loses the index only.
"""

from django.db import migrations, models

_COLLATE = 'ALTER TABLE {table} ALTER COLUMN ticket_id TYPE varchar(32) COLLATE "{collation}"'


def _collate(apps, schema_editor, collation: str) -> None:  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("complaints", "Ticket")._meta.db_table
    with connection.cursor() as cur:
        cur.execute(_COLLATE.format(table=table, collation=collation))


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _collate(apps, schema_editor, "C")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _collate(apps, schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0007_history_implied"),
        ("orgs", "__first__"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="polygon_district",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to="orgs.district",
                verbose_name="district by coordinates",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
