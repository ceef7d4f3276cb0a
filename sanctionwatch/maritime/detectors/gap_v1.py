"""gap-v1: AIS silences of one vessel (Global Fishing Watch's "naive gap"), with the evidence an analyst
needs to tell a switched-off transponder from a receiver that heard nothing."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pyarrow as pa

from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import (
    PortLookup, attach_positions, event_spans, fixes_sql, knots, neighbour_offsets, port_summary, require_positive,
    zone_ids,
)
from sanctionwatch.maritime.events import GAP, Event
from sanctionwatch.maritime.sqlparts import py_haversine_km

# Fixes either side of a gap shown with the event, so a map shows where the vessel came from and went.
CONTEXT = timedelta(hours=3)


class GapV1(Detector):
    NAME = GAP
    VERSION = "v1"
    TITLE = "AIS gaps"
    DESCRIPTION = ("A vessel silent for at least min_gap_hours between two consecutive positions. Gaps of "
                   "disabling_hours or more are flagged likely_disabling. A silence shared by the other "
                   "vessels around it is a hole in receiver coverage, not the vessel, and is not reported. "
                   "A vessel whose last position is the end of the data has no gap (it may still be silent).")
    PARAMS = (
        Param("min_gap_hours", 6.0, "h", "shortest silence between consecutive positions reported",
              "GFW docs (AIS gaps) and pipe-gaps sample config min_gap_length: 6"),
        Param("disabling_hours", 12.0, "h", "silences this long are flagged likely_disabling",
              "GFW docs (AIS disabling events); Welch et al. 2022, Sci. Adv. 8(44) eabq2109"),
        Param("near_km", 50.0, "km", "a gap end within this distance of DPRK waters or an STS hot spot "
              "sets near_dprk_or_hotspot", "sanctionwatch: agreed team parameter (DPRK approaches)"),
        Param("suppress_coverage_holes", True, "", "drop gaps during which the other vessels around the "
              "start also fell silent", "sanctionwatch: local coverage check as Windward describes "
              "(did nearby vessels keep transmitting?)"),
        Param("coverage_cell_degrees", 0.5, "deg", "cell size for the neighbours' traffic (the start cell "
              "and its 8 neighbours)", "sanctionwatch: about 55 km, a terrestrial receiver's reach"),
        Param("coverage_before_hours", 12, "h", "hours before the gap giving the neighbours' usual rate",
              "GFW pipe-gaps n_hours_before: 12"),
        Param("coverage_drop_ratio", 0.2, "", "a hole when the neighbours' hourly rate during the gap is "
              "below this share of the rate before", "sanctionwatch: agreed team parameter"),
        Param("min_neighbour_fixes", 10, "fixes", "fewest fixes of other vessels in the hours before for "
              "the coverage check to judge at all", "sanctionwatch: a ship or two passing by says nothing "
              "about a receiver; below this the gap is reported"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        require_positive(self.id, params, "min_gap_hours", "disabling_hours", "coverage_cell_degrees",
                         "coverage_before_hours")
        engine = ctx.engine
        candidates = engine.query(f"""
            WITH fixes AS ({fixes_sql()}),
            seq AS (
                SELECT mmsi, ts, lat, lon, t,
                       LEAD(ts) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS next_ts,
                       LEAD(lat) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS next_lat,
                       LEAD(lon) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS next_lon,
                       LEAD(t) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS next_t
                FROM fixes
            )
            SELECT mmsi, ts, lat, lon, t, next_ts, next_lat, next_lon, next_t FROM seq
            WHERE next_t - t >= {float(params['min_gap_hours']) * 3600.0}
            ORDER BY mmsi, ts""").to_pylist()
        holes = 0
        if candidates and params["suppress_coverage_holes"]:
            kept = _not_coverage_holes(engine, candidates, params)
            holes = len(candidates) - len(kept)
            candidates = kept
        lookup = PortLookup(ctx.areas)
        starts = lookup.nearest([c["lat"] for c in candidates], [c["lon"] for c in candidates])
        ends = lookup.nearest([c["next_lat"] for c in candidates], [c["next_lon"] for c in candidates])
        events = [self._event(ctx, row, params, (start, end)) for row, start, end in zip(candidates, starts, ends)]
        attach_positions(engine, events, event_spans(events, CONTEXT, CONTEXT))
        if holes:
            ctx.extras.setdefault("notes", []).append(
                f"{self.id}: {holes} silence(s) not reported: the other vessels around them fell silent "
                f"too (receiver coverage holes)")
        ctx.extras.setdefault("counts", {})[self.id] = {"gaps": len(events), "coverage_holes": holes}
        return events

    def _event(self, ctx: DetectionContext, row: dict[str, Any], params: dict[str, Any],
               nearest_ports: tuple[Any, Any]) -> Event:
        areas = ctx.areas
        hours = (row["next_t"] - row["t"]) / 3600.0
        km = py_haversine_km(row["lat"], row["lon"], row["next_lat"], row["next_lon"])
        ends = {"start": (row["lat"], row["lon"], row["ts"]), "end": (row["next_lat"], row["next_lon"], row["next_ts"])}
        details: dict[str, Any] = {"hours": round(hours, 3), "likely_disabling": hours >= params["disabling_hours"],
                                   "distance_km": round(km, 3),
                                   "implied_speed_knots": round(knots(km, hours) or 0.0, 3)}
        near = False
        for (name, (lat, lon, ts)), port in zip(ends.items(), nearest_ports):
            details[f"{name}_position"] = {"lat": lat, "lon": lon, "ts": ts.strftime("%Y-%m-%dT%H:%M:%SZ")}
            shore = areas.distance_from_shore_km(lat, lon) if areas is not None else None
            details[f"{name}_distance_from_shore_km"] = None if shore is None else round(shore, 2)
            details[f"{name}_zones"] = zone_ids(areas, lat, lon)
            details[f"{name}_nearest_port"] = port_summary(port)
            near = near or (areas is not None and bool(areas.zones_near(lat, lon, params["near_km"])))
        details["near_dprk_or_hotspot"] = near
        if "coverage" in row:
            details["coverage"] = row["coverage"]
        return Event(type=GAP, vessels=[int(row["mmsi"])], start=row["ts"], end=row["next_ts"],
                     lat=row["lat"], lon=row["lon"], detector=self.id, params=dict(params), details=details)


def _not_coverage_holes(engine: Any, candidates: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates whose silence the neighbours did not share; each gets its ``coverage`` figures.

    Traffic is counted per (0.5-degree cell, hour) once over all positions; a gap compares the other
    vessels' hourly rate, in its start cell and the 8 around it, over the hours wholly inside the gap
    with the rate over the ``coverage_before_hours`` before the hour it started (its own fixes taken
    out). Hours before the first position of the data are not counted as silent.
    """
    deg = float(params["coverage_cell_degrees"])
    before = int(params["coverage_before_hours"])
    rows = []
    for i, c in enumerate(candidates):
        # floor(x / deg), as the SQL below computes the traffic's cells: Python's x // deg differs
        # for about 0.5 % of positions at 0.1 degrees (123.0 // 0.1 is 1229, floor(123.0 / 0.1) 1230).
        rows.append((i, c["mmsi"], math.floor(c["lon"] / deg), math.floor(c["lat"] / deg),
                     int(c["t"] // 3600), int(c["next_t"] // 3600)))
    engine.register("_gap_candidates", pa.table({
        "gap_id": pa.array([r[0] for r in rows], pa.int64()), "mmsi": pa.array([r[1] for r in rows], pa.int64()),
        "cx": pa.array([r[2] for r in rows], pa.int64()), "cy": pa.array([r[3] for r in rows], pa.int64()),
        "h0": pa.array([r[4] for r in rows], pa.int64()), "h1": pa.array([r[5] for r in rows], pa.int64()),
    }))
    engine.register("_neighbour_offsets", neighbour_offsets())
    cell = f"CAST(floor(lon / {deg}) AS BIGINT) AS cx, CAST(floor(lat / {deg}) AS BIGINT) AS cy, " \
           "CAST(floor(t / 3600) AS BIGINT) AS h"
    counts = engine.query(f"""
        WITH fixes AS ({fixes_sql()}),
        located AS (SELECT mmsi, {cell} FROM fixes),
        hourly AS (SELECT cx, cy, h, COUNT(*) AS n FROM located GROUP BY cx, cy, h),
        own AS (
            SELECT mmsi, cx, cy, h, COUNT(*) AS n FROM located
            WHERE mmsi IN (SELECT mmsi FROM _gap_candidates) GROUP BY mmsi, cx, cy, h
        ),
        cells AS (
            SELECT g.gap_id, g.mmsi, g.h0, g.h1, g.cx + o.dx AS cx, g.cy + o.dy AS cy
            FROM _gap_candidates g CROSS JOIN _neighbour_offsets o
        ),
        everyone AS (
            SELECT c.gap_id,
                   CAST(SUM(CASE WHEN hr.h > c.h0 AND hr.h < c.h1 THEN hr.n ELSE 0 END) AS BIGINT) AS during,
                   CAST(SUM(CASE WHEN hr.h < c.h0 THEN hr.n ELSE 0 END) AS BIGINT) AS before
            FROM cells c JOIN hourly hr ON hr.cx = c.cx AND hr.cy = c.cy
            WHERE hr.h >= c.h0 - {before} AND hr.h < c.h1
            GROUP BY c.gap_id
        ),
        mine AS (
            SELECT c.gap_id, CAST(SUM(o.n) AS BIGINT) AS before
            FROM cells c JOIN own o ON o.mmsi = c.mmsi AND o.cx = c.cx AND o.cy = c.cy
            WHERE o.h >= c.h0 - {before} AND o.h < c.h0
            GROUP BY c.gap_id
        ),
        first_hour AS (SELECT MIN(h) AS h FROM located)
        SELECT g.gap_id, g.h0, g.h1, f.h AS first_h,
               COALESCE(e.during, 0) AS during, COALESCE(e.before, 0) - COALESCE(m.before, 0) AS before
        FROM _gap_candidates g CROSS JOIN first_hour f
        LEFT JOIN everyone e ON e.gap_id = g.gap_id
        LEFT JOIN mine m ON m.gap_id = g.gap_id
        ORDER BY g.gap_id""").to_pylist()
    kept = []
    for row in counts:
        before_hours = min(before, row["h0"] - row["first_h"])
        during_hours = row["h1"] - row["h0"] - 1
        coverage: dict[str, Any] = {"neighbour_fixes_before": int(row["before"]), "hours_before": before_hours,
                                    "neighbour_fixes_during": int(row["during"]), "hours_during": during_hours,
                                    "rate_ratio": None}
        judged = before_hours > 0 and during_hours > 0 and row["before"] >= params["min_neighbour_fixes"]
        if judged:
            ratio = (row["during"] / during_hours) / (row["before"] / before_hours)
            coverage["rate_ratio"] = round(ratio, 3)
            if ratio < params["coverage_drop_ratio"]:
                continue
        candidate = candidates[row["gap_id"]]
        candidate["coverage"] = coverage
        kept.append(candidate)
    return kept
