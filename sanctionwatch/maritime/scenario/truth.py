"""Truth derived from the plans: port visits at watched ports, zone entries, identity and
designation facts, and the silences the receiver outages cause (near misses for gap)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from sanctionwatch.maritime.scenario import world
from sanctionwatch.maritime.scenario.plan import Vessel
from sanctionwatch.maritime.scenario.plant import CHON_MA_SAN, LADY_R, SAM_MA_2, Truth

ENTRY_KM, EXIT_KM = 3.0, 4.0          # port-visit hysteresis (GFW anchorages pipeline)
GAP_SECONDS = 6 * 3600                # gap-v1 minimum silence
MIN_BERTH_SEEN = 30 * 60              # time at berth inside the window for a visit to be listed
DESIGNATED_IMOS = {CHON_MA_SAN[1]: CHON_MA_SAN[0], SAM_MA_2[1]: SAM_MA_2[0], LADY_R[1]: LADY_R[0]}
PLANTED_ZONE_ROLES = {"dark_tanker", "sts_receiver", "sts_supplier", "loiterer", "dark_voyage", "nampho_caller"}


def _visible_mask(v: Vessel, t: np.ndarray, horizon: float) -> np.ndarray:
    mask = np.zeros(t.size, bool)
    for a, b in v.on_intervals(horizon):
        mask |= (t >= a) & (t < b)
    return mask


def port_visits(vessels: list[Vessel], truth: Truth, horizon: float) -> None:
    """Every stay at a watched port that AIS shows, from entry (3 km) to exit (4 km) as far as seen."""
    for v in vessels:
        for port_id, arrived, departed in v.stays:
            port = world.PORTS.get(port_id)
            if port is None or not port.watch or arrived > horizon or departed < 0:
                continue
            # A berth the window shows for minutes only (arriving at the very end, leaving at the
            # very start) may or may not hold the slow fix that makes a stop: either answer is right.
            optional = min(departed, horizon) - max(arrived, 0.0) < MIN_BERTH_SEEN
            t = np.arange(arrived - 4 * 3600, departed + 4 * 3600, 30.0)
            t = t[(t >= v.knot_t[0]) & (t <= v.knot_t[-1])]
            lat, lon = v.position_at(t)
            dist = world.haversine_km(lat, lon, port.lat, port.lon)
            at_berth = int(np.searchsorted(t, arrived))
            inside = dist <= ENTRY_KM
            before = np.nonzero(~inside[:at_berth])[0]
            entry = t[before[-1] + 1] if before.size else t[0]
            after = np.nonzero((dist > EXIT_KM) & (t > departed))[0]
            exit_ = t[after[0]] if after.size else t[-1]
            seen = t[(t >= entry) & (t <= exit_) & _visible_mask(v, t, horizon)]
            if seen.size == 0:
                continue
            truth.add("port_visit", [v.mmsi], max(seen[0], 0.0), min(seen[-1], horizon),
                      f"{v.label or v.role} at {port.name}" if v.label else f"call at {port.name}",
                      optional=optional)


def zone_entries(vessels: list[Vessel], truth: Truth, horizon: float) -> None:
    """Entries of planted vessels into hot spot boxes and DPRK waters, from what AIS shows (recall only)."""
    import shapely

    zones = [(zid, shapely.box(*box)) for zid, box in world.HOTSPOTS.items()] + _dprk_waters()
    for v in vessels:
        if v.role not in PLANTED_ZONE_ROLES:
            continue
        t = np.arange(max(v.knot_t[0], 0.0), min(v.knot_t[-1], horizon), 60.0)
        t = t[_visible_mask(v, t, horizon)]
        if t.size == 0:
            continue
        lat, lon = v.position_at(t)
        for zid, geom in zones:
            inside = shapely.contains_xy(geom, lon, lat)
            edges = np.diff(np.concatenate([[0], inside.astype(np.int8), [0]]))
            for s, e in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]):
                truth.add("zone_entry", [v.mmsi], t[s], t[e - 1], f"{v.label or v.role}: in {zid}")


def _dprk_waters() -> list[tuple[str, object]]:
    from sanctionwatch.maritime.areas import Areas

    areas = Areas.load(ports_path="", anchorages_path="", land_path="")
    return [(z.id, z.geometry) for z in areas.zones if z.kind == "dprk_waters"]


def identity_facts(vessels: list[Vessel], truth: Truth, horizon: float) -> None:
    """MID 445 (DPRK) is reported by identity-v1 for every vessel using it; listed IMOs by
    designated_vessel-v1."""
    seen: set[tuple[str, int]] = set()
    for v in vessels:
        spans = v.on_intervals(horizon)
        if not spans:
            continue
        start, end = spans[0][0], spans[-1][1]
        if v.flag_mid == 445 and ("mid", v.mmsi) not in seen:
            seen.add(("mid", v.mmsi))
            truth.add("identity", [v.mmsi], start, end, f"MID 445 (DPRK): {v.identities[0].name}")
        imo = v.identities[0].imo
        if imo in DESIGNATED_IMOS and ("listed", v.mmsi) not in seen:
            seen.add(("listed", v.mmsi))
            truth.add("designated_vessel", [v.mmsi], start, end, f"{DESIGNATED_IMOS[imo]} (IMO {imo}) is listed")


class SilenceLog:
    """Follows what each vessel is heard saying across days and records every silence >= 6 h, with
    where it began."""

    def __init__(self, count: int, horizon: float, offset: float = 0.0) -> None:
        # Each vessel's own fixes per clock hour (``offset`` as in TrafficGrid): gap-v1 counts only
        # OTHER vessels as neighbours.
        self.offset = offset
        hours = int(np.ceil((horizon + offset) / 3600)) + 1
        self.hourly = np.zeros((count, hours), np.int32)
        # ...and the traffic-grid cell each vessel was in that hour (a ship crosses at most one
        # 0.5-degree cell boundary an hour), so its own fixes are taken off only where they were.
        self.hour_cx = np.full((count, hours), -9, np.int16)
        self.hour_cy = np.full((count, hours), -9, np.int16)
        self.last = np.full(count, np.nan)
        self.last_lat = np.zeros(count)
        self.last_lon = np.zeros(count)
        self.silences: list[tuple[int, float, float, float, float]] = []

    def feed(self, global_ids: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        if t.size == 0:
            return
        hour = ((t + self.offset) // 3600).astype(int)
        np.add.at(self.hourly, (global_ids, hour), 1)
        cx, cy = TrafficGrid.cells(lat, lon)
        self.hour_cx[global_ids, hour], self.hour_cy[global_ids, hour] = cx, cy
        order = np.lexsort((t, global_ids))
        g, tt, la, lo = global_ids[order], t[order], lat[order], lon[order]
        first = np.ones(g.size, bool)
        first[1:] = g[1:] != g[:-1]
        prev, prev_lat, prev_lon = (np.empty_like(tt) for _ in range(3))
        prev[1:], prev_lat[1:], prev_lon[1:] = tt[:-1], la[:-1], lo[:-1]
        prev[first], prev_lat[first], prev_lon[first] = (self.last[g[first]], self.last_lat[g[first]],
                                                         self.last_lon[g[first]])
        for i in np.nonzero(tt - prev >= GAP_SECONDS)[0]:
            self.silences.append((int(g[i]), float(prev[i]), float(tt[i]), float(prev_lat[i]), float(prev_lon[i])))
        last = np.nonzero(np.append(first[1:], True))[0]
        self.last[g[last]], self.last_lat[g[last]], self.last_lon[g[last]] = tt[last], la[last], lo[last]

    def own_fixes(self, g: int, silence_start: float, lat: float, lon: float, before_hours: int = 12) -> int:
        """The vessel's own fixes in the ``before_hours`` clock hours before the one its silence began
        in, spent in the 3x3 cells around (lat, lon): what it added to the neighbours' count there."""
        h1 = int((silence_start + self.offset) // 3600)
        h0 = max(h1 - before_hours, 0)
        cx, cy = TrafficGrid.cells(lat, lon)
        near = (np.abs(self.hour_cx[g, h0:h1] - cx) <= 1) & (np.abs(self.hour_cy[g, h0:h1] - cy) <= 1)
        return int(self.hourly[g, h0:h1][near].sum())


class TrafficGrid:
    """Fixes heard per 0.5 degree cell and clock hour, counted as gap-v1's coverage check counts them."""

    CELL, SLOT = 0.5, 3600.0
    LON0, LAT0, WIDTH, HEIGHT = 100.0, 15.0, 100, 70

    def __init__(self, horizon: float, offset: float = 0.0) -> None:
        # ``offset``: seconds from the last whole UTC hour to the scenario's start, so that slots are
        # the clock hours gap-v1 uses (floor(epoch / 3600)), whatever the start.
        self.offset = offset
        self.counts = np.zeros((self.WIDTH, self.HEIGHT, int(np.ceil((horizon + offset) / self.SLOT)) + 1), np.int32)

    @classmethod
    def cells(cls, lat, lon):
        cx = np.clip(np.floor((np.asarray(lon) - cls.LON0) / cls.CELL).astype(int), 0, cls.WIDTH - 1)
        cy = np.clip(np.floor((np.asarray(lat) - cls.LAT0) / cls.CELL).astype(int), 0, cls.HEIGHT - 1)
        return cx, cy

    def hour(self, t):
        return (np.asarray(t) + self.offset) // self.SLOT

    def feed(self, t: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        cx, cy = self.cells(lat, lon)
        np.add.at(self.counts, (cx, cy, self.hour(t).astype(int)), 1)

    def coverage(self, lat: float, lon: float, start: float, end: float, own_before: int = 0,
                 before_hours: int = 12) -> tuple[float, int]:
        """(ratio, neighbours' fixes before), as gap-v1 computes them: the other vessels' fixes per hour
        in the 3x3 cells around the start, over the hours wholly inside the silence, against their rate
        in the ``before_hours`` clock hours before the hour it began. ``own_before``: the silent vessel's
        own fixes in those hours and cells, taken off. Not judged (ratio inf) when gap-v1 would not judge."""
        cx, cy = self.cells(lat, lon)
        block = self.counts[max(cx - 1, 0):cx + 2, max(cy - 1, 0):cy + 2].sum(axis=(0, 1))
        h0, h1 = int(self.hour(start)), int(self.hour(end))
        b0 = max(h0 - before_hours, 0)
        neighbours_before = max(int(block[b0:h0].sum()) - own_before, 0)
        hours_before, hours_during = h0 - b0, h1 - h0 - 1
        if hours_before <= 0 or hours_during <= 0:
            return float("inf"), neighbours_before
        during = block[h0 + 1:h1].sum() / hours_during
        before = neighbours_before / hours_before
        return (float(during / before) if before > 0 else float("inf")), neighbours_before


def iso(start: datetime, seconds: float) -> str:
    return (start + timedelta(seconds=round(float(seconds)))).strftime("%Y-%m-%dT%H:%M:%SZ")
