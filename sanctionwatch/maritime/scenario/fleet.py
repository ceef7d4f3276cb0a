"""Background traffic: cargo ships and tankers calling at the region's ports, fishing fleets.

Nothing here may produce an event of a scored type by accident: lane vessels are only slow in port
(where the port rules explain them), keep clear of watched ports they do not call at, and never
go silent; fishing vessels work in formation at least 1.5 km apart and are excluded from loitering
by their ship type. Port calls at watched ports are real port visits and go into the truth.
"""

from __future__ import annotations

import math

import numpy as np

from sanctionwatch.maritime.scenario import world
from sanctionwatch.maritime.scenario.plan import FISHING, MOORED, Identity, Track, Vessel

HARBOUR_KM = 6.0          # inside this radius a ship runs at harbour speed
HARBOUR_KNOTS = 6.0


class MmsiPool:
    """Unique MMSIs with a given MID (the first three digits name the flag), and unique IMO numbers."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[int] = set()
        self.imos: set[int] = set()

    def imo(self) -> int:
        return world.random_imo(self.rng, self.imos)

    def take(self, mid: int) -> int:
        while True:
            mmsi = mid * 1_000_000 + int(self.rng.integers(0, 1_000_000))
            if mmsi not in self.used:
                self.used.add(mmsi)
                return mmsi


def berth(rng: np.random.Generator, port: str, min_km: float = 0.4, max_km: float = 1.8) -> tuple[float, float]:
    p = world.PORTS[port]
    r, a = rng.uniform(min_km, max_km), rng.uniform(0, 2 * math.pi)
    return world.offset(p.lat, p.lon, r * math.sin(a), r * math.cos(a))


def voyage(track: Track, rng: np.random.Generator, a: str, b: str, knots: float,
           to_berth: tuple[float, float] | None = None) -> tuple[float, float]:
    """Sail from the current berth at port ``a`` to a berth at ``b``; returns the berth."""
    points = world.lane(a, b)
    shift = rng.uniform(-0.02, 0.02, size=2)           # each ship keeps its own line in the lane
    points = [(lat + shift[0], lon + shift[1]) for lat, lon in points]
    dest = to_berth or berth(rng, b)
    track.destination(world.PORTS[b].name)
    out = world.towards(track.lat, track.lon, *points[0], HARBOUR_KM)
    track.go(*out, HARBOUR_KNOTS)
    track.route(points, knots)
    inbound = world.towards(dest[0], dest[1], *points[-1], HARBOUR_KM)
    track.go(*inbound, knots)
    track.go(*dest, HARBOUR_KNOTS)
    return dest


def new_vessel(rng: np.random.Generator, pool: MmsiPool, role: str, flag: str | None = None,
               ship_type: int | None = None, ais_class: str = "A", mid: int | None = None,
               name: str | None = None, imo: int | None | str = "random") -> Vessel:
    if mid is None:
        flags = flag or str(rng.choice(["CN", "CN", "KR", "JP", "PA", "PA", "LR", "MH", "HK", "RU"]))
        mid = int(rng.choice(world.MID_BY_FLAG[flags]))
    ship_type = ship_type or int(rng.choice([70, 70, 80, 79, 89]))
    length = float(rng.integers(90, 260)) if ship_type != 30 else float(rng.integers(25, 60))
    interval = float(rng.uniform(90, 150) if ais_class == "A" else rng.uniform(180, 300))
    ident = Identity(-1e12, name or world.random_name(rng), world.call_sign(rng, mid),
                     pool.imo() if imo == "random" else imo)
    return Vessel(mmsi=pool.take(mid), role=role, ship_type=ship_type, length=length,
                  width=round(length / 6.5), ais_class=ais_class, interval=interval, identities=[ident])


def sail_lanes(v: Vessel, rng: np.random.Generator, horizon: float, port: str | None = None,
               ports: tuple[str, ...] | None = None, first_stay: float | None = None,
               start: float | None = None, at: tuple[float, float] | None = None) -> Vessel:
    """Port to port along the lanes until past the horizon, with port stays of 6-30 hours."""
    network = ports or tuple(world.PORTS)
    callable_ports = [p for p in network if not p.startswith("kp-") and world.neighbours(p)]
    port = port or str(rng.choice(callable_ports))
    knots = float(rng.uniform(10.0, 15.0))
    t0 = start if start is not None else -float(rng.uniform(0, 40 * 3600))
    here = at or berth(rng, port)
    track = Track(v, t0, *here)
    track.destination(world.PORTS[port].name)
    stay = first_stay if first_stay is not None else float(rng.uniform(4, 24))
    while True:
        arrived = track.t
        track.stay(stay, MOORED)
        v.stays.append((port, arrived, track.t))
        if track.t > horizon + 3600:
            break
        options = [p for p in world.neighbours(port) if p in network]
        nxt = str(rng.choice(options))
        voyage(track, rng, port, nxt, knots)
        port, stay = nxt, float(rng.uniform(6, 30))
    return v


def fishing_fleet(rng: np.random.Generator, pool: MmsiPool, ground: world.Ground, members: int,
                  horizon: float, hauling: tuple[float, float] | None = None) -> list[Vessel]:
    """A fleet working ``ground`` in formation: every member follows the same zig-zag from its own
    slot of a grid spaced 2.5-3 km, so members never come within 1.5 km of each other.
    ``hauling`` = (start, hours): the whole fleet drifts slowly (a near miss for loitering)."""
    w, s, e, n = ground.box
    lat, lon = rng.uniform(s, n), rng.uniform(w, e)
    t = -3600.0
    times, lats, lons, statuses = [t], [lat], [lon], [FISHING]
    heading = rng.uniform(0, 360)
    while t < horizon + 3600:
        minutes = rng.uniform(20, 40)
        knots = rng.uniform(2.5, 4.5)
        if hauling and t <= hauling[0] < t + minutes * 60:
            # finish this leg at the hauling start, then drift
            minutes = (hauling[0] - t) / 60.0
            knots = max(knots, 2.5)
        heading = (heading + rng.uniform(-70, 70)) % 360
        if not (w <= lon <= e and s <= lat <= n):
            heading = float(world.bearing_deg(lat, lon, (s + n) / 2, (w + e) / 2))
        km = knots * world.KM_PER_NM * minutes / 60.0
        lat, lon = world.offset(lat, lon, km * math.sin(math.radians(heading)), km * math.cos(math.radians(heading)))
        t += minutes * 60.0
        times.append(t); lats.append(lat); lons.append(lon); statuses.append(FISHING)
        if hauling and abs(t - hauling[0]) < 1.0:
            drift_knots, bearing = rng.uniform(0.5, 1.2), rng.uniform(0, 360)
            km = drift_knots * world.KM_PER_NM * hauling[1]
            lat, lon = world.offset(lat, lon, km * math.sin(math.radians(bearing)), km * math.cos(math.radians(bearing)))
            t += hauling[1] * 3600.0
            times.append(t); lats.append(lat); lons.append(lon); statuses.append(FISHING)
    cols = max(3, math.ceil(math.sqrt(members)))
    spacing = rng.uniform(2.5, 3.0)      # > 1.5 km + 10 minutes at 4.5 kn: apart even in 10-minute bin means
    fleet = []
    for i in range(members):
        dx, dy = (i % cols) * spacing, (i // cols) * spacing
        cls = "B" if rng.random() < 0.6 else "A"
        v = new_vessel(rng, pool, "fishing", ship_type=30, ais_class=cls, mid=ground.mid,
                       name=_fishing_name(rng, ground.mid), imo=None)
        for tt, la, lo, st in zip(times, lats, lons, statuses):
            la2, lo2 = world.offset(la, lo, dx, dy)
            v.knot_t.append(tt); v.knot_lat.append(la2); v.knot_lon.append(lo2); v.knot_status.append(st)
        v.destinations.append((times[0], "FISHING GROUND"))
        v.extra["ground"] = ground.id
        fleet.append(v)
    return fleet


def _fishing_name(rng: np.random.Generator, mid: int) -> str:
    prefix = {412: "LU RONG YU", 413: "ZHE DAI YU", 273: "VOSTOK", 440: "DAE JIN", 441: "HAN SOL"}.get(mid, "FV")
    return f"{prefix} {int(rng.integers(100, 9999))}"
