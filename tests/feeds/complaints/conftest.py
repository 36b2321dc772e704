"""Small Traffy files written by the tests, with points placed inside real district outlines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import shape

from pramoen.core.audit import acting_as
from pramoen.feeds.complaints.importer import ImportSummary, complaints_import
from pramoen.orgs.models import District

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"

DUMP_HEADER = [
    "ticket_id", "type", "organization", "comment", "coords", "photo", "photo_after", "address",
    "subdistrict", "district", "province", "timestamp", "state", "star", "count_reopen", "last_activity",
]  # fmt: skip
API_HEADER = [
    "ticket_id", "message_id", "type", "type_id", "org", "comment", "coords", "lon", "lat", "photo",
    "photo_after", "address", "subdistrict", "district", "province", "timestamp", "status", "state", "star",
    "count_reopen", "api_offset_page",
]  # fmt: skip


def inside(code: int) -> tuple[float, float]:
    """A (lon, lat) well inside district ``code``."""
    p = shape(District.objects.get(code=code).boundary).representative_point()
    return round(p.x, 6), round(p.y, 6)


def offset(point: tuple[float, float], metres_east: float) -> tuple[float, float]:
    return point[0] + metres_east / 108_000, point[1]


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path


def api_row(ticket_id: str, point: tuple[float, float] | None, created: str, **extra: Any) -> dict[str, Any]:
    row = {
        "ticket_id": ticket_id, "type": "{ถนน}", "org": "กรุงเทพมหานคร", "comment": f"ร้องเรียน {ticket_id}",
        "timestamp": created, "state": "รอรับเรื่อง", "status": "report", "count_reopen": "0",
        "province": "กรุงเทพมหานคร",
    }  # fmt: skip
    if point is not None:
        row.update(lon=point[0], lat=point[1], coords=f"{point[0]},{point[1]}")
    row.update(extra)
    return row


def history(ticket_id: str) -> list[tuple[str | None, str]]:
    """(previous state, state) of each observation of the ticket, oldest first, as its page shows them."""
    from pramoen.feeds.complaints.models import Ticket
    from pramoen.feeds.complaints.selectors import ticket_history

    return [(h.previous_state, h.state) for h in ticket_history(Ticket.objects.get(ticket_id=ticket_id))]


def write_geojson(path: Path, features: list[dict[str, Any]]) -> Path:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [str(f["lon"]), str(f["lat"])]},
                "properties": {k: v for k, v in f.items() if k not in {"lon", "lat"}},
            }
            for f in features
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def run_import(db: Any) -> Any:
    def go(path: Path, **kwargs: Any) -> ImportSummary:
        with acting_as(label="system:test"):
            return complaints_import(actor=None, path=path, **kwargs)

    return go


needs_shared = pytest.mark.skipif(not (SHARED / "traffy").is_dir(), reason="../shared/data is not here")
