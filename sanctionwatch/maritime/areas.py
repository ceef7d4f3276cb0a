"""Places the detectors reason about: ports and anchorages, STS hot spots, DPRK waters, land.

The project ships its own definitions for the DPRK region (``data/areas/dprk_region.json``: ports
from the World Port Index, hot spot boxes around the areas the Panel of Experts named, coarse DPRK
waters). Users add more through settings: ``SANCTIONWATCH_AIS_PORTS`` (a port list such as the WPI
CSV), ``SANCTIONWATCH_AIS_ANCHORAGES`` (anchorage points such as GFW's named anchorages; they matter
for the "away from port" rules, as in Global Fishing Watch's pipeline) and ``SANCTIONWATCH_LAND``
(land polygons as GeoJSON, e.g. Natural Earth 1:50m, for distance from shore).

SQL joins use grids: ``port_cells`` and ``zone_cells`` list the cells (``cx = floor(lon/deg)``,
``cy = floor(lat/deg)``) a place covers, so a detector joins positions to places on equality.
"""

from __future__ import annotations

import csv
import json
import logging
import math
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import shapely
import shapely.ops
from shapely.geometry import Point, Polygon, box, shape

from sanctionwatch import settings
from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.maritime.sqlparts import EARTH_RADIUS_KM, py_haversine_km

log = logging.getLogger(__name__)

KM_PER_DEGREE_LAT = 111.195


@dataclass(frozen=True)
class Port:
    id: str
    name: str
    country: str        # ISO-2, lower case is normalised to upper
    lat: float
    lon: float
    kind: str           # "port" | "anchorage"
    watch: bool         # DPRK ports and Russian ports on the Rajin-Vostochny/Dunai routes
    source: str


@dataclass(frozen=True)
class Zone:
    id: str
    name: str
    kind: str           # "dprk_waters" | "sts_hotspot"
    geometry: Any       # shapely Polygon / MultiPolygon
    source: str
    confidence: str

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "source": self.source,
                "confidence": self.confidence, "bounds": list(self.geometry.bounds)}


class Areas:
    def __init__(self, ports: list[Port], zones: list[Zone], land: list[Any] | None = None) -> None:
        self.ports = ports
        self.zones = zones
        self._land = land or []
        self._lat = np.array([p.lat for p in ports], dtype=float)
        self._lon = np.array([p.lon for p in ports], dtype=float)

    @classmethod
    def load(cls, ports_path: Path | str | None = None, anchorages_path: Path | str | None = None,
             land_path: Path | str | None = None, shipped: bool = True) -> "Areas":
        ports: list[Port] = []
        zones: list[Zone] = []
        if shipped:
            data = json.loads(resources.files("sanctionwatch").joinpath("data/areas/dprk_region.json").read_text())
            ports.extend(Port(kind="port", **{k: v for k, v in p.items()}) for p in data["ports"])
            zones.extend(_zone(z) for z in data["zones"])
        ports_path = ports_path if ports_path is not None else settings.get("ais_ports")
        anchorages_path = anchorages_path if anchorages_path is not None else settings.get("ais_anchorages")
        land_path = land_path if land_path is not None else settings.get("land")
        known = {p.id for p in ports}
        if ports_path:
            ports.extend(p for p in read_places(Path(ports_path), "port") if p.id not in known)
        if anchorages_path:
            ports.extend(read_places(Path(anchorages_path), "anchorage"))
        land = read_land(Path(land_path)) if land_path else None
        return cls(ports, zones, land)

    # --- points -------------------------------------------------------------------------------------

    def _distances_km(self, lat: float, lon: float) -> np.ndarray:
        p1, p2 = math.radians(lat), np.radians(self._lat)
        a = (np.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * np.cos(p2) * np.sin(np.radians(self._lon - lon) / 2) ** 2)
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))

    def nearest_port(self, lat: float, lon: float, kinds: tuple[str, ...] = ("port", "anchorage")
                     ) -> tuple[Port, float] | None:
        if not self.ports:
            return None
        dist = self._distances_km(lat, lon)
        if set(kinds) != {"port", "anchorage"}:
            dist = np.where(np.array([p.kind in kinds for p in self.ports]), dist, np.inf)
        i = int(np.argmin(dist))
        return (self.ports[i], float(dist[i])) if np.isfinite(dist[i]) else None

    def ports_within(self, lat: float, lon: float, km: float) -> list[tuple[Port, float]]:
        if not self.ports:
            return []
        dist = self._distances_km(lat, lon)
        idx = np.nonzero(dist <= km)[0]
        return sorted(((self.ports[i], float(dist[i])) for i in idx), key=lambda pd: (pd[1], pd[0].id))

    def near_port(self, lat: float, lon: float, km: float) -> bool:
        return bool(self.ports) and bool((self._distances_km(lat, lon) <= km).any())

    def zones_at(self, lat: float, lon: float) -> list[Zone]:
        point = Point(lon, lat)
        return [z for z in self.zones if z.geometry.covers(point)]

    def zones_near(self, lat: float, lon: float, km: float) -> list[tuple[Zone, float]]:
        """Zones within ``km`` (0 when inside), nearest first. Distance to the boundary is approximated
        in a local equirectangular projection, good to a few per cent at these distances."""
        found = []
        point = Point(lon, lat)
        for zone in self.zones:
            if zone.geometry.covers(point):
                found.append((zone, 0.0))
                continue
            near = shapely.ops.nearest_points(zone.geometry, point)[0]
            dist = py_haversine_km(lat, lon, near.y, near.x)
            if dist <= km:
                found.append((zone, dist))
        return sorted(found, key=lambda zd: (zd[1], zd[0].id))

    def distance_from_shore_km(self, lat: float, lon: float) -> float | None:
        if not self._land:
            return None
        point = Point(lon, lat)
        tree = self._land_tree
        for i in tree.query(point, predicate="intersects"):
            return 0.0
        i = int(tree.nearest(point))
        near = shapely.ops.nearest_points(self._land[i], point)[0]
        # The planar nearest point in degrees can differ from the geodesic nearest at high latitude;
        # check a few more candidates around it to keep the error small.
        best = py_haversine_km(lat, lon, near.y, near.x)
        radius_deg = best / KM_PER_DEGREE_LAT / max(0.2, math.cos(math.radians(lat)))
        for j in tree.query(point.buffer(radius_deg)):
            cand = shapely.ops.nearest_points(self._land[int(j)], point)[0]
            best = min(best, py_haversine_km(lat, lon, cand.y, cand.x))
        return best

    @cached_property
    def _land_tree(self) -> Any:
        return shapely.STRtree(self._land)

    # --- tables for SQL ------------------------------------------------------------------------------

    def port_table(self, watch_only: bool = False) -> pa.Table:
        ports = [p for p in self.ports if p.watch or not watch_only]
        return pa.table({
            "port_id": [p.id for p in ports], "name": [p.name for p in ports],
            "country": [p.country for p in ports], "kind": [p.kind for p in ports],
            "watch": [p.watch for p in ports], "lat": [p.lat for p in ports], "lon": [p.lon for p in ports],
        })

    def port_cells(self, km: float, degrees: float = 0.1, watch_only: bool = False) -> pa.Table:
        """Cells touched by each port's ``km`` circle (its bounding box, which contains the circle)."""
        ids, cxs, cys = [], [], []
        for p in self.ports:
            if watch_only and not p.watch:
                continue
            dlat = km / KM_PER_DEGREE_LAT
            dlon = km / (KM_PER_DEGREE_LAT * max(0.01, math.cos(math.radians(min(89.0, abs(p.lat) + dlat)))))
            x0, x1 = math.floor((p.lon - dlon) / degrees), math.floor((p.lon + dlon) / degrees)
            y0, y1 = math.floor((p.lat - dlat) / degrees), math.floor((p.lat + dlat) / degrees)
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    ids.append(p.id)
                    cxs.append(cx)
                    cys.append(cy)
        return pa.table({"port_id": pa.array(ids, pa.string()), "cx": pa.array(cxs, pa.int64()),
                         "cy": pa.array(cys, pa.int64())})

    def zone_cells(self, degrees: float = 0.02) -> pa.Table:
        """Cells whose centre lies in each zone. At 0.02 degrees a border is resolved to about 2 km."""
        ids, kinds, cxs, cys = [], [], [], []
        for zone in self.zones:
            west, south, east, north = zone.geometry.bounds
            xs = np.arange(math.floor(west / degrees), math.floor(east / degrees) + 1)
            ys = np.arange(math.floor(south / degrees), math.floor(north / degrees) + 1)
            gx, gy = np.meshgrid(xs, ys)
            gx, gy = gx.ravel(), gy.ravel()
            inside = shapely.contains_xy(zone.geometry, (gx + 0.5) * degrees, (gy + 0.5) * degrees)
            n = int(inside.sum())
            ids.extend([zone.id] * n)
            kinds.extend([zone.kind] * n)
            cxs.extend(gx[inside].tolist())
            cys.extend(gy[inside].tolist())
        return pa.table({"zone_id": pa.array(ids, pa.string()), "kind": pa.array(kinds, pa.string()),
                         "cx": pa.array(cxs, pa.int64()), "cy": pa.array(cys, pa.int64())})

    def zone(self, zone_id: str) -> Zone:
        for z in self.zones:
            if z.id == zone_id:
                return z
        raise KeyError(zone_id)

    def port(self, port_id: str) -> Port:
        for p in self.ports:
            if p.id == port_id:
                return p
        raise KeyError(port_id)


def _zone(raw: dict[str, Any]) -> Zone:
    if "box" in raw:
        geometry = box(*raw["box"])
    else:
        geometry = Polygon(raw["polygon"])
    if not geometry.is_valid:
        raise ConfigError(f"area {raw['id']}: invalid polygon")
    return Zone(id=raw["id"], name=raw["name"], kind=raw["kind"], geometry=geometry,
                source=raw["source"], confidence=raw["confidence"])


def _country(code: str) -> str:
    from rigour.territories import lookup_territory

    code = (code or "").strip()
    if not code:
        return ""
    territory = lookup_territory(code)
    return (territory.code if territory else code).upper()


def read_places(path: Path, kind: str) -> list[Port]:
    """A CSV of places with latitude/longitude (or lat/lon) and a label/name; optional iso3/country.

    Fits the World Port Index extract (iso3,label,sublabel,latitude,longitude) and GFW's named
    anchorages (s2id,latitude,longitude,label,sublabel,iso3)."""
    if not path.is_file():
        raise ConfigError(f"{kind} list {path}: no such file")
    places: list[Port] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = {f.lower(): f for f in reader.fieldnames or []}
        lat_col = fields.get("latitude") or fields.get("lat")
        lon_col = fields.get("longitude") or fields.get("lon")
        name_col = fields.get("label") or fields.get("name")
        if not (lat_col and lon_col):
            raise SourceFormatError(f"{path}: line 1: no latitude/longitude columns (found {reader.fieldnames})")
        country_col = fields.get("iso3") or fields.get("country") or fields.get("iso2")
        id_col = fields.get("s2id") or fields.get("id")
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row[lat_col]), float(row[lon_col])
            except (TypeError, ValueError):
                raise SourceFormatError(f"{path}: line {line}: field {lat_col}/{lon_col}: not a number") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                # Published lists carry the odd typo (GFW's overrides have a longitude of 1001);
                # one bad point must not cost the thousands of good ones.
                log.warning("%s: line %d: position %s,%s out of range, skipped", path, line, lat, lon)
                continue
            name = (row.get(name_col) or "").strip() if name_col else ""
            key = (row.get(id_col) or "").strip() if id_col else ""
            places.append(Port(id=f"{kind}-{key or line}", name=name.title() or f"{kind} {line}",
                               country=_country(row.get(country_col, "") if country_col else ""),
                               lat=lat, lon=lon, kind=kind, watch=False, source=path.name))
    return places


def read_land(path: Path) -> list[Any]:
    if not path.is_file():
        raise ConfigError(f"land polygons {path}: no such file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        geoms = [shape(f["geometry"]) for f in data.get("features", []) if f.get("geometry")]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceFormatError(f"land polygons {path}: not GeoJSON features ({exc})") from None
    parts: list[Any] = []
    for geom in geoms:
        parts.extend(getattr(geom, "geoms", [geom]))
    return parts
