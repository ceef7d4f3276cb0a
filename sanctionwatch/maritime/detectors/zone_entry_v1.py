"""zone_entry-v1: stays inside watched zones (DPRK waters, STS hot spots)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa
import shapely

from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import attach_positions, fixes_sql, require_positive
from sanctionwatch.maritime.events import ZONE_ENTRY, Event


def zone_cells(zones: list[Any], degrees: float) -> pa.Table:
    """Grid cells touching each zone (``zone_no`` = its index in ``zones``): ``border`` 0 when the cell
    lies wholly inside (every fix in it is in the zone), 1 when the boundary crosses it (fixes in it
    are tested exactly against the polygon)."""
    ids, cxs, cys, borders = [], [], [], []
    for zone_no, zone in enumerate(zones):
        west, south, east, north = zone.geometry.bounds
        xs = np.arange(math.floor(west / degrees), math.floor(east / degrees) + 1)
        ys = np.arange(math.floor(south / degrees), math.floor(north / degrees) + 1)
        gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
        cells = shapely.box(gx * degrees, gy * degrees, (gx + 1) * degrees, (gy + 1) * degrees)
        shapely.prepare(zone.geometry)
        keep = shapely.intersects(zone.geometry, cells)
        interior = shapely.contains_properly(zone.geometry, cells)
        ids.extend([zone_no] * int(keep.sum()))
        cxs.extend(gx[keep].tolist())
        cys.extend(gy[keep].tolist())
        borders.extend((~interior[keep]).astype(int).tolist())
    return pa.table({"zone_no": pa.array(ids, pa.int32()), "cx": pa.array(cxs, pa.int64()),
                     "cy": pa.array(cys, pa.int64()), "border": pa.array(borders, pa.int32())})


class ZoneEntryV1(Detector):
    NAME = ZONE_ENTRY
    TITLE = "Entries into watched zones"
    DESCRIPTION = (
        "One event per stay inside a zone (DPRK waters, each STS hot spot): from the first fix inside to "
        "the last fix inside before the first fix outside. A silence inside does not end the stay unless "
        "it exceeds max_gap_hours. A vessel already inside when the data begin counts from its first "
        "fix. Fixes are joined to a grid of cell_degrees cells on equality (0.02 degrees is about 2 km). "
        "A grid alone would place the border to within one cell (about 2 km); here cells wholly inside a "
        "zone need no geometry test and only the fixes in the cells the boundary crosses (a strip about "
        "2 km wide, a few per cent of the fixes) are tested exactly against the polygon, so the border "
        "is exact. Smaller cells mean a longer cell table; larger cells, more fixes to test exactly.")
    PARAMS = (
        Param("max_gap_hours", 24.0, "h", "a silence inside longer than this ends the stay",
              "gpsdio-segment max_hours=24 (a longer silence starts a new segment)"),
        Param("cell_degrees", 0.02, "degrees", "grid used to join fixes to zones",
              "sanctionwatch: about 2 km cells keep the border strip (exactly tested) small"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        require_positive(self.id, params, "max_gap_hours", "cell_degrees")
        zones = list(ctx.areas.zones) if ctx.areas is not None else []
        if not zones:
            return []
        engine, deg = ctx.engine, float(params["cell_degrees"])
        engine.register("_ze_cells", zone_cells(zones, deg))
        hits = hits_sql(deg, float(params["max_gap_hours"]) * 3600)
        edge = engine.query(f"SELECT mmsi, rn, lat, lon, zone_no FROM ({hits}) h WHERE border = 1")
        engine.register("_ze_edge", _inside_rows(edge, zones))
        rows = engine.rows(stays_sql(hits))
        events = [self._event(row, zones[row["zone_no"]], params) for row in rows]
        events.sort(key=lambda e: (e.start, e.vessels, e.details["zone_id"]))
        ctx.extras.setdefault("counts", {})[self.id] = {
            "stays": len(events), "border_fixes_tested": edge.num_rows,
            "dprk_waters": sum(e.details["zone_kind"] == "dprk_waters" for e in events)}
        attach_positions(engine, events)
        return events

    def _event(self, row: dict[str, Any], zone: Any, params: dict[str, Any]) -> Event:
        start, end = row["first_ts"], row["last_ts"]
        details = {
            "zone_id": zone.id, "zone_name": zone.name, "zone_kind": zone.kind, "zone_source": zone.source,
            "zone_confidence": zone.confidence, "hours_inside": round((end - start).total_seconds() / 3600, 3),
            "fixes_inside": int(row["n"]), "inside_at_data_start": bool(row["at_start"]),
            "left_before_data_end": bool(row["left_zone"]),
        }
        return Event(type=ZONE_ENTRY, vessels=[int(row["mmsi"])], start=start, end=end,
                     lat=round(row["lat"], 6), lon=round(row["lon"], 6), detector=self.id, params=dict(params),
                     details=details)


def _inside_rows(edge: pa.Table, zones: list[Any]) -> pa.Table:
    """The border-cell fixes that really lie in their zone (vectorised point-in-polygon per zone)."""
    keep = np.zeros(edge.num_rows, dtype=bool)
    zone_col = edge.column("zone_no").to_numpy(zero_copy_only=False)
    lat = edge.column("lat").to_numpy(zero_copy_only=False)
    lon = edge.column("lon").to_numpy(zero_copy_only=False)
    for zone_no in set(zone_col.tolist()):
        mask = zone_col == zone_no
        keep[mask] = shapely.intersects_xy(zones[zone_no].geometry, lon[mask], lat[mask])
    return edge.filter(pa.array(keep)).select(["mmsi", "rn", "zone_no"])


def hits_sql(deg: float, max_gap_s: float) -> str:
    """Fixes numbered along each vessel's track (``rn``; ``seg`` counts silences over max_gap), joined to
    the zone cells they fall in."""
    over = "OVER (PARTITION BY mmsi ORDER BY ts, lat, lon"
    return f"""
        SELECT f.mmsi, f.ts, f.lat, f.lon, f.rn, f.seg, f.n_fixes, c.zone_no, c.border
        FROM (SELECT mmsi, ts, lat, lon, rn, n_fixes,
                     SUM(CASE WHEN t - prev_t > {max_gap_s!r} THEN 1 ELSE 0 END)
                         {over} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seg
              FROM (SELECT mmsi, ts, t, lat, lon, ROW_NUMBER() {over}) AS rn, LAG(t) {over}) AS prev_t,
                           COUNT(*) OVER (PARTITION BY mmsi) AS n_fixes
                    FROM ({fixes_sql()}) fx) numbered) f
        JOIN _ze_cells c ON c.cx = CAST(floor(f.lon / {deg!r}) AS BIGINT)
                        AND c.cy = CAST(floor(f.lat / {deg!r}) AS BIGINT)"""


def stays_sql(hits: str) -> str:
    """Stays as islands of consecutive track numbers inside a zone (gaps and islands: ``rn`` minus the
    row's number among the inside fixes is constant along a stay), split where a silence exceeds
    max_gap (``seg``)."""
    return f"""
    WITH hit AS ({hits}),
    inside AS (
        SELECT h.mmsi, h.ts, h.lat, h.lon, h.rn, h.seg, h.n_fixes, h.zone_no
        FROM hit h LEFT JOIN _ze_edge e ON e.mmsi = h.mmsi AND e.rn = h.rn AND e.zone_no = h.zone_no
        WHERE h.border = 0 OR e.rn IS NOT NULL
    ),
    islands AS (
        SELECT *, rn - ROW_NUMBER() OVER (PARTITION BY mmsi, zone_no ORDER BY rn) AS island FROM inside
    )
    SELECT mmsi, zone_no, seg, island, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS n,
           AVG(lat) AS lat, AVG(lon) AS lon, MIN(rn) AS first_rn,
           CASE WHEN MIN(rn) = 1 THEN 1 ELSE 0 END AS at_start,
           CASE WHEN MAX(rn) < MAX(n_fixes) THEN 1 ELSE 0 END AS left_zone
    FROM islands
    GROUP BY mmsi, zone_no, seg, island
    ORDER BY mmsi, zone_no, first_rn"""
