"""Paper-response imports move into the one import-run model of every feed (``feeds.ImportRun``, new
ids; the survey is kept as the run's ``subject_pk``); ``Response.paper_import`` points at the copies
(``feeds.moving``).  Reversible."""

from django.db import migrations
from django.db.models.deletion import CASCADE

from pramoen.feeds.moving import moving_operations


def _to_run(row):
    return {
        "file_name": row.file_name, "status": "done", "started_at": row.imported_at,
        "finished_at": row.imported_at, "imported_by_id": row.imported_by_id, "actor_label": "",
        "rows_read": row.rows, "subject_pk": row.survey_id, "figures": {"responses": row.rows},
    }  # fmt: skip


def _from_run(run):
    return {
        "survey_id": run.subject_pk, "file_name": run.file_name[:200], "imported_by_id": run.imported_by_id,
        "rows": int(run.figures.get("responses") or 0),
    }  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("feeds", "0001_initial"),
        ("complaints", "0010_shared_import_runs"),  # complaint runs keep their ids: they go in first
    ]

    operations = moving_operations(
        old="surveys.PaperImport", feed="surveys", to_run=_to_run, from_run=_from_run, stamp="imported_at",
        links=[("surveys.Response", "paper_import")], on_delete=CASCADE, related_name="paper_responses",
    )  # fmt: skip
