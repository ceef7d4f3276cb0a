"""The per-track Python baseline the detection benchmark compares with.

It is what an analyst writes with pandas when there is no engine: group the positions by vessel,
sort each track, then walk it — gaps with ``diff`` (as MovingPandas' ObservationGapSplitter cuts
tracks), stops with a sliding window over the track (as MovingPandas' TrajectoryStopDetector:
the vessel stays within ``max_diameter`` metres for at least ``min_duration``). Same thresholds as
gap-v1 (6 h) and loitering-v1 (slow for 4 h, taken as staying within a 2 km diameter).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

EARTH_RADIUS_M = 6_371_008.8


def _dist_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def track_gaps(ts: np.ndarray, min_gap_s: float) -> list[tuple[int, int]]:
    secs = ts.astype("datetime64[s]").astype(np.int64)
    idx = np.nonzero(np.diff(secs) >= min_gap_s)[0]
    return [(int(i), int(i) + 1) for i in idx]


def track_stops(ts: np.ndarray, lat: np.ndarray, lon: np.ndarray, max_diameter_m: float,
                min_duration_s: float) -> list[tuple[int, int]]:
    """Stops as MovingPandas finds them: a window that stays within the diameter for the duration."""
    secs = ts.astype("datetime64[s]").astype(np.int64)
    stops = []
    start = 0
    n = len(secs)
    j = 0
    while j < n:
        # the window [start, j] must fit in a circle of max_diameter around its first point
        if _dist_m(lat[start], lon[start], lat[j], lon[j]) > max_diameter_m / 2:
            if secs[j - 1] - secs[start] >= min_duration_s:
                stops.append((start, j - 1))
            start = j if secs[j - 1] - secs[start] >= min_duration_s else start + 1
            if start > j:
                j = start
            continue
        j += 1
    if n and secs[n - 1] - secs[start] >= min_duration_s:
        stops.append((start, n - 1))
    return stops


def run_baseline(frame: pd.DataFrame, min_gap_hours: float = 6.0, stop_hours: float = 4.0,
                 stop_diameter_m: float = 2000.0) -> dict[str, int]:
    gaps = stops = 0
    for _mmsi, track in frame.groupby("mmsi", sort=True):
        track = track.sort_values("ts", kind="stable")
        ts = track["ts"].to_numpy()
        gaps += len(track_gaps(ts, min_gap_hours * 3600))
        stops += len(track_stops(ts, track["lat"].to_numpy(), track["lon"].to_numpy(), stop_diameter_m,
                                 stop_hours * 3600))
    return {"gaps": gaps, "stops": stops}
