"""loitering-v1: one vessel slow for hours away from ports, the visible half of a transfer whose partner
is dark (after Global Fishing Watch's loitering events, pipe-loitering)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import (
    PortLookup, attach_positions, distance_sql, excusing_ports, fixes_sql, latest_ship_types_sql, port_summary,
    require_positive, zone_ids,
)
from sanctionwatch.maritime.events import ENCOUNTER, LOITERING, Event
from sanctionwatch.maritime.sqlparts import KM_PER_NM, epoch_seconds

FISHING_SHIP_TYPE = 30   # ITU-R M.1371 ship type "fishing"


class LoiteringV1(Detector):
    NAME = LOITERING
    VERSION = "v1"
    TITLE = "Loitering"
    DESCRIPTION = ("A vessel whose hourly average speed stays below max_speed_knots for consecutive hours "
                   "lasting at least min_duration_hours, with its mean position at least "
                   "min_port_distance_km from any port or anchorage point (no distance asked inside STS hot "
                   "spots, DPRK waters or near DPRK ports). Fishing vessels are left out, and so is "
                   "loitering mostly covered by an encounter of the same vessel (the encounter explains it).")
    PARAMS = (
        Param("max_speed_knots", 2.0, "kn", "an hour is slow when its average implied speed is below this",
              "GFW docs (loitering); pipe-loitering --slow-threshold 2"),
        Param("min_duration_hours", 4.0, "h", "shortest loitering, first to last fix of the slow hours",
              "GFW/Pew RFMO transshipment reports (4 h; GFW raw table 2 h, Miller et al. 2018 8 h)"),
        Param("min_port_distance_km", 20.0, "km", "mean position at least this far from any port or "
              "anchorage point", "sanctionwatch: agreed team parameter (GFW's product asks 20 nm from "
              "shore; without land polygons ports stand in)"),
        Param("exclude_fishing", True, "", "leave out vessels whose last broadcast ship type is fishing (30)",
              "sanctionwatch: fishing vessels are slow while fishing"),
        Param("skip_when_encounter", True, "", "drop loitering overlapping an encounter of the same vessel "
              "by more than half its length", "sanctionwatch: the encounter already reports it"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        require_positive(self.id, params, "max_speed_knots", "min_duration_hours")
        engine = ctx.engine
        periods = engine.query(_periods_sql(params)).to_pylist()
        encounters = _encounters_by_vessel(ctx.extras.get("events", []))
        lookup = PortLookup(ctx.areas)
        lats, lons = [p["lat"] for p in periods], [p["lon"] for p in periods]
        nearby = lookup.within(lats, lons, params["min_port_distance_km"])
        events, near_port, explained = [], 0, 0
        for period, near, nearest in zip(periods, nearby, lookup.nearest(lats, lons)):
            if excusing_ports(ctx.areas, period["lat"], period["lon"], near):
                near_port += 1
                continue
            if params["skip_when_encounter"] and _mostly_encounter(period, encounters.get(int(period["mmsi"]), [])):
                explained += 1
                continue
            events.append(self._event(ctx, period, params, nearest))
        attach_positions(engine, events)
        if near_port or explained:
            ctx.extras.setdefault("notes", []).append(
                f"{self.id}: {near_port} slow period(s) near ports and {explained} inside encounters not reported")
        ctx.extras.setdefault("counts", {})[self.id] = {"loitering": len(events), "near_port": near_port,
                                                        "in_encounter": explained}
        return events

    def _event(self, ctx: DetectionContext, period: dict[str, Any], params: dict[str, Any],
               nearest: tuple[Any, float] | None) -> Event:
        lat, lon = period["lat"], period["lon"]
        moving_hours = (period["moving_seconds"] or 0) / 3600.0
        if moving_hours > 0:
            speed = period["km"] / KM_PER_NM / moving_hours
        else:
            speed = period["mean_sog"]
        details = {
            "hours": round((period["end_t"] - period["start_t"]) / 3600.0, 3),
            "slow_hours": int(period["slow_hours"]),
            "mean_speed_knots": None if speed is None else round(speed, 3),
            "total_distance_nm": round(period["km"] / KM_PER_NM, 3),
            "zones": zone_ids(ctx.areas, lat, lon),
            "nearest_port": port_summary(nearest),
            "ship_type": period["ship_type"],
        }
        return Event(type=LOITERING, vessels=[int(period["mmsi"])], start=period["start_ts"], end=period["end_ts"],
                     lat=lat, lon=lon, detector=self.id, params=dict(params), details=details)


def _periods_sql(params: dict[str, Any]) -> str:
    """Runs of consecutive slow hours per vessel, long enough, with mean position and ship type.

    An hour's speed is the distance between its consecutive fixes over the time between them (steps
    within the hour, as GFW's hourly average implied speed); an hour with one fix (or all at one
    instant) takes the mean SOG it broadcast, and without SOG it is not slow. An hour with no fix
    breaks a run: nothing says the vessel was slow then. A period's distance also counts the steps
    between its hours (the step into its first hour comes from outside and is left out).
    """
    fishing = (f"AND (s.ship_type IS NULL OR s.ship_type <> {FISHING_SHIP_TYPE})"
               if params["exclude_fishing"] else "")
    return f"""
        WITH fixes AS ({fixes_sql()}),
        steps AS (
            SELECT mmsi, ts, lat, lon, sog, t, CAST(floor(t / 3600) AS BIGINT) AS h,
                   LAG(lat) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS prev_lat,
                   LAG(lon) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS prev_lon,
                   LAG(t) OVER (PARTITION BY mmsi ORDER BY ts, lat, lon) AS prev_t
            FROM fixes
        ),
        inside AS (
            SELECT *, CASE WHEN prev_t IS NULL OR t <= prev_t THEN 0
                           WHEN CAST(floor(prev_t / 3600) AS BIGINT) = h THEN 1
                           WHEN CAST(floor(prev_t / 3600) AS BIGINT) = h - 1 THEN 2
                           ELSE 0 END AS step,
                   {distance_sql('prev_lat', 'prev_lon', 'lat', 'lon')} AS step_km
            FROM steps
        ),
        hours AS (
            SELECT mmsi, h, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS n,
                   SUM(lat) AS sum_lat, SUM(lon) AS sum_lon, AVG(sog) AS sog,
                   SUM(CASE WHEN step = 1 THEN step_km ELSE 0 END) AS km,
                   CAST(SUM(CASE WHEN step = 1 THEN t - prev_t ELSE 0 END) AS DOUBLE) AS secs,
                   SUM(CASE WHEN step = 2 THEN step_km ELSE 0 END) AS entry_km,
                   CAST(SUM(CASE WHEN step = 2 THEN t - prev_t ELSE 0 END) AS DOUBLE) AS entry_secs
            FROM inside GROUP BY mmsi, h
        ),
        slow AS (
            SELECT *, h - ROW_NUMBER() OVER (PARTITION BY mmsi ORDER BY h) AS grp
            FROM hours
            WHERE CASE WHEN secs > 0 THEN km / {KM_PER_NM} / (secs / 3600.0) ELSE sog END
                  < {float(params['max_speed_knots'])}
        ),
        spans AS (
            SELECT *, MIN(h) OVER (PARTITION BY mmsi, grp) AS first_h FROM slow
        ),
        periods AS (
            SELECT mmsi, grp, MIN(first_ts) AS start_ts, MAX(last_ts) AS end_ts, COUNT(*) AS slow_hours,
                   SUM(sum_lat) / SUM(n) AS lat, SUM(sum_lon) / SUM(n) AS lon,
                   SUM(km + CASE WHEN h > first_h THEN entry_km ELSE 0 END) AS km,
                   SUM(secs + CASE WHEN h > first_h THEN entry_secs ELSE 0 END) AS moving_seconds,
                   AVG(sog) AS mean_sog
            FROM spans GROUP BY mmsi, grp
        ),
        timed AS (
            SELECT *, {epoch_seconds('start_ts')} AS start_t, {epoch_seconds('end_ts')} AS end_t FROM periods
        )
        SELECT p.mmsi, p.start_ts, p.end_ts, p.start_t, p.end_t, p.slow_hours, p.lat, p.lon, p.km,
               p.moving_seconds, p.mean_sog, s.ship_type
        FROM timed p LEFT JOIN ({latest_ship_types_sql()}) s ON s.mmsi = p.mmsi
        WHERE p.end_t - p.start_t >= {float(params['min_duration_hours']) * 3600.0} {fishing}
        ORDER BY p.mmsi, p.start_ts"""


def _encounters_by_vessel(events: list[Event]) -> dict[int, list[tuple[datetime, datetime]]]:
    found: dict[int, list[tuple[datetime, datetime]]] = {}
    for event in events:
        if event.type == ENCOUNTER:
            for mmsi in event.vessels:
                found.setdefault(int(mmsi), []).append((event.start, event.end))
    return found


def _mostly_encounter(period: dict[str, Any], spans: list[tuple[datetime, datetime]]) -> bool:
    """More than half of the period lies inside encounters of the same vessel."""
    length = (period["end_ts"] - period["start_ts"]).total_seconds()
    if length <= 0 or not spans:
        return False
    covered = 0.0
    cursor = period["start_ts"]
    for start, end in sorted(spans):
        start, end = max(start, cursor), min(end, period["end_ts"])
        if end > start:
            covered += (end - start).total_seconds()
            cursor = end
    return covered > length / 2
