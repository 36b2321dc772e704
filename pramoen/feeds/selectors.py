"""Reading the feeds' import runs (``feeds.models.ImportRun``)."""

from __future__ import annotations

from pramoen.feeds.models import ImportRun


def recent_runs(feed_key: str, limit: int = 20, *, subject_pk: int | None = None) -> list[ImportRun]:
    """The latest runs of one feed, newest first (the feed's import page lists them); ``subject_pk``: only
    those read into that record (surveys: one survey's paper imports)."""
    runs = ImportRun.objects.filter(feed=feed_key)
    if subject_pk is not None:
        runs = runs.filter(subject_pk=subject_pk)
    return list(runs.select_related("imported_by")[:limit])


def latest_run(feed_key: str) -> ImportRun | None:
    return ImportRun.objects.filter(feed=feed_key).first()
