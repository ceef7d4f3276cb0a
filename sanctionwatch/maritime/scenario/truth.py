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
                      f"{v.label or v.role} at {port.name}" if v.label else f"call at {port.name}")


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

    def __init__(self, count: int) -> None:
        self.last = np.full(count, np.nan)
        self.last_lat = np.zeros(count)
        self.last_lon = np.zeros(count)
        self.silences: list[tuple[int, float, float, float, float]] = []

    def feed(self, global_ids: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        if t.size == 0:
            return
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


class TrafficGrid:
    """Fixes heard per 0.5 degree cell and 10 minutes: what gap-v1's coverage check looks at."""

    CELL, SLOT = 0.5, 600.0
    LON0, LAT0, WIDTH, HEIGHT = 100.0, 15.0, 100, 70

    def __init__(self, horizon: float) -> None:
        self.counts = np.zeros((self.WIDTH, self.HEIGHT, int(np.ceil(horizon / self.SLOT)) + 1), np.int32)

    def _cells(self, lat, lon):
        cx = np.clip(np.floor((np.asarray(lon) - self.LON0) / self.CELL).astype(int), 0, self.WIDTH - 1)
        cy = np.clip(np.floor((np.asarray(lat) - self.LAT0) / self.CELL).astype(int), 0, self.HEIGHT - 1)
        return cx, cy

    def feed(self, t: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        cx, cy = self._cells(lat, lon)
        np.add.at(self.counts, (cx, cy, (t // self.SLOT).astype(int)), 1)

    def ratio(self, lat: float, lon: float, start: float, end: float, before_hours: float = 12.0) -> float:
        """Neighbours' fixes per hour during [start, end) over the rate in the hours before (3x3 cells);
        the silent vessel itself adds nothing during and little before."""
        cx, cy = self._cells(lat, lon)
        block = self.counts[max(cx - 1, 0):cx + 2, max(cy - 1, 0):cy + 2].sum(axis=(0, 1))
        s0, s1 = int(start // self.SLOT) + 1, int(end // self.SLOT)
        b0 = max(int((start - before_hours * 3600) // self.SLOT), 0)
        during = block[s0:s1].sum() / max(s1 - s0, 1)
        before = block[b0:s0 - 1].sum() / max(s0 - 1 - b0, 1)
        return float(during / before) if before > 0 else float("inf")


def iso(start: datetime, seconds: float) -> str:
    return (start + timedelta(seconds=round(float(seconds)))).strftime("%Y-%m-%dT%H:%M:%SZ")
