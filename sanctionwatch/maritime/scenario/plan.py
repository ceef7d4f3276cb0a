"""A vessel's plan: where it is when (a piecewise-linear track), when its AIS is on, what it says.

Times are seconds from the scenario's start. The sampler turns plans into reports; everything the
truth says is computed from the same plans, so truth and data cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sanctionwatch.maritime.scenario.world import KM_PER_NM, haversine_km

UNDER_WAY, AT_ANCHOR, MOORED, FISHING = 0, 1, 5, 7


@dataclass
class Identity:
    """What the vessel's static reports say from ``since`` on."""
    since: float
    name: str
    call_sign: str
    imo: int | None


@dataclass
class Vessel:
    mmsi: int
    role: str                    # lane | fishing | planted role (dark_tanker, sts, clone...)
    ship_type: int               # ITU code: 30 fishing, 70 cargo, 80 tanker
    length: float
    width: float
    ais_class: str               # "A" | "B"
    interval: float              # seconds between position reports
    identities: list[Identity]
    knot_t: list[float] = field(default_factory=list)
    knot_lat: list[float] = field(default_factory=list)
    knot_lon: list[float] = field(default_factory=list)
    knot_status: list[int] = field(default_factory=list)          # status of the segment starting here
    destinations: list[tuple[float, str]] = field(default_factory=list)
    on: list[tuple[float, float]] | None = None                    # AIS on intervals; None = always
    outliers: list[tuple[float, float, float]] = field(default_factory=list)   # (t, dlat, dlon)
    stays: list[tuple[str, float, float]] = field(default_factory=list)        # (port id, moored from, to)
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    hull: str = ""               # distinguishes two ships sharing one MMSI

    @property
    def flag_mid(self) -> int:
        return self.mmsi // 1_000_000

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (np.asarray(self.knot_t, float), np.asarray(self.knot_lat, float),
                np.asarray(self.knot_lon, float), np.asarray(self.knot_status, np.int32))

    def position_at(self, t) -> tuple[np.ndarray, np.ndarray]:
        kt, la, lo, _ = self.arrays()
        return np.interp(t, kt, la), np.interp(t, kt, lo)

    def on_intervals(self, horizon: float) -> list[tuple[float, float]]:
        start, end = self.knot_t[0], self.knot_t[-1]
        spans = self.on if self.on is not None else [(start, end)]
        return [(max(a, start, 0.0), min(b, end, horizon)) for a, b in spans
                if min(b, end, horizon) > max(a, start, 0.0)]


class Track:
    """Builds a vessel's knots move by move."""

    def __init__(self, vessel: Vessel, t: float, lat: float, lon: float) -> None:
        self.v = vessel
        self.t, self.lat, self.lon = float(t), float(lat), float(lon)
        self._knot(UNDER_WAY)

    def _knot(self, status: int) -> None:
        v = self.v
        if v.knot_t and v.knot_t[-1] == self.t:
            v.knot_lat[-1], v.knot_lon[-1] = self.lat, self.lon
        else:
            v.knot_t.append(self.t)
            v.knot_lat.append(self.lat)
            v.knot_lon.append(self.lon)
            v.knot_status.append(status)
        # the status recorded at a knot describes the segment that starts there
        v.knot_status[-1] = status

    def go(self, lat: float, lon: float, knots: float, status: int = UNDER_WAY) -> "Track":
        km = float(haversine_km(self.lat, self.lon, lat, lon))
        self.v.knot_status[-1] = status
        self.t += km / (knots * KM_PER_NM) * 3600.0
        self.lat, self.lon = lat, lon
        self._knot(UNDER_WAY)
        return self

    def route(self, points: list[tuple[float, float]], knots: float) -> "Track":
        for lat, lon in points:
            self.go(lat, lon, knots)
        return self

    def stay(self, hours: float, status: int = MOORED) -> "Track":
        self.v.knot_status[-1] = status
        self.t += hours * 3600.0
        self._knot(UNDER_WAY)
        return self

    def drift(self, hours: float, knots: float, bearing: float, status: int = UNDER_WAY) -> "Track":
        km = knots * KM_PER_NM * hours
        b = np.radians(bearing)
        dlat = km * np.cos(b) / 111.195
        dlon = km * np.sin(b) / (111.195 * np.cos(np.radians(self.lat)))
        self.v.knot_status[-1] = status
        self.t += hours * 3600.0
        self.lat, self.lon = self.lat + float(dlat), self.lon + float(dlon)
        self._knot(UNDER_WAY)
        return self

    def destination(self, text: str) -> "Track":
        self.v.destinations.append((self.t, text))
        return self
