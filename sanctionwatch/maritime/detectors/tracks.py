"""What the movement detectors (gap, encounter, loitering) share: SQL over the canonical positions,
the fixes behind events, and what the areas say about a place.

SQL here stays in the subset DuckDB and Spark share (see engine.py): times become seconds through
``sqlparts.epoch_seconds``, distances through ``sqlparts.haversine_km``.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import Event
from sanctionwatch.maritime.sqlparts import EARTH_RADIUS_KM, KM_PER_NM, epoch_seconds, haversine_km

EPOCH = datetime(1970, 1, 1)

# Events carry at most this many fixes (contract in events.py), picked evenly in time.
MAX_EVENT_POSITIONS = 200

# Kilometres per degree of latitude on the sphere of EARTH_RADIUS_KM.
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180.0

# DPRK ports are where sanctioned transfers happen, so "near a port" never excuses them.
EXEMPT_PORT_COUNTRY = "KP"


def fixes_sql() -> str:
    """Positions with a usable place, plus ``t`` (seconds since 1970)."""
    return (f"SELECT mmsi, ts, lat, lon, sog, {epoch_seconds('ts')} AS t FROM positions "
            "WHERE mmsi IS NOT NULL AND ts IS NOT NULL AND lat BETWEEN -90 AND 90 "
            "AND lon BETWEEN -180 AND 180")


def latest_ship_types_sql() -> str:
    """The last ship type each MMSI broadcast (ties at one time broken by the lower code)."""
    return ("SELECT mmsi, ship_type FROM (SELECT mmsi, ship_type, ROW_NUMBER() OVER "
            "(PARTITION BY mmsi ORDER BY ts DESC, ship_type) AS rn FROM statics "
            "WHERE mmsi IS NOT NULL AND ship_type IS NOT NULL) latest WHERE rn = 1")


def distance_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    return haversine_km(lat1, lon1, lat2, lon2)


def neighbour_offsets() -> pa.Table:
    """The 3 x 3 block of cell offsets around a cell, for equality joins on neighbouring cells."""
    offsets = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    return pa.table({"dx": pa.array([o[0] for o in offsets], pa.int64()),
                     "dy": pa.array([o[1] for o in offsets], pa.int64())})


def require_positive(detector_id: str, params: dict[str, Any], *names: str) -> None:
    """Zero or negative thresholds would turn every fix into an event; refuse them."""
    for name in names:
        if not params[name] > 0:
            raise ConfigError(f"detector {detector_id}: parameter {name}={params[name]!r} must be greater than 0")


def knots(km: float, hours: float) -> float | None:
    return km / KM_PER_NM / hours if hours > 0 else None


def attach_positions(engine: Any, events: list[Event],
                     spans: list[tuple[int, int, datetime, datetime]] | None = None,
                     table_name: str = "_event_spans") -> None:
    """Fill each event's ``positions`` with its fixes, in one query for all events.

    ``spans`` are (event index, mmsi, from, to) rows (see ``event_spans``); by default each vessel of
    an event over [start, end]. Each vessel's span is cut into MAX_EVENT_POSITIONS / vessels equal
    time slots and the first fix of each slot is kept: the track is thinned evenly in time, at most
    MAX_EVENT_POSITIONS fixes per event, without sorting every fix (an aggregate, not a window).
    """
    if not events:
        return
    rows = list(event_spans(events) if spans is None else spans)
    vessels: dict[int, int] = {}
    for row in rows:
        vessels[row[0]] = vessels.get(row[0], 0) + 1
    engine.register(table_name, pa.table({
        "idx": pa.array([r[0] for r in rows], pa.int64()),
        "mmsi": pa.array([r[1] for r in rows], pa.int64()),
        "t0": pa.array([r[2] for r in rows], pa.timestamp("us")),
        "t1": pa.array([r[3] for r in rows], pa.timestamp("us")),
        "t0s": pa.array([_seconds(r[2]) for r in rows], pa.int64()),
        "span_s": pa.array([_seconds(r[3]) - _seconds(r[2]) + 1 for r in rows], pa.int64()),
        "slots": pa.array([max(1, MAX_EVENT_POSITIONS // vessels[r[0]]) for r in rows], pa.int64()),
    }))
    found = engine.query(f"""
        WITH hits AS (
            SELECT s.idx, p.mmsi, p.ts,
                   CAST(floor(CAST({epoch_seconds('p.ts')} - s.t0s AS DOUBLE) * s.slots / s.span_s) AS BIGINT) AS slot
            FROM {table_name} s JOIN positions p ON p.mmsi = s.mmsi AND p.ts >= s.t0 AND p.ts <= s.t1
            WHERE p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180
        ), picked AS (
            SELECT idx, mmsi, MIN(ts) AS ts FROM hits GROUP BY idx, mmsi, slot
        ), ranked AS (
            -- Several fixes at one instant: one whole fix (lowest lat, then lon). MIN(lat) and
            -- MIN(lon) taken apart would make a place no fix reported.
            SELECT k.idx, k.mmsi, k.ts, p.lat, p.lon,
                   ROW_NUMBER() OVER (PARTITION BY k.idx, k.mmsi, k.ts ORDER BY p.lat, p.lon) AS pick
            FROM picked k JOIN positions p ON p.mmsi = k.mmsi AND p.ts = k.ts
            WHERE p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180
        )
        SELECT idx, mmsi, ts, lat, lon FROM ranked WHERE pick = 1
        ORDER BY idx, ts, mmsi""")
    seconds = found.column("ts").cast(pa.timestamp("s"), safe=False)   # Arrow prints fractions otherwise
    times = pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%SZ").to_pylist()
    lats = pc.round(found.column("lat"), 6).to_pylist()
    lons = pc.round(found.column("lon"), 6).to_pylist()
    for event in events:
        event.positions = []
    for idx, mmsi, ts, lat, lon in zip(found.column("idx").to_pylist(), found.column("mmsi").to_pylist(),
                                       times, lats, lons):
        events[idx].positions.append([mmsi, ts, lat, lon])


def _seconds(value: datetime) -> int:
    return int((value - EPOCH).total_seconds())


def event_spans(events: Iterable[Event], before: timedelta = timedelta(0), after: timedelta = timedelta(0)
                ) -> list[tuple[int, int, datetime, datetime]]:
    return [(i, mmsi, e.start - before, e.end + after) for i, e in enumerate(events) for mmsi in e.vessels]


# --- places --------------------------------------------------------------------------------------------

class PortLookup:
    """Nearest ports and ports within a radius for many places at once.

    With GFW's anchorages there are some 64,000 points, too many to compare with every event one by
    one. An R-tree over the points (lon/lat degrees) gives candidates: the planar nearest point bounds
    the true distance, and a box of that radius (widened by 1/cos(lat) in longitude, and repeated
    across the antimeridian) holds every point that can be nearer; exact haversine decides.
    """

    def __init__(self, areas: Any) -> None:
        self.ports = list(areas.ports) if areas is not None else []
        self._lat = np.array([p.lat for p in self.ports], dtype=float)
        self._lon = np.array([p.lon for p in self.ports], dtype=float)
        self._tree: Any = shapely.STRtree(shapely.points(self._lon, self._lat)) if self.ports else None

    def _candidates(self, lats: np.ndarray, lons: np.ndarray, radius_km: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(place index, port index, km) for every port in each place's radius box."""
        dlat = radius_km / KM_PER_DEGREE + 1e-9
        dlon = dlat / np.maximum(np.cos(np.radians(np.minimum(89.99, np.abs(lats) + dlat))), 1e-4)
        dlon = np.minimum(dlon, 180.0)
        idx = np.arange(len(lats))
        west, east = lons - dlon, lons + dlon
        queries = [(idx, west, east)]
        for shift, wraps in ((360.0, west < -180.0), (-360.0, east > 180.0)):
            if wraps.any():
                queries.append((idx[wraps], west[wraps] + shift, east[wraps] + shift))
        places, ports = [], []
        for which, w, e in queries:
            boxes = shapely.box(w, lats[which] - dlat[which], e, lats[which] + dlat[which])
            hits = self._tree.query(boxes)
            places.append(which[hits[0]])
            ports.append(hits[1])
        place, port = np.concatenate(places), np.concatenate(ports)
        return place, port, _haversine(lats[place], lons[place], self._lat[port], self._lon[port])

    def nearest(self, lats: list[float], lons: list[float]) -> list[tuple[Any, float] | None]:
        if not self.ports:
            return [None] * len(lats)
        if not len(lats):
            return []
        lat, lon = np.asarray(lats, float), np.asarray(lons, float)
        hits = self._tree.query_nearest(shapely.points(lon, lat))
        bound = np.full(len(lat), np.inf)
        np.minimum.at(bound, hits[0], _haversine(lat[hits[0]], lon[hits[0]], self._lat[hits[1]], self._lon[hits[1]]))
        place, port, km = self._candidates(lat, lon, bound * (1 + 1e-9) + 1e-6)
        order = np.lexsort((port, km, place))
        first = order[np.unique(place[order], return_index=True)[1]]
        best: list[tuple[Any, float] | None] = [None] * len(lat)
        for i in first:
            best[int(place[i])] = (self.ports[int(port[i])], float(km[i]))
        return best

    def within(self, lats: list[float], lons: list[float], km: float) -> list[list[tuple[Any, float]]]:
        found: list[list[tuple[Any, float]]] = [[] for _ in lats]
        if not self.ports or km <= 0 or not len(lats):
            return found
        lat, lon = np.asarray(lats, float), np.asarray(lons, float)
        place, port, dist = self._candidates(lat, lon, np.full(len(lat), float(km)))
        keep = dist <= km
        for i, j, d in zip(place[keep], port[keep], dist[keep]):
            found[int(i)].append((self.ports[int(j)], float(d)))
        for near in found:
            near.sort(key=lambda pd: (pd[1], pd[0].id))
        return found


def _haversine(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def port_summary(nearest: tuple[Any, float] | None) -> dict[str, Any] | None:
    """The nearest port or anchorage point: id, name, country, kind and distance."""
    if nearest is None:
        return None
    port, km = nearest
    return {"id": port.id, "name": port.name, "country": port.country, "kind": port.kind, "km": round(km, 2)}


def zone_ids(areas: Any, lat: float, lon: float) -> list[str]:
    return [] if areas is None else [z.id for z in areas.zones_at(lat, lon)]


def in_watched_zone(areas: Any, lat: float, lon: float) -> bool:
    """Inside an STS hot spot or DPRK waters, where the "away from port" rules are relaxed: DPRK
    transfers happen in sheltered or territorial waters the GFW defaults would filter out
    (maritime.md section 7, item 6)."""
    return areas is not None and bool(areas.zones_at(lat, lon))


def excusing_ports(areas: Any, lat: float, lon: float, near: list[tuple[Any, float]]) -> list[tuple[Any, float]]:
    """The ports/anchorages in ``near`` (those within the detector's radius) that explain slow or close
    vessels: none when the place is in a watched zone or near a DPRK port."""
    if not near or in_watched_zone(areas, lat, lon):
        return []
    if any(port.country == EXEMPT_PORT_COUNTRY for port, _ in near):
        return []
    return near
