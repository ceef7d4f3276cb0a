"""encounter-v1: two AIS-visible vessels close together and slow for hours (an STS transfer candidate),
after Global Fishing Watch's encounters (pipe-encounters; Miller et al. 2018)."""

from __future__ import annotations

from typing import Any

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import (
    PortLookup, attach_positions, distance_sql, excusing_ports, fixes_sql, neighbour_offsets, port_summary,
    require_positive, zone_ids,
)
from sanctionwatch.maritime.events import ENCOUNTER, Event
from sanctionwatch.maritime.sqlparts import KM_PER_NM, epoch_seconds

BIN_SECONDS = 600   # GFW pipe-encounters resamples to 10 minutes (RESAMPLE_INCREMENT_MINUTES=10)

# Grid for the pair search. A neighbour must be in the 3 x 3 block around a vessel's cell, so cells
# must be at least max_distance_km wide. At 0.5 km: 0.01 deg of latitude is 1.11 km, and 0.02 deg of
# longitude is at least 0.5 km up to 77 degrees of latitude. Larger distances scale the grid.
MIN_CELL_LAT_DEG = 0.01
KM_PER_CELL_LAT_DEG = 50.0       # cell_lat = max_distance_km / 50 keeps the 77-degree reach


class EncounterV1(Detector):
    NAME = ENCOUNTER
    VERSION = "v1"
    TITLE = "Encounters (STS transfer candidates)"
    DESCRIPTION = ("Two vessels within max_distance_km of each other in the same 10-minute bins (mean "
                   "position per vessel and bin). Runs of such bins (missing bins up to max_gap_minutes "
                   "do not break a run) lasting at least min_piece_hours are pieces; pieces of the same "
                   "pair less than merge_gap_hours apart are merged, and the merged encounter must last "
                   "at least min_duration_hours with both vessels slower than max_speed_knots. A "
                   "vessel's speed in a piece is the median of its per-bin speeds (one jumping fix "
                   "does not make a slow vessel fast); over a merged encounter it is the mean of the "
                   "pieces' medians weighted by the pieces' durations. Encounters near a port or "
                   "anchorage are left out, except near DPRK ports and inside STS hot spots and DPRK "
                   "waters.")
    PARAMS = (
        Param("max_distance_km", 0.5, "km", "largest distance between the two vessels' bin positions",
              "GFW docs (encounters); pipe-encounters --max_encounter_dist_km 0.5"),
        Param("min_duration_hours", 2.0, "h", "shortest encounter, after pieces are merged",
              "GFW docs; pipe-encounters --min_encounter_time_minutes 120 (merge step)"),
        Param("min_piece_hours", 1.0, "h", "shortest run of close bins that counts as a piece of an "
              "encounter (before merging); at most min_duration_hours",
              "pipe-encounters raw daily runs --min_encounter_time_minutes 60"),
        Param("max_speed_knots", 2.0, "kn", "both vessels' speed over the encounter must be below (median "
              "per piece; duration-weighted mean of the pieces' medians when pieces are merged)",
              "GFW docs (product_events_encounter: median speed < 2 kn; pipe-encounters median_speed_knots)"),
        Param("max_gap_minutes", 60, "min", "missing bins tolerated inside one encounter",
              "pipe-encounters MAX_GAP_HOURS=1 (interpolation across gaps up to 1 h)"),
        Param("merge_gap_hours", 4.0, "h", "encounters of one pair closer in time than this are merged",
              "pipe-encounters --min_hours_between_encounters 4"),
        Param("port_exclusion_km", 10.0, "km", "encounters this close to a port or anchorage point are "
              "left out (not DPRK ports, not inside hot spots or DPRK waters)",
              "GFW docs; pipe-encounters filter_by_distance(min_distance_from_port_km=10)"),
        Param("suppress_near_ports", True, "", "apply port_exclusion_km",
              "sanctionwatch: off to see every close pair (e.g. to study an anchorage)"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        require_positive(self.id, params, "max_distance_km", "min_duration_hours", "min_piece_hours",
                         "max_speed_knots")
        if params["min_piece_hours"] > params["min_duration_hours"]:
            # Pieces shorter than min_piece_hours are dropped before merging, so a lower
            # min_duration_hours alone would silently find nothing shorter than a piece.
            raise ConfigError(f"detector {self.id}: parameter min_piece_hours={params['min_piece_hours']!r} "
                              f"must not exceed min_duration_hours={params['min_duration_hours']!r}")
        engine = ctx.engine
        engine.register("_neighbour_offsets", neighbour_offsets())
        merged = engine.query(_encounters_sql(params)).to_pylist()
        lookup = PortLookup(ctx.areas)
        lats, lons = [m["lat"] for m in merged], [m["lon"] for m in merged]
        radius = params["port_exclusion_km"] if params["suppress_near_ports"] else 0.0
        events, suppressed = [], 0
        for enc, near, nearest in zip(merged, lookup.within(lats, lons, radius), lookup.nearest(lats, lons)):
            if excusing_ports(ctx.areas, enc["lat"], enc["lon"], near):
                suppressed += 1
                continue
            events.append(self._event(ctx, enc, params, nearest))
        attach_positions(engine, events)
        if suppressed:
            ctx.extras.setdefault("notes", []).append(
                f"{self.id}: {suppressed} encounter(s) within {params['port_exclusion_km']:g} km of a port "
                f"or anchorage not reported")
        ctx.extras.setdefault("counts", {})[self.id] = {"encounters": len(events), "near_port": suppressed}
        return events

    def _event(self, ctx: DetectionContext, enc: dict[str, Any], params: dict[str, Any],
               nearest: tuple[Any, float] | None) -> Event:
        lat, lon = enc["lat"], enc["lon"]
        details = {
            "hours": round((enc["end_t"] - enc["start_t"]) / 3600.0, 3),
            "fragments": enc["fragments"],
            "bins": enc["bins"],
            "mean_distance_km": round(enc["mean_km"], 3),
            "max_distance_km": round(enc["max_km"], 3),
            "median_speed_knots": {str(enc["mmsi_a"]): _round(enc["speed_a"]),
                                   str(enc["mmsi_b"]): _round(enc["speed_b"])},
            "zones": zone_ids(ctx.areas, lat, lon),
            "nearest_port": port_summary(nearest),
        }
        return Event(type=ENCOUNTER, vessels=sorted([int(enc["mmsi_a"]), int(enc["mmsi_b"])]),
                     start=enc["start_ts"], end=enc["end_ts"], lat=lat, lon=lon, detector=self.id,
                     params=dict(params), details=details)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _encounters_sql(params: dict[str, Any]) -> str:
    """Encounters: runs of close bins per pair (pieces) of at least min_piece_hours, merged when less
    than merge_gap_hours apart, kept when the merged encounter lasts min_duration_hours and both
    vessels are slow. Filtering pieces by the final duration or speed before merging would lose a
    transfer interrupted by drifting apart (GFW merges raw encounters first, then filters).

    A vessel's speed in a bin is its implied speed from its previous bin (when at most max_gap_minutes
    earlier), else the mean SOG it broadcast: implied speed is what GFW filters on, SOG covers the first
    bin and tracks after a silence. A run starts where the previous close bin of the pair is more than
    max_gap_minutes of missing bins back. Start and end are the actual fixes, so a run's length does
    not grow by a bin's width.

    A vessel's speed in a piece is the median of its bin speeds (GFW's median_speed_knots): one fix
    jumping kilometres away puts one or two bins at tens of knots, which a mean would carry into the
    verdict. A merged encounter's speed is the mean of its pieces' medians weighted by each piece's
    duration: a median over all bins would need the bins again after merging, and the weights let a
    long piece count for more than a short one, as its bins would in such a median. Means of distance and
    place are over all close bins of the encounter.

    The median is taken from ranks (the middle one or two values, averaged as DuckDB's median of a
    DOUBLE is, lo x 0.5 + hi x 0.5, to the last bit), not with median(): a holistic aggregate over
    millions of pieces kept every value per group in a hash table and spilled 15 GB for one week of the
    100-million-position scenario, where ranking by window sorts spills nothing (docs/scale.md).
    """
    max_step = int(params["max_gap_minutes"]) // (BIN_SECONDS // 60) + 1
    cell_lat = max(MIN_CELL_LAT_DEG, float(params["max_distance_km"]) / KM_PER_CELL_LAT_DEG)
    cell_lon = 2 * cell_lat
    hours_per_bin = BIN_SECONDS / 3600.0
    max_speed = float(params["max_speed_knots"])
    pair_order = "OVER (PARTITION BY mmsi_a, mmsi_b ORDER BY start_t"
    return f"""
        WITH fixes AS ({fixes_sql()}),
        bins AS (
            SELECT mmsi, CAST(floor(t / {BIN_SECONDS}) AS BIGINT) AS b, AVG(lat) AS lat, AVG(lon) AS lon,
                   AVG(sog) AS sog, MIN(ts) AS first_ts, MAX(ts) AS last_ts
            FROM fixes GROUP BY mmsi, CAST(floor(t / {BIN_SECONDS}) AS BIGINT)
        ),
        stepped AS (
            SELECT mmsi, b, lat, lon, sog, first_ts, last_ts,
                   LAG(b) OVER (PARTITION BY mmsi ORDER BY b) AS prev_b,
                   LAG(lat) OVER (PARTITION BY mmsi ORDER BY b) AS prev_lat,
                   LAG(lon) OVER (PARTITION BY mmsi ORDER BY b) AS prev_lon
            FROM bins
        ),
        cells AS (
            SELECT mmsi, b, lat, lon, first_ts, last_ts,
                   CASE WHEN b - prev_b <= {max_step}
                        THEN {distance_sql('prev_lat', 'prev_lon', 'lat', 'lon')} / {KM_PER_NM}
                             / ((b - prev_b) * {hours_per_bin})
                        ELSE sog END AS speed,
                   CAST(floor(lon / {cell_lon}) AS BIGINT) AS cx,
                   CAST(floor(lat / {cell_lat}) AS BIGINT) AS cy
            FROM stepped
        ),
        probes AS (
            SELECT c.mmsi, c.b, c.lat, c.lon, c.first_ts, c.last_ts, c.speed,
                   c.cx + o.dx AS ncx, c.cy + o.dy AS ncy
            FROM cells c CROSS JOIN _neighbour_offsets o
        ),
        close_bins AS (
            SELECT a.mmsi AS mmsi_a, n.mmsi AS mmsi_b, a.b,
                   {distance_sql('a.lat', 'a.lon', 'n.lat', 'n.lon')} AS km,
                   (a.lat + n.lat) / 2 AS lat, (a.lon + n.lon) / 2 AS lon,
                   a.speed AS speed_a, n.speed AS speed_b,
                   CASE WHEN a.first_ts > n.first_ts THEN a.first_ts ELSE n.first_ts END AS first_ts,
                   CASE WHEN a.last_ts < n.last_ts THEN a.last_ts ELSE n.last_ts END AS last_ts
            FROM probes a JOIN cells n ON n.b = a.b AND n.cx = a.ncx AND n.cy = a.ncy
            WHERE a.mmsi < n.mmsi
        ),
        flagged AS (
            SELECT *, CASE WHEN b - LAG(b) OVER (PARTITION BY mmsi_a, mmsi_b ORDER BY b) <= {max_step}
                           THEN 0 ELSE 1 END AS new_run
            FROM close_bins WHERE km <= {float(params['max_distance_km'])}
        ),
        numbered AS (
            SELECT *, SUM(new_run) OVER (PARTITION BY mmsi_a, mmsi_b ORDER BY b
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
            FROM flagged
        ),
        ranked AS (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY mmsi_a, mmsi_b, run ORDER BY speed_a NULLS LAST, b) AS rank_a,
                      COUNT(speed_a) OVER (PARTITION BY mmsi_a, mmsi_b, run) AS n_a,
                      ROW_NUMBER() OVER (PARTITION BY mmsi_a, mmsi_b, run ORDER BY speed_b NULLS LAST, b) AS rank_b,
                      COUNT(speed_b) OVER (PARTITION BY mmsi_a, mmsi_b, run) AS n_b
            FROM numbered
        ),
        halves AS (
            SELECT mmsi_a, mmsi_b, run, MIN(first_ts) AS start_ts, MAX(last_ts) AS end_ts, COUNT(*) AS bins,
                   SUM(km) AS sum_km, MAX(km) AS max_km, SUM(lat) AS sum_lat, SUM(lon) AS sum_lon,
                   MIN(CASE WHEN rank_a = floor((n_a + 1) / 2) THEN speed_a END) AS lo_a,
                   MIN(CASE WHEN rank_a = floor(n_a / 2) + 1 THEN speed_a END) AS hi_a,
                   MIN(CASE WHEN rank_b = floor((n_b + 1) / 2) THEN speed_b END) AS lo_b,
                   MIN(CASE WHEN rank_b = floor(n_b / 2) + 1 THEN speed_b END) AS hi_b
            FROM ranked GROUP BY mmsi_a, mmsi_b, run
        ),
        pieces AS (
            SELECT mmsi_a, mmsi_b, run, start_ts, end_ts, bins, sum_km, max_km, sum_lat, sum_lon,
                   lo_a * 0.5 + hi_a * 0.5 AS speed_a, lo_b * 0.5 + hi_b * 0.5 AS speed_b
            FROM halves
        ),
        timed AS (
            SELECT *, {epoch_seconds('start_ts')} AS start_t, {epoch_seconds('end_ts')} AS end_t FROM pieces
        ),
        linked AS (
            SELECT *, CASE WHEN start_t - LAG(end_t) {pair_order}) < {float(params['merge_gap_hours']) * 3600.0}
                           THEN 0 ELSE 1 END AS new_encounter
            FROM timed WHERE end_t - start_t >= {float(params['min_piece_hours']) * 3600.0}
        ),
        grouped AS (
            SELECT *, SUM(new_encounter) {pair_order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                      AS encounter
            FROM linked
        ),
        encounters AS (
            SELECT mmsi_a, mmsi_b, MIN(start_ts) AS start_ts, MAX(end_ts) AS end_ts,
                   MIN(start_t) AS start_t, MAX(end_t) AS end_t, COUNT(*) AS fragments, CAST(SUM(bins) AS BIGINT) AS bins,
                   SUM(sum_km) / SUM(bins) AS mean_km, MAX(max_km) AS max_km,
                   SUM(sum_lat) / SUM(bins) AS lat, SUM(sum_lon) / SUM(bins) AS lon,
                   SUM(speed_a * (end_t - start_t))
                       / SUM(CASE WHEN speed_a IS NOT NULL THEN end_t - start_t END) AS speed_a,
                   SUM(speed_b * (end_t - start_t))
                       / SUM(CASE WHEN speed_b IS NOT NULL THEN end_t - start_t END) AS speed_b
            FROM grouped GROUP BY mmsi_a, mmsi_b, encounter
        )
        SELECT mmsi_a, mmsi_b, start_ts, end_ts, start_t, end_t, fragments, bins, mean_km, max_km, lat, lon,
               speed_a, speed_b
        FROM encounters
        WHERE end_t - start_t >= {float(params['min_duration_hours']) * 3600.0}
          AND speed_a < {max_speed} AND speed_b < {max_speed}
        ORDER BY mmsi_a, mmsi_b, start_ts"""
