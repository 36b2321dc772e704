"""The connector registry: a connector pulls a feed's records from a source and hands them to that feed's
importer, page by page, so that dedup, attribution, history and the recompute of what changed happen as
for an upload.  See docs/connectors.md ("Writing a connector")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from pramoen.connectors.models import Pull

Progress = Callable[[int, int | None], None]  # (pages done, pages expected or None)


class SourceError(Exception):
    """The source is down, slow or answers garbage: the pull stops with this (already translated) message."""


@dataclass
class Connector:
    key: str
    label: str | Promise
    feed: str  # the feed whose importer takes the records
    job_kind: str = ""  # the job kind that pulls it (and whose schedule pulls it regularly)

    def pull(self, *, run: Pull, progress: Progress) -> None:
        """Pull what is new since the cursor into ``run`` (counts are added as pages commit); raise
        ``SourceError`` when the source fails."""
        raise NotImplementedError

    def silence_limit(self) -> dt.timedelta:
        """How long a live pull may go without a sign of life (``Pull.alive_at``, renewed before each
        request and with each committed page).  A pull on another machine silent for longer died with its
        process; one on this machine is known dead at once by its process id."""
        return dt.timedelta(minutes=30)

    def describe(self) -> dict[str, Any]:
        """Settings shown on the connectors page (no secrets)."""
        return {}


_connectors: dict[str, Connector] = {}


def register_connector(connector: Connector) -> None:
    _connectors[connector.key] = connector


def get_connector(key: str) -> Connector | None:
    return _connectors.get(key)


def all_connectors() -> list[Connector]:
    return list(_connectors.values())
