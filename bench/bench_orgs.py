"""The public district map feed: building the GeoJSON response vs merely reading the same rows."""

from __future__ import annotations

from django.test import Client

from bench.run import Result, best_of
from pramoen.orgs.models import District


def run() -> list[Result]:
    client = Client()

    def read_rows() -> None:
        list(
            District.objects.select_related("group", "office").values_list(
                "code", "map_boundary", "group__color"
            )
        )

    def serve() -> None:
        response = client.get("/api/v1/districts/", {"format": "geojson", "simplify": "1"})
        assert response.status_code == 200

    serve()  # warm caches and imports
    return [
        Result(
            "GET districts GeoJSON (simplified)",
            best_of(serve, 9),
            "read the same rows",
            best_of(read_rows, 9),
        )
    ]
