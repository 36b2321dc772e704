"""Service-record imports move into the one import-run model of every feed (``feeds.ImportRun``, new ids);
``ServiceRecord.batch`` and ``SystemUsage.batch`` point at the copies (``feeds.moving``).  Reversible."""

from django.db import migrations

from pramoen.feeds.moving import moving_operations


def _to_run(row):
    return {
        "file_name": row.filename, "sha256": row.sha256, "file_format": row.layout, "status": "done",
        "started_at": row.at, "finished_at": row.at, "imported_by_id": row.imported_by_id,
        "actor_label": "", "rows_read": row.rows_read, "is_demo": row.is_demo,
        "figures": {"created": row.created, "updated": row.updated},
    }  # fmt: skip


def _from_run(run):
    return {
        "filename": run.file_name[:255], "sha256": run.sha256, "layout": run.file_format[:20],
        "imported_by_id": run.imported_by_id, "rows_read": run.rows_read, "is_demo": run.is_demo,
        "created": int(run.figures.get("created") or 0), "updated": int(run.figures.get("updated") or 0),
    }  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0004_digital_systems"),
        ("feeds", "0001_initial"),
        ("complaints", "0010_shared_import_runs"),  # complaint runs keep their ids: they go in first
    ]

    operations = moving_operations(
        old="services.ServiceImport", feed="services", to_run=_to_run, from_run=_from_run, stamp="at",
        links=[("services.ServiceRecord", "batch"), ("services.SystemUsage", "batch")],
    )  # fmt: skip
