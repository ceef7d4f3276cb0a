"""port_visit-v1: calls at ports, with Global Fishing Watch's anchorage rules applied to port points."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from sanctionwatch.maritime.detectors.base import DetectionContext, Detector, Param
from sanctionwatch.maritime.detectors.tracks import attach_positions, fixes_sql, require_positive
from sanctionwatch.maritime.events import PORT_VISIT, Event
from sanctionwatch.maritime.sqlparts import haversine_km

GFW_PORTS = "GFW docs, anchorages-voyages-port-visits; anchorages_pipeline anchorage_cfg.yaml"
CELL_DEGREES = 0.1


def port_groups(ports: pa.Table) -> pa.Array:
    """A number per port point; the points of one port share it.

    A visit is kept to one port, not to one point: GFW's anchorage lists give a port as many points
    about 0.5 km apart, and a ship swinging at anchor is nearer one point, then another. Points read
    from list files (ids ``<kind>-<id or line>``, see ``areas.read_places``) of the same name and
    country, letter case aside, are one port; each shipped port is its own."""
    groups: dict[tuple[str, ...], int] = {}
    numbers = []
    for port_id, name, country, kind in zip(*(ports.column(c).to_pylist()
                                              for c in ("port_id", "name", "country", "kind"))):
        if port_id.startswith(f"{kind}-"):
            key = ("list", (name or "").strip().casefold(), (country or "").strip().casefold())
        else:
            key = ("shipped", port_id)
        numbers.append(groups.setdefault(key, len(groups)))
    return pa.array(numbers, pa.int64())


def confidence(entry: bool, exit_: bool, stop_or_gap: bool) -> int:
    """GFW visit confidence: 1 entry/exit only, 2 stop/gap only, 3 one of entry/exit + stop/gap, 4 both + stop/gap."""
    if stop_or_gap:
        if entry and exit_:
            return 4
        return 3 if (entry or exit_) else 2
    return 1


class PortVisitV1(Detector):
    NAME = PORT_VISIT
    TITLE = "Port visits"
    DESCRIPTION = (
        "A visit begins at the first fix within entry_km of a port point and lasts until the first fix "
        "beyond exit_km (hysteresis: fixes between the two radii keep the state they follow). Inside a "
        "visit a stop begins below stop_begin_knots and ends above stop_end_knots; silences longer than "
        "port_gap_hours are in-port gaps. Confidence follows GFW: 1 entry/exit only, 2 stop/gap only "
        "(AIS on only in port), 3 entry or exit with stop/gap, 4 entry and exit with stop/gap. An entry or "
        "exit needs a fix outside the port within segment_gap_hours of the visit (a longer silence starts "
        "a new track segment, as in GFW's segmenter). By default only watched ports (DPRK ports and the "
        "Russian ports of the Rajin-Vostochny/Dunai routes) are reported. A visit is to a port, not a "
        "point: points of one name and country in user-supplied lists are one port (GFW anchorage "
        "points lie about 0.5 km apart); the event names the port and the nearest point's id.")
    PARAMS = (
        Param("entry_km", 3.0, "km", "a visit starts at a fix this close to a port point", GFW_PORTS),
        Param("exit_km", 4.0, "km", "a visit ends at the first fix farther than this", GFW_PORTS),
        Param("stop_begin_knots", 0.2, "kn", "a stop begins below this speed over ground", GFW_PORTS),
        Param("stop_end_knots", 0.5, "kn", "a stop ends above this speed over ground", GFW_PORTS),
        Param("port_gap_hours", 4.0, "h", "a silence longer than this inside the port is an in-port gap",
              "GFW anchorages_pipeline minimum_port_gap_duration_minutes: 240"),
        Param("segment_gap_hours", 24.0, "h", "entry/exit need an outside fix within this time of the visit",
              "gpsdio-segment max_hours=24 (a longer silence starts a new segment)"),
        Param("min_confidence", 2, "1-4", "visits below this confidence are not reported",
              "GFW docs: port-visit products use confidence >= 2"),
        Param("ais_off_hours", 6.0, "h", "a silence this long just before arrival or after departure is "
              "reported as AIS off", "GFW docs gaps.md: naive gap >= 6 h"),
        Param("watch_only", True, "bool", "only watched ports (DPRK and Russian route ports); false: every "
              "port and anchorage in the areas, including user-supplied lists",
              "sanctionwatch: the 1718 regime concerns calls at DPRK ports and the Russian route ports"),
    )

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        require_positive(self.id, params, "entry_km", "exit_km", "stop_begin_knots", "stop_end_knots",
                         "port_gap_hours", "segment_gap_hours", "ais_off_hours")
        areas, engine = ctx.areas, ctx.engine
        exit_km = max(params["exit_km"], params["entry_km"])
        ports = areas.port_table(watch_only=params["watch_only"])
        if ports.num_rows == 0:
            return []
        engine.register("_pv_ports", ports.append_column("group_no", port_groups(ports)))
        engine.register("_pv_cells", areas.port_cells(exit_km, CELL_DEGREES, watch_only=params["watch_only"]))
        rows = engine.rows(visits_sql(params, exit_km))
        if not rows:
            return []
        span = engine.rows("SELECT min(ts) AS t0, max(ts) AS t1 FROM positions")[0]
        by_id = {p.id: p for p in areas.ports}
        events, below = [], 0
        for row in rows:
            event = self._event(row, params, by_id[row["port_id"]], span["t0"], span["t1"])
            if event.details["confidence"] >= params["min_confidence"]:
                events.append(event)
            else:
                below += 1
        ctx.extras.setdefault("counts", {})[self.id] = {"visits": len(events), "below_min_confidence": below}
        events.sort(key=lambda e: (e.start, e.vessels, e.details["port_id"]))
        attach_positions(engine, events)
        return events

    def _event(self, row: dict[str, Any], params: dict[str, Any], port: Any,
               data_start: datetime, data_end: datetime) -> Event:
        segment = params["segment_gap_hours"] * 3600
        off = timedelta(hours=params["ais_off_hours"])
        before, after = row["before_s"], row["after_s"]
        entry = before is not None and row["prev_outside"] and before <= segment
        exit_ = after is not None and after <= segment
        stop_or_gap = bool(row["stopped"]) or bool(row["gap"])
        arrival, departure = row["arrival"], row["departure"]
        off_before = (before >= off.total_seconds()) if before is not None else (arrival - data_start >= off)
        off_after = (after >= off.total_seconds()) if after is not None else (data_end - departure >= off)
        details = {
            "port_id": port.id, "port_name": port.name, "port_country": port.country, "port_kind": port.kind,
            "confidence": confidence(entry, exit_, stop_or_gap),
            "entry": entry, "exit": exit_, "stopped": bool(row["stopped"]), "in_port_gap": bool(row["gap"]),
            "stopped_hours": round((row["stopped_s"] or 0) / 3600.0, 3),
            "arrival": _iso(arrival), "departure": _iso(departure),
            "min_distance_km": round(row["min_km"], 3), "fixes": row["n"],
            "ais_off_before_arrival": bool(off_before), "ais_off_after_departure": bool(off_after),
            "hours_silent_before": None if before is None else round(before / 3600.0, 2),
            "hours_silent_after": None if after is None else round(after / 3600.0, 2),
            "still_in_port_at_data_end": after is None,
        }
        return Event(type=PORT_VISIT, vessels=[int(row["mmsi"])], start=arrival, end=departure,
                     lat=round(row["lat"], 6), lon=round(row["lon"], 6), detector=self.id, params=dict(params),
                     details=details)


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def visits_sql(params: dict[str, Any], exit_km: float) -> str:
    """One row per visit. Fixes are numbered along each track (``rn``) in one pass over the positions;
    the state machine then runs on the few fixes within exit_km of a port only: a step in ``rn`` means
    a fix beyond exit_km came in between (outside the port). Each fix belongs to the port (group) of
    its nearest point; a visit is to a port group, and ``port_id`` is the group's point nearest to the
    visit's fixes."""
    entry_km = float(params["entry_km"])
    stop_lo, stop_hi = float(params["stop_begin_knots"]), float(params["stop_end_knots"])
    gap_s = float(params["port_gap_hours"]) * 3600
    track = "OVER (PARTITION BY mmsi ORDER BY ts, lat, lon)"
    near_order = "OVER (PARTITION BY mmsi ORDER BY rn)"
    running = "OVER (PARTITION BY mmsi ORDER BY rn ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    return f"""
    WITH numbered AS (
        SELECT mmsi, ts, t, lat, lon, sog, ROW_NUMBER() {track} AS rn,
               LAG(t) {track} AS prev_t, LEAD(t) {track} AS next_t
        FROM ({fixes_sql()}) f
    ),
    candidates AS (
        SELECT n.*, c.port_id, p.group_no, {haversine_km('n.lat', 'n.lon', 'p.lat', 'p.lon')} AS d
        FROM numbered n
        JOIN _pv_cells c ON c.cx = CAST(floor(n.lon / {CELL_DEGREES}) AS BIGINT)
                        AND c.cy = CAST(floor(n.lat / {CELL_DEGREES}) AS BIGINT)
        JOIN _pv_ports p ON p.port_id = c.port_id
    ),
    near AS (
        SELECT * FROM (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY mmsi, rn ORDER BY d, port_id) AS pick
            FROM candidates WHERE d <= {exit_km!r}) ranked
        WHERE pick = 1
    ),
    classed AS (
        SELECT mmsi, ts, t, lat, lon, rn, prev_t, next_t, port_id, group_no, d,
               CASE WHEN d <= {entry_km!r} THEN 2 ELSE 1 END AS cls,
               CASE WHEN sog < {stop_lo!r} THEN 2 WHEN sog > {stop_hi!r} THEN 0 ELSE 1 END AS scls,
               CASE WHEN LAG(rn) {near_order} IS NULL OR rn - LAG(rn) {near_order} > 1 THEN 1 ELSE 0 END
                   AS after_outside
        FROM near
    ),
    anchored AS (
        SELECT *,
               SUM(CASE WHEN cls = 2 OR after_outside = 1 THEN 1 ELSE 0 END) {running} AS grp,
               SUM(CASE WHEN scls <> 1 OR after_outside = 1 THEN 1 ELSE 0 END) {running} AS sgrp
        FROM classed
    ),
    stated AS (
        SELECT mmsi, ts, t, lat, lon, rn, prev_t, next_t, port_id, group_no, d, after_outside,
               CASE WHEN MAX(cls) OVER (PARTITION BY mmsi, grp) = 2 THEN 1 ELSE 0 END AS inside,
               MAX(CASE WHEN cls = 2 THEN group_no END) OVER (PARTITION BY mmsi, grp) AS visit_port,
               CASE WHEN MAX(scls) OVER (PARTITION BY mmsi, sgrp) = 2 THEN 1 ELSE 0 END AS stopped
        FROM anchored
    ),
    linked AS (
        SELECT *, LAG(inside) {near_order} AS prev_inside, LAG(visit_port) {near_order} AS prev_port,
               LEAD(inside) {near_order} AS next_inside, LEAD(visit_port) {near_order} AS next_port,
               LEAD(rn) {near_order} AS next_rn
        FROM stated
    ),
    marked AS (
        SELECT *,
               CASE WHEN inside = 1 AND (after_outside = 1 OR prev_inside = 0 OR prev_port <> visit_port)
                    THEN 1 ELSE 0 END AS first_fix,
               CASE WHEN inside = 1 AND (next_rn IS NULL OR next_rn > rn + 1 OR next_inside = 0
                                         OR next_port <> visit_port)
                    THEN 1 ELSE 0 END AS last_fix
        FROM linked
    ),
    visits AS (
        SELECT *, SUM(first_fix) {running} AS visit_no FROM marked WHERE inside = 1
    ),
    nearest AS (
        SELECT mmsi, visit_no, port_id, d AS min_km FROM (
            SELECT mmsi, visit_no, port_id, d,
                   ROW_NUMBER() OVER (PARTITION BY mmsi, visit_no ORDER BY d, port_id) AS pick
            FROM visits WHERE group_no = visit_port) ranked
        WHERE pick = 1
    ),
    summary AS (
        SELECT mmsi, visit_no, MIN(ts) AS arrival, MAX(ts) AS departure,
               COUNT(*) AS n, AVG(lat) AS lat, AVG(lon) AS lon,
               MAX(stopped) AS stopped,
               CAST(SUM(CASE WHEN last_fix = 0 AND stopped = 1 THEN next_t - t ELSE 0 END) AS DOUBLE) AS stopped_s,
               MAX(CASE WHEN last_fix = 0 AND next_t - t > {gap_s!r} THEN 1 ELSE 0 END) AS gap,
               MAX(CASE WHEN first_fix = 1 THEN t - prev_t END) AS before_s,
               MAX(CASE WHEN first_fix = 1 AND prev_t IS NOT NULL THEN 1 ELSE 0 END) AS prev_outside,
               MAX(CASE WHEN last_fix = 1 THEN next_t - t END) AS after_s
        FROM visits
        GROUP BY mmsi, visit_no
    )
    SELECT s.*, n.port_id, n.min_km
    FROM summary s JOIN nearest n ON n.mmsi = s.mmsi AND n.visit_no = s.visit_no
    ORDER BY s.mmsi, s.visit_no"""
