"""The map's background without a tile server: land polygons, DPRK waters, STS hot spots and ports.

Land comes from the GeoJSON named by the ``land`` setting when it is set; otherwise it is traced
once from the GLOBE 30-arc-second raster of ``global-land-mask`` (the same raster the reports
draw) over the DPRK region, simplified and cached under ``HOME/web/`` so that later requests (and
later processes) read a small file instead of decompressing the raster again.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from sanctionwatch import settings

# Bump when the tracing changes, so caches written by an older version are not served.
BASEMAP_VERSION = "1"
# Margin around the shipped places (degrees): the map can be panned a little past the outermost
# hot spot or port before land stops being drawn.
MARGIN_DEG = 6.0
# About 1 km on the ground: finer detail than a region-wide web map can show, and it keeps the file
# near 200 kB.
SIMPLIFY_DEG = 0.01
# Islets smaller than this (square degrees, ~ 2 km across) are dropped: at region zoom they are specks
# and they triple the file.
MIN_AREA_DEG2 = 0.0004
DECIMALS = 4

_LOCK = threading.Lock()


def region() -> tuple[float, float, float, float]:
    """West, south, east, north around the shipped ports and zones (the places detectors use)."""
    from sanctionwatch.maritime.areas import Areas

    shipped = Areas.load(ports_path="", anchorages_path="", land_path="", shipped=True)
    xs = [p.lon for p in shipped.ports] + [v for z in shipped.zones for v in z.geometry.bounds[0::2]]
    ys = [p.lat for p in shipped.ports] + [v for z in shipped.zones for v in z.geometry.bounds[1::2]]
    return (max(-180.0, min(xs) - MARGIN_DEG), max(-90.0, min(ys) - MARGIN_DEG),
            min(180.0, max(xs) + MARGIN_DEG), min(90.0, max(ys) + MARGIN_DEG))


def _source_key(land_path: str, bbox: tuple[float, ...]) -> str:
    parts = [BASEMAP_VERSION, ",".join(f"{v:.4f}" for v in bbox)]
    if land_path:
        stat = Path(land_path).stat()
        parts += [str(Path(land_path).resolve()), str(stat.st_size), str(stat.st_mtime_ns)]
    else:
        parts.append("global-land-mask")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def land_geojson(home: Path | None = None) -> Path:
    """Path of the cached land GeoJSON for the region, written on first use."""
    home = home or settings.home()
    land_path = str(settings.get("land") or "")
    bbox = region()
    folder = home / "web"
    path = folder / f"land-{_source_key(land_path, bbox)}.geojson"
    if path.is_file():
        return path
    with _LOCK:
        if path.is_file():
            return path
        polygons, source = (_from_file(Path(land_path), bbox) if land_path else _from_raster(bbox))
        data = {"type": "FeatureCollection", "bbox": list(bbox), "source": source,
                "features": [{"type": "Feature", "properties": {},
                              "geometry": _rounded(_mapping(p))} for p in polygons]}
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    return path


def _mapping(geom: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    return dict(mapping(geom))


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _keep(polygons: list[Any]) -> list[Any]:
    out = []
    for poly in polygons:
        simple = poly.simplify(SIMPLIFY_DEG, preserve_topology=True)
        for part in getattr(simple, "geoms", [simple]):
            if part.geom_type == "Polygon" and not part.is_empty and part.area >= MIN_AREA_DEG2:
                out.append(part)
    return out


def _from_file(path: Path, bbox: tuple[float, float, float, float]) -> tuple[list[Any], str]:
    from shapely.geometry import box

    from sanctionwatch.maritime.areas import read_land

    clip = box(*bbox)
    pieces = []
    for geom in read_land(path):
        if geom.intersects(clip):
            pieces.append(geom.intersection(clip))
    parts = [p for g in pieces for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
    return _keep(parts), f"land polygons: {path.name}"


def _from_raster(bbox: tuple[float, float, float, float]) -> tuple[list[Any], str]:
    """Filled contours of the land mask at half a cell: each land cell's outline, joined."""
    import contourpy
    from shapely.geometry import Polygon

    from sanctionwatch.reports.land import LandRaster

    raster = LandRaster([bbox])
    if raster.empty:
        return [], "GLOBE 30-arc-second land mask (global-land-mask 1.0.0): region outside the mask"
    land = raster.land.astype(np.float32)
    lats, lons = raster.lats.astype(float), raster.lons.astype(float)
    # A ring of sea around the window closes the outlines of land cut by its edge.
    land = np.pad(land, 1)
    dlat, dlon = lats[1] - lats[0], lons[1] - lons[0]
    lats = np.concatenate([[lats[0] - dlat], lats, [lats[-1] + dlat]])
    lons = np.concatenate([[lons[0] - dlon], lons, [lons[-1] + dlon]])
    gen = contourpy.contour_generator(lons, lats, land, fill_type=contourpy.FillType.OuterOffset)
    points, offsets = gen.filled(0.5, 2.0)
    polygons = []
    for pts, off in zip(points, offsets):
        rings = [pts[off[i]:off[i + 1]] for i in range(len(off) - 1)]
        if len(rings[0]) >= 4:
            polygons.append(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]).buffer(0))
    parts = [p for g in polygons for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"]
    return _keep(parts), "GLOBE 30-arc-second land mask (global-land-mask 1.0.0)"


def areas_geojson() -> dict[str, Any]:
    """DPRK waters and STS hot spots as polygons, ports as points (anchorages left out: the GFW list
    holds over a hundred thousand and they would bury the events)."""
    from sanctionwatch.maritime.areas import Areas

    areas = Areas.load(anchorages_path="", land_path="")
    features = []
    for zone in areas.zones:
        features.append({"type": "Feature", "geometry": _rounded(_mapping(zone.geometry)),
                         "properties": {"id": zone.id, "name": zone.name, "kind": zone.kind, "source": zone.source,
                                        "confidence": zone.confidence}})
    for port in areas.ports:
        if port.kind != "port":
            continue
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [port.lon, port.lat]},
                         "properties": {"id": port.id, "name": port.name, "kind": "port", "country": port.country,
                                        "watch": port.watch, "source": port.source}})
    return {"type": "FeatureCollection", "features": features}
