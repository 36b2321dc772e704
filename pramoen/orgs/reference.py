"""Reference data every installation needs: the 6 district groups, the 50 districts with boundaries,
and their 50 district offices.  Loaded by a data migration, so it exists after ``pramoen migrate``.

Functions take the model classes as arguments so the migration can pass its historical models.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

# Colour-blind-safe qualitative palette (Okabe–Ito), one per district group 1–6.
GROUP_COLORS = {1: "#E69F00", 2: "#56B4E9", 3: "#009E73", 4: "#F0E442", 5: "#0072B2", 6: "#CC79A7"}


@dataclass(frozen=True)
class DistrictRow:
    code: int
    seq: int
    name_th: str
    name_en: str
    group_code: int
    population: int
    area_km2: Decimal
    communities: int
    schools: int


def _int(text: str) -> int:
    return int(float(text)) if text else 0


@cache
def district_rows() -> tuple[DistrictRow, ...]:
    with (DATA_DIR / "bangkok_districts_50.csv").open(encoding="utf-8") as fh:
        return tuple(
            DistrictRow(
                code=int(row["district_code"]),
                seq=int(row["bma_seq"]),
                name_th=row["name_th"],
                name_en=row["name_en"],
                group_code=int(row["group_code"]),
                population=_int(row["pop_male_bma_gis"]) + _int(row["pop_female_bma_gis"]),
                area_km2=Decimal(row["area_km2_bma_gis"]),
                communities=_int(row["num_comm_bma_gis"]),
                schools=_int(row["num_sch_bma_gis"]),
            )
            for row in csv.DictReader(fh)
        )


def group_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "bangkok_district_groups_6.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def boundaries() -> dict[int, dict[str, Any]]:
    """District geocode → GeoJSON geometry from the BMA GIS district layer."""
    collection = json.loads((DATA_DIR / "bma_districts_50.geojson").read_text(encoding="utf-8"))
    return {int(f["properties"]["dcode"]): f["geometry"] for f in collection["features"]}


# About 20 m at Bangkok's latitude: faithful on a city map, a tenth of the full layer's size.
MAP_TOLERANCE_DEGREES = 0.0002


def simplify_for_map(geometry: dict[str, Any]) -> dict[str, Any]:
    from shapely.geometry import mapping, shape

    simplified = shape(geometry).simplify(MAP_TOLERANCE_DEGREES, preserve_topology=True)
    return json.loads(json.dumps(mapping(simplified)))


def load_reference(*, group_model: Any, agency_model: Any, district_model: Any) -> None:
    """Create or update the groups, districts and district offices (idempotent)."""
    groups = {}
    for row in group_rows():
        code = int(row["group_code"])
        groups[code], _ = group_model.objects.update_or_create(
            code=code,
            defaults={
                "name_th": row["group_th"],
                "name_en": row["group_en_bma_gis"],
                "color": GROUP_COLORS[code],
            },
        )
    shapes = boundaries()
    for d in district_rows():
        office, _ = agency_model.objects.update_or_create(
            code=str(d.code),
            defaults={
                "kind": "district_office",
                "name_th": f"สำนักงานเขต{d.name_th}",
                "name_en": f"{d.name_en} District Office",
                "abbr_th": f"สนข.{d.name_th}",
                "abbr_en": d.name_en,
            },
        )
        district_model.objects.update_or_create(
            code=d.code,
            defaults={
                "seq": d.seq,
                "name_th": d.name_th,
                "name_en": d.name_en,
                "group": groups[d.group_code],
                "office": office,
                "population": d.population,
                "area_km2": d.area_km2,
                "communities": d.communities,
                "schools": d.schools,
                "boundary": shapes[d.code],
                "map_boundary": simplify_for_map(shapes[d.code]),
            },
        )
