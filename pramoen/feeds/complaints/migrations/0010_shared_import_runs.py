"""Complaint import runs move into the one import-run model of every feed (``feeds.ImportRun``) with their
ids, so ``Ticket.last_run`` and ``StateChange.run`` (no database constraint, issue 16) stay valid as they
are: no ticket row is rewritten, only the state of the two fields changes.  Reversible."""

from django.db import migrations, models
from django.db.models.deletion import SET_NULL

from pramoen.feeds.moving import link_jobs, reset_sequence

COUNTS = ("inserted", "updated", "unchanged", "state_changes")


def forwards(apps, schema_editor):
    old = apps.get_model("complaints", "ImportRun")
    run = apps.get_model("feeds", "ImportRun")
    run.objects.bulk_create(
        (
            run(
                id=r.pk, feed="complaints", file_name=r.file_name, file_format=r.file_format,
                status=r.status, started_at=r.started_at, finished_at=r.finished_at,
                actor_label=r.actor_label, rows_read=r.rows_read,
                figures={name: getattr(r, name) for name in COUNTS}, rejected=r.rejected,
                rejects=r.rejects, error=r.error,
            )  # fmt: skip
            for r in old.objects.order_by("pk").iterator()
        ),
        batch_size=500,
    )
    reset_sequence(schema_editor, run)
    link_jobs(apps, feed="complaints", key="run")


def backwards(apps, schema_editor):
    old = apps.get_model("complaints", "ImportRun")
    run = apps.get_model("feeds", "ImportRun")
    runs = list(run.objects.filter(feed="complaints").order_by("pk"))
    old.objects.bulk_create(
        (
            old(
                id=r.pk, file_name=r.file_name, file_format=r.file_format, status=r.status,
                finished_at=r.finished_at, actor_label=r.actor_label, rows_read=r.rows_read,
                rejected=r.rejected, rejects=r.rejects, error=r.error,
                progress=100 if r.status == "done" else 0,
                **{name: int(r.figures.get(name) or 0) for name in COUNTS},
            )  # fmt: skip
            for r in runs
        ),
        batch_size=500,
    )
    for r in runs:  # started_at is auto_now_add on the old model
        old.objects.filter(pk=r.pk).update(started_at=r.started_at)
    reset_sequence(schema_editor, old)
    schema_editor.execute("DELETE FROM feeds_importrun WHERE feed = %s", ["complaints"])


def _run_field():
    return models.ForeignKey(
        blank=True, db_constraint=False, db_index=False, null=True, on_delete=SET_NULL, related_name="+",
        to="feeds.importrun",
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_stars_place"),
        ("feeds", "0001_initial"),
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        # the columns hold the same ids and have no database constraint: only Django's state changes
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="ticket", name="last_run", field=_run_field()),
                migrations.AlterField(model_name="statechange", name="run", field=_run_field()),
            ]
        ),
        migrations.DeleteModel(name="ImportRun"),
    ]
