"""Plans to reports, vectorised over a chunk of vessels and a slice of time.

All vessels of a chunk are laid end to end on one time axis (vessel ``i`` shifted by ``i * SHIFT``),
so one ``np.interp``/``np.searchsorted`` call serves them all. What a receiver hears is then cut by
the vessel's AIS-off intervals, the receiver outages (holes) and random message loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sanctionwatch.maritime.scenario import world
from sanctionwatch.maritime.scenario.plan import MOORED, Vessel

SHIFT = 1.0e8                      # seconds between two vessels on the shared axis (> any window)
STATIC_INTERVAL = 360.0            # type 5 / 24 every 6 minutes (ITU-R M.1371)
LOSS = 0.03                        # share of messages lost at random
POSITION_NOISE_DEG = 8e-5          # GPS jitter, about 9 m


@dataclass(frozen=True)
class Hole:
    id: str
    box: tuple[float, float, float, float]
    start: float
    end: float
    label: str


@dataclass
class ChunkIndex:
    """The chunk's knots, AIS-on intervals and static variants on the shared axis."""
    vessels: list[Vessel]
    knot_g: np.ndarray
    knot_lat: np.ndarray
    knot_lon: np.ndarray
    seg_speed: np.ndarray
    seg_course: np.ndarray
    seg_status: np.ndarray
    on_start: np.ndarray
    on_end: np.ndarray
    variant_g: np.ndarray
    variant_id: np.ndarray

    @classmethod
    def build(cls, vessels: list[Vessel], horizon: float, variants: dict[int, list[tuple[float, int]]]) -> "ChunkIndex":
        kg, la, lo, sp, co, st, ons, one, vg, vid = ([] for _ in range(10))
        for i, v in enumerate(vessels):
            t, lat, lon, status = v.arrays()
            shift = i * SHIFT
            kg.append(t + shift); la.append(lat); lo.append(lon); st.append(status)
            dt = np.diff(t)
            km = world.haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:])
            speed = np.where(dt > 0, km / world.KM_PER_NM / np.maximum(dt, 1e-9) * 3600.0, 0.0)
            course = world.bearing_deg(lat[:-1], lon[:-1], lat[1:], lon[1:])
            sp.append(np.append(speed, 0.0)); co.append(np.append(course, 0.0))
            spans = v.on_intervals(horizon)
            ons.append(np.array([a for a, _ in spans], float) + shift)
            one.append(np.array([b for _, b in spans], float) + shift)
            starts = variants[id(v)]
            vg.append(np.array([max(s, -SHIFT / 4) for s, _ in starts], float) + shift)
            vid.append(np.array([k for _, k in starts], np.int64))
        cat = np.concatenate
        return cls(vessels, cat(kg), cat(la), cat(lo), cat(sp), cat(co), cat(st).astype(np.int32),
                   cat(ons), cat(one), cat(vg), cat(vid))


def _times(rng, vessels: list[Vessel], a: float, b: float, interval: np.ndarray, phase: np.ndarray):
    k0 = np.ceil((a - phase) / interval)
    k1 = np.ceil((b - phase) / interval)
    n = np.maximum(k1 - k0, 0).astype(np.int64)
    vid = np.repeat(np.arange(len(vessels)), n)
    first = np.repeat(np.cumsum(n) - n, n)
    k = k0[vid] + (np.arange(vid.size) - first)
    # jitter below half an interval keeps every vessel's reports in order
    t = np.round(phase[vid] + k * interval[vid] + rng.uniform(-0.25, 0.25, vid.size) * interval[vid])
    inside = (t >= a) & (t < b)          # a report jittered across midnight is lost, as at any receiver
    return vid[inside], t[inside]


def _heard(rng, idx: ChunkIndex, vid: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray,
           holes: list[Hole]) -> np.ndarray:
    tg = t + vid * SHIFT
    j = np.searchsorted(idx.on_start, tg, side="right") - 1
    keep = (j >= 0) & (tg < idx.on_end[np.maximum(j, 0)]) & (tg >= idx.on_start[np.maximum(j, 0)])
    for hole in holes:
        during = (t >= hole.start) & (t < hole.end)
        if not during.any():
            continue
        inside = world.in_box(lat, lon, hole.box)
        ring = world.in_box(lat, lon, world.ring_box(hole.box)) & ~inside
        keep &= ~(during & (inside | (ring & (rng.random(t.size) >= world.RING_RECEPTION))))
    keep &= rng.random(t.size) >= LOSS
    return keep


def positions(rng: np.random.Generator, idx: ChunkIndex, a: float, b: float, holes: list[Hole]) -> dict[str, np.ndarray]:
    """Position reports heard in [a, b) from the chunk's vessels, sorted by time then MMSI."""
    vs = idx.vessels
    interval = np.array([v.interval for v in vs])
    phase = np.array([v.extra["phase"] for v in vs])
    vid, t = _times(rng, vs, a, b, interval, phase)
    tg = t + vid * SHIFT
    seg = np.clip(np.searchsorted(idx.knot_g, tg, side="right") - 1, 0, idx.knot_g.size - 1)
    lat = np.interp(tg, idx.knot_g, idx.knot_lat)
    lon = np.interp(tg, idx.knot_g, idx.knot_lon)
    keep = _heard(rng, idx, vid, t, lat, lon, holes)
    vid, t, seg, lat, lon = vid[keep], t[keep], seg[keep], lat[keep], lon[keep]
    lat = lat + rng.normal(0, POSITION_NOISE_DEG, lat.size)
    lon = lon + rng.normal(0, POSITION_NOISE_DEG, lon.size) / np.cos(np.radians(lat))
    for j, v in enumerate(vs):
        for t_o, dlat, dlon in v.outliers:
            if not a <= t_o < b:
                continue
            hit = np.nonzero((vid == j) & (t >= t_o))[0]
            if hit.size and t[hit[0]] < t_o + 1800:
                lat[hit[0]] += dlat
                lon[hit[0]] += dlon
    status = idx.seg_status[seg]
    moored = status == MOORED
    sog = np.where(moored, np.abs(rng.normal(0, 0.03, t.size)),
                   np.maximum(idx.seg_speed[seg] + rng.normal(0, 0.15, t.size), 0.0))
    cog = np.where(moored, rng.uniform(0, 360, t.size), idx.seg_course[seg] + rng.normal(0, 1.5, t.size)) % 360
    moored_heading = np.array([v.extra["moored_heading"] for v in vs])[vid]
    heading = np.where(moored, moored_heading, np.round(cog + rng.normal(0, 3, t.size)) % 360).astype(np.int32)
    class_b = np.array([v.ais_class == "B" for v in vs])[vid]
    mmsi = np.array([v.mmsi for v in vs], np.int64)[vid]
    order = np.lexsort((mmsi, t))
    return {
        "vid": vid[order], "t": t[order], "mmsi": mmsi[order], "lat": np.round(lat[order], 6),
        "lon": np.round(lon[order], 6), "sog": np.round(np.minimum(sog[order], 102.2), 1),
        "cog": np.round(cog[order], 1) % 360, "heading": heading[order], "status": status[order],
        "class_b": class_b[order], "variant": _variant(idx, vid[order], t[order]),
    }


def statics(rng: np.random.Generator, idx: ChunkIndex, a: float, b: float, holes: list[Hole]) -> dict[str, np.ndarray]:
    """Static reports (type 5 for class A, type 24 for class B) heard in [a, b)."""
    vs = idx.vessels
    interval = np.full(len(vs), STATIC_INTERVAL)
    phase = np.array([v.extra["static_phase"] for v in vs])
    vid, t = _times(rng, vs, a, b, interval, phase)
    tg = t + vid * SHIFT
    lat = np.interp(tg, idx.knot_g, idx.knot_lat)
    lon = np.interp(tg, idx.knot_g, idx.knot_lon)
    keep = _heard(rng, idx, vid, t, lat, lon, holes)
    vid, t = vid[keep], t[keep]
    mmsi = np.array([v.mmsi for v in vs], np.int64)[vid]
    order = np.lexsort((mmsi, t))
    vid, t = vid[order], t[order]
    return {"vid": vid, "t": t, "mmsi": mmsi[order], "variant": _variant(idx, vid, t),
            "class_b": np.array([v.ais_class == "B" for v in vs])[vid]}


def _variant(idx: ChunkIndex, vid: np.ndarray, t: np.ndarray) -> np.ndarray:
    j = np.searchsorted(idx.variant_g, t + vid * SHIFT, side="right") - 1
    return idx.variant_id[np.maximum(j, 0)]
