"""Budget imports move into the one import-run model of every feed (``feeds.ImportRun``, new ids); the
``batch`` of budget lines, movements and procurement events points at the copies (``feeds.moving``).
Reversible."""

from django.db import migrations

from pramoen.feeds.moving import moving_operations


def _to_run(row):
    return {
        "file_name": row.filename, "sha256": row.sha256, "status": "done", "started_at": row.at,
        "finished_at": row.at, "imported_by_id": row.imported_by_id, "actor_label": "",
        "rows_read": row.rows_read, "is_demo": row.is_demo,
        "figures": {"lines": row.lines, "entries": row.entries},
    }  # fmt: skip


def _from_run(run):
    return {
        "filename": run.file_name[:255], "sha256": run.sha256, "imported_by_id": run.imported_by_id,
        "rows_read": run.rows_read, "is_demo": run.is_demo,
        "lines": int(run.figures.get("lines") or 0), "entries": int(run.figures.get("entries") or 0),
    }  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_plan_read_from_the_indicator"),
        ("feeds", "0001_initial"),
        ("complaints", "0010_shared_import_runs"),  # complaint runs keep their ids: they go in first
    ]

    operations = moving_operations(
        old="budget.BudgetImport", feed="budget", to_run=_to_run, from_run=_from_run, stamp="at",
        links=[(f"budget.{name}", "batch") for name in ("BudgetLine", "BudgetMovement", "ProcurementEvent")],
    )  # fmt: skip
