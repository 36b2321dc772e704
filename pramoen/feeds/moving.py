"""What the migrations that moved the feeds' own import records (complaints.ImportRun,
services.ServiceImport, budget.BudgetImport, surveys.PaperImport) into ``feeds.ImportRun`` share:
copying the rows each way and pointing the feeds' rows at the copies.  Used by migrations only, with their
historical models; kept here so the four migrations do not each carry a copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.color import no_style
from django.db import migrations, models
from django.db.models import BigIntegerField, Case, Value, When

CHUNK = 500


def reset_sequence(schema_editor: Any, model: Any) -> None:
    """After rows were inserted with their ids (PostgreSQL: the next id follows the largest)."""
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [model]):
        schema_editor.execute(sql)


def remap(apps: Any, links: list[tuple[str, str]], mapping: dict[int, int]) -> None:
    """Point ``links`` ((model label, FK name)) from the old ids to the new ones in one UPDATE per chunk (a
    CASE, so an old id equal to another row's new id is never moved twice)."""
    pairs = sorted(mapping.items())
    for label, name in links:
        model = apps.get_model(label)
        column = f"{name}_id"
        for start in range(0, len(pairs), CHUNK):
            part = pairs[start : start + CHUNK]
            whens = [When(**{column: old}, then=Value(new)) for old, new in part]
            model.objects.filter(**{f"{column}__in": [old for old, _new in part]}).update(
                **{column: Case(*whens, output_field=BigIntegerField())}
            )


def link_jobs(apps: Any, *, feed: str, key: str, mapping: dict[int, int] | None = None) -> None:
    """Name the job that ran each copied run: a ``feed_import`` job of ``feed`` kept the id of the record
    it wrote in its summary (``key``: "run" for complaints, "batch" for services and budget); ``mapping``:
    old id → new id, when the ids changed."""
    run_model = apps.get_model("feeds", "ImportRun")
    jobs = apps.get_model("jobs", "Job").objects.filter(kind="feed_import", params__feed=feed)
    for job_pk, summary in jobs.values_list("pk", "summary").iterator():
        old_pk = summary.get(key) if isinstance(summary, dict) else None
        if isinstance(old_pk, int):
            new_pk = old_pk if mapping is None else mapping.get(old_pk)
            run_model.objects.filter(pk=new_pk, feed=feed).update(job_id=job_pk)


def to_shared(
    apps: Any,
    *,
    old: str,
    feed: str,
    fields: Callable[[Any], dict[str, Any]],
    links: list[tuple[str, str]],
) -> None:
    """Copy every row of ``old`` into ``feeds.ImportRun`` (new ids) and point ``links`` at the copies."""
    old_model = apps.get_model(old)
    run_model = apps.get_model("feeds", "ImportRun")
    mapping = {}
    for row in old_model.objects.order_by("pk").iterator():
        mapping[row.pk] = run_model.objects.create(feed=feed, **fields(row)).pk
    remap(apps, links, mapping)
    link_jobs(apps, feed=feed, key="batch", mapping=mapping)


def from_shared(
    apps: Any,
    schema_editor: Any,
    *,
    old: str,
    feed: str,
    fields: Callable[[Any], dict[str, Any]],
    stamp: str,
    links: list[tuple[str, str]],
) -> None:
    """Undo ``to_shared``: the feed's runs back into ``old`` (``stamp``: its auto_now_add time field, set
    from the run's start), ``links`` pointed at them, the feed's shared runs deleted."""
    old_model = apps.get_model(old)
    run_model = apps.get_model("feeds", "ImportRun")
    mapping = {}
    for run in run_model.objects.filter(feed=feed).order_by("pk").iterator():
        row = old_model.objects.create(**fields(run))
        old_model.objects.filter(pk=row.pk).update(**{stamp: run.started_at})
        mapping[run.pk] = row.pk
    remap(apps, links, mapping)
    # plain SQL: the ORM would follow the historical CASCADE to rows that now point at the old model
    table = schema_editor.quote_name(run_model._meta.db_table)
    schema_editor.execute(f"DELETE FROM {table} WHERE feed = %s", [feed])


def moving_operations(
    *,
    old: str,
    feed: str,
    to_run: Callable[[Any], dict[str, Any]],
    from_run: Callable[[Any], dict[str, Any]],
    stamp: str,
    links: list[tuple[str, str]],
    on_delete: Any = models.SET_NULL,
    related_name: str = "+",
) -> list[Any]:
    """A feed's migration: its links lose their database constraint, point at the shared runs (the
    rows copied by ``to_shared``), get the constraint back, and ``old`` goes; reversible through
    ``from_shared``.  Without the constraint while the ids are rewritten, PostgreSQL has no pending
    check on the tables it then alters."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        to_shared(apps, old=old, feed=feed, fields=to_run, links=links)

    def backwards(apps: Any, schema_editor: Any) -> None:
        from_shared(apps, schema_editor, old=old, feed=feed, fields=from_run, stamp=stamp, links=links)

    def link(label: str, name: str, constraint: bool) -> migrations.AlterField:
        field = models.ForeignKey(
            blank=True, null=True, on_delete=on_delete, related_name=related_name, to="feeds.importrun",
            db_constraint=constraint,
        )  # fmt: skip
        return migrations.AlterField(model_name=label.split(".")[1].lower(), name=name, field=field)

    return [
        *(link(label, name, False) for label, name in links),
        migrations.RunPython(forwards, backwards),
        *(link(label, name, True) for label, name in links),
        migrations.DeleteModel(name=old.split(".")[1]),
    ]
