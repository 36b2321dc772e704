"""Attribution of tickets to district offices and geo-quality flags, against the BMA district layer.

The 50 outlines (``District.boundary``) are projected once to local metres and prepared; points are then
located in bulk: a bounding-box test on arrays picks each outline's candidates, which the prepared outline
tests at once (no point geometries are built).  Order of attribution (first that applies wins):
(a) the ``organization`` list names district offices ("เขตX"/"สำนักงานเขตX") → each named district;
(b) the district whose polygon contains (lon, lat); (c) the one containing the swapped point (lat, lon),
flagged "swapped"; (d) the ``district`` text without a leading "เขต" when it is one of the 50 names;
(e) unattributed (outside Bangkok).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import shapely
from django.db.models import TextField
from django.db.models.functions import Cast

from pramoen.orgs.models import District

# Equirectangular projection around Bangkok: error well under 1 m at the 100 m scale used here.
LON0, LAT0 = 100.5, 13.75
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
NEAR_BOUNDARY_M = 100.0
_OFFICE = re.compile(r"^(?:สำนักงาน)?เขต\s*(.+)$")


def to_metres(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (lon - LON0) * M_PER_DEG_LON, (lat - LAT0) * M_PER_DEG_LAT


def normalise_name(text: str) -> str:
    """District name for matching: no leading "เขต"/"สำนักงานเขต", no spaces; ฏ read as ฎ (ราษฎร์บูรณะ
    is spelled both ways, the BMA GIS layer itself uses ราษฏร์บูรณะ)."""
    name = text.strip()
    m = _OFFICE.match(name)
    if m:
        name = m.group(1)
    return name.replace(" ", "").replace("ฏ", "ฎ")


class Attribution(NamedTuple):
    district_ids: tuple[int, ...] = ()
    method: str = "none"
    polygon_district_id: int | None = None
    swapped: bool = False
    outside: bool = False
    text_mismatch: bool = False
    near_boundary: bool = False


class DistrictIndex:
    """The 50 district polygons, indexed once; ``attribute`` handles a whole batch of tickets."""

    def __init__(self, districts: Sequence[tuple[int, str, str]]) -> None:
        """``districts``: (pk, Thai name, outline as GeoJSON text)."""
        self.ids = np.array([d[0] for d in districts], dtype=np.int64)
        self.names = [d[1] for d in districts]
        self.by_name = {normalise_name(name): pk for pk, name, _ in districts}
        # GEOS reads the GeoJSON itself (a third of the time of json.loads and shapely's shape())
        outlines = shapely.from_geojson([outline for _pk, _name, outline in districts])
        polygons = [shapely.transform(geom, self._project_coords) for geom in outlines]
        self.polygons = np.array(polygons, dtype=object)
        shapely.prepare(self.polygons)
        self.bounds = shapely.bounds(self.polygons)
        self.id_list = [int(pk) for pk in self.ids]
        # Each outline grown by 100 m: a point inside another district's grown outline is near it.  Grown
        # in a thread (GEOS lets go of the interpreter lock): ≈ 0.13 s that the first batch of an import is
        # read and looked up meanwhile; ``near_other`` waits for it.  Not a daemon thread: Python waits
        # for it before tearing the interpreter down.  As a daemon it was still inside GEOS when an import
        # that never needed the buffers (every row unchanged, a damaged file) ended the process, which
        # then died of a segmentation fault at exit (issue 22; tests/feeds/complaints/test_exit.py).
        self._grow_failed: Exception | None = None  # raised where the buffers are used, not lost
        self._grown = threading.Thread(target=self._grow, name="district-buffers", daemon=False)
        self._grown.start()

    def _grow(self) -> None:
        try:
            buffers = shapely.buffer(self.polygons, NEAR_BOUNDARY_M, quad_segs=4)
            shapely.prepare(buffers)
            self.buffer_bounds = shapely.bounds(buffers)
            self.buffers = buffers
        except Exception as exc:
            self._grow_failed = exc

    @staticmethod
    def _project_coords(coords: np.ndarray) -> np.ndarray:
        x, y = to_metres(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    @classmethod
    def load(cls) -> DistrictIndex:
        """Built once per process and reused while the districts' outlines stay the same."""
        global _CACHED
        # the outlines as the database stores them (text): decoded only when they changed
        rows = list(
            District.objects.order_by("code")
            .annotate(outline=Cast("boundary", output_field=TextField()))
            .values_list("pk", "name_th", "outline")
        )
        key = hash(tuple(rows))
        if _CACHED is None or _CACHED[0] != key:
            _CACHED = (key, cls(rows))
        return _CACHED[1]

    @staticmethod
    def forget() -> None:
        """Drop the index built for this process (the next ``load`` builds it again)."""
        global _CACHED
        _CACHED = None

    @staticmethod
    def _in_box(bounds: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Positions of the points within the bounding box (minx, miny, maxx, maxy)."""
        return np.flatnonzero((x >= bounds[0]) & (x <= bounds[2]) & (y >= bounds[1]) & (y <= bounds[3]))

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Index (into ``self.ids``) of the district containing each point, or -1 (the first outline in
        ``self.ids`` order when outlines overlap).

        A bounding-box test gives each outline its candidates; the prepared outline tests them at once."""
        result = np.full(len(lon), -1, dtype=np.int64)
        ok = ~(np.isnan(lon) | np.isnan(lat))
        if not ok.any():
            return result
        where = np.flatnonzero(ok)
        x, y = to_metres(lon[ok], lat[ok])
        for k, polygon in enumerate(self.polygons):
            sel = self._in_box(self.bounds[k], x, y)
            if not len(sel):
                continue
            inside = shapely.contains_xy(polygon, x[sel], y[sel])
            hit = where[sel[inside]]
            result[hit] = np.where(result[hit] < 0, k, result[hit])
        return result

    def near_other(self, lon: np.ndarray, lat: np.ndarray, inside: np.ndarray) -> np.ndarray:
        """True where a point inside district ``inside[i]`` lies within 100 m of another district."""
        self._grown.join()
        if self._grow_failed is not None:
            raise self._grow_failed
        flags = np.zeros(len(lon), dtype=bool)
        ok = inside >= 0
        if not ok.any():
            return flags
        where = np.flatnonzero(ok)
        x, y = to_metres(lon[ok], lat[ok])
        own = inside[ok]
        for k, grown in enumerate(self.buffers):
            sel = self._in_box(self.buffer_bounds[k], x, y)
            sel = sel[own[sel] != k]
            if len(sel):
                near = shapely.contains_xy(grown, x[sel], y[sel])
                flags[where[sel[near]]] = True
        return flags

    def office_districts(self, organization: str) -> list[int]:
        ids: list[int] = []
        for unit in organization.split(","):
            unit = unit.strip()
            if not _OFFICE.match(unit):
                continue
            pk = self.by_name.get(normalise_name(unit))
            if pk is not None and pk not in ids:
                ids.append(pk)
        return ids

    def attribute(
        self,
        lons: Sequence[float | None],
        lats: Sequence[float | None],
        organizations: Sequence[str],
        district_texts: Sequence[str],
    ) -> list[Attribution]:
        lon = np.array([np.nan if v is None else v for v in lons], dtype=float)
        lat = np.array([np.nan if v is None else v for v in lats], dtype=float)
        direct = self.locate(lon, lat)
        swapped = self.locate(lat, lon)
        inside = np.where(direct >= 0, direct, swapped)
        near_lon = np.where(direct >= 0, lon, lat)
        near_lat = np.where(direct >= 0, lat, lon)
        near = self.near_other(near_lon, near_lat, inside)
        has_point = (~(np.isnan(lon) | np.isnan(lat))).tolist()
        # A batch holds a few hundred distinct (districts found, flags, district text, units) among its
        # thousands of rows: each is worked out once and its Attribution shared (≈ 0.3 µs a row instead of
        # ≈ 1.5 µs for building one each).
        made: dict[tuple[Any, ...], Attribution] = {}
        result: list[Attribution] = []
        for key in zip(
            direct.tolist(), swapped.tolist(), inside.tolist(), near.tolist(), has_point, district_texts,
            organizations, strict=True,
        ):  # fmt: skip
            a = made.get(key)
            if a is None:
                a = made[key] = self._one(*key)
            result.append(a)
        return result

    def _one(
        self, d: int, s: int, k: int, is_near: bool, has_point: bool, text: str, organization: str
    ) -> Attribution:
        """The attribution of a ticket whose point lies in district ``d`` (an index into ``ids``, -1: none),
        whose swapped point lies in ``s``, counted as inside ``k`` (``d``, else ``s``)."""
        ids = self.id_list
        poly_pk = ids[k] if k >= 0 else None
        text_pk = self.by_name.get(normalise_name(text)) if text else None
        named = tuple(self.office_districts(organization)) if organization else ()
        if named:
            district_ids, method = named, "organization"
        elif d >= 0:
            district_ids, method = (ids[d],), "polygon"
        elif s >= 0:
            district_ids, method = (ids[s],), "swapped"
        elif text_pk is not None:
            district_ids, method = (text_pk,), "text"
        else:
            district_ids, method = (), "none"
        return Attribution(
            district_ids,
            method,
            poly_pk,
            swapped=d < 0 and s >= 0,
            outside=has_point and k < 0,
            text_mismatch=text_pk is not None and poly_pk is not None and text_pk != poly_pk,
            near_boundary=is_near,
        )


_CACHED: tuple[int, DistrictIndex] | None = None
