"""Planted evasion and near misses. Each planted vessel carries its story; each story adds truth.

Thresholds the stories respect (the detectors' agreed defaults): gap >= 6 h (disabling >= 12 h);
encounter within 500 m for >= 2 h below 2 kn; loitering below 2 kn for >= 4 h; port visit within
3 km of a watched port; identity jumps above 50 kn over more than 10 km. Planted events clear them
with margin, near misses miss them clearly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.scenario import world
from sanctionwatch.maritime.scenario.fleet import HARBOUR_KM, HARBOUR_KNOTS, berth, new_vessel, sail_lanes, voyage
from sanctionwatch.maritime.scenario.plan import AT_ANCHOR, MOORED, Identity, Track, Vessel

H = 3600.0

# Real identities (UN 1718 Designated Vessels List; OFAC SDN for LADY R, IMO 9161003).
CHON_MA_SAN = ("CHON MA SAN", 8660313)
SAM_MA_2 = ("SAM MA 2", 8106496)
LADY_R = ("LADY R", 9161003)
_KP_NAMES = ("PAEK YANG SAN", "RYONG BONG 3", "KUM JIN GANG 7", "MYO HYANG 5", "CHOL SAN BONG", "SO HUNG 2")


@dataclass
class Truth:
    entries: list[dict] = field(default_factory=list)

    def add(self, type_: str, vessels: list[int], start: float, end: float, label: str,
            negative: bool = False, optional: bool = False) -> None:
        entry = {"type": type_, "vessels": sorted(set(vessels)), "start": float(start),
                 "end": float(end), "label": label, "negative": negative}
        if optional:
            entry["optional"] = True
        self.entries.append(entry)


@dataclass
class Plot:
    """Where planted stories happen: each claims a spot for a time, and spots keep apart."""
    rng: np.random.Generator
    horizon: float
    claims: list[tuple[float, float, float, float]] = field(default_factory=list)

    def spot(self, box: tuple[float, float, float, float], t0: float, t1: float, km: float = 15.0):
        w, s, e, n = box
        for _ in range(500):
            lat, lon = self.rng.uniform(s, n), self.rng.uniform(w, e)
            if all(world.haversine_km(lat, lon, la, lo) > km or t1 < a or t0 > b
                   for la, lo, a, b in self.claims):
                self.claims.append((lat, lon, t0 - 6 * H, t1 + 6 * H))
                return float(lat), float(lon)
        raise ConfigError(f"scenario: no free spot left in {box} for another planted event (too many vessels "
                          f"for the window; use more days)")


def _kp(rng, pool, role, designated: tuple[str, int] | None, i: int, ship_type: int = 80) -> Vessel:
    name, imo = designated if designated else (_KP_NAMES[i % len(_KP_NAMES)], pool.imo())
    v = new_vessel(rng, pool, role, ship_type=ship_type, mid=445, name=name, imo=imo)
    v.length, v.width = (float(rng.integers(70, 110)), 14.0)
    return v


def dark_tanker(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(1) A DPRK tanker seen in the Nampho approaches, dark for days, seen there again."""
    v = _kp(rng, pool, "dark_tanker", CHON_MA_SAN if i == 0 else None, i)
    dark = min(max(0.4 * horizon, 14 * H), 60 * H)
    t_off = max(14 * H, rng.uniform(0.15, 0.25) * horizon)
    # gap start stays within reach (0.75 degrees) of the Korea Bay fishing fleet, whose steady
    # reports show the silence is the tanker's, not the receiver's
    off = plot.spot((124.75, 38.52, 124.95, 38.7), t_off - 2 * H, t_off + dark + 2 * H, km=8)
    on = world.offset(*off, float(rng.uniform(-6, 6)), float(rng.uniform(-6, 3)))
    dalian = berth(rng, "cn-dalian")
    knots = float(rng.uniform(8, 10))
    via = (38.55, 123.6)
    leg_km = (world.haversine_km(*dalian, *via) + world.haversine_km(*via, *off))
    t_dep = t_off - float(leg_km) / (knots * world.KM_PER_NM) * H
    track = Track(v, t_dep - 20 * H, *dalian).destination("NAMPO")
    track.stay(20, MOORED)
    track.route([via, off], knots)
    nampho = berth(rng, "kp-nampho", 0.8, 2.0)
    track.go(*nampho, knots)
    back = (world.haversine_km(*nampho, *on)) / (knots * world.KM_PER_NM) * H
    track.stay(max(0.5, (t_off + dark - track.t - back) / H), MOORED)
    track.go(*on, knots).destination("DALIAN")
    t_on = track.t
    track.route([via, dalian], knots)
    track.stay(max(1.0, (horizon - track.t) / H + 2), MOORED)
    v.on = [(-1e12, t_off), (t_on, 1e12)]
    v.label = "designated DPRK tanker dark near Nampho" if i == 0 else "DPRK tanker dark near Nampho"
    truth.add("gap", [v.mmsi], t_off, t_on, f"{v.label}: AIS off {(t_on - t_off) / H:.0f} h")
    return [v]


def sts_pair(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(2) Ship-to-ship transfer in the East China Sea hot spot: 100-300 m apart below 1 kn for 4-8 h."""
    a = _kp(rng, pool, "sts_receiver", SAM_MA_2 if i == 0 else None, i + 2)
    b = new_vessel(rng, pool, "sts_supplier", ship_type=80, mid=int(rng.choice([351, 352, 667, 671])))
    hours = float(rng.uniform(4.5, 7.5))
    t_meet = float(rng.uniform(0.35, 0.6)) * horizon
    lat, lon = plot.spot((124.7, 30.2, 126.4, 31.6), t_meet - 2 * H, t_meet + hours * H + 2 * H, km=20)
    drift_kn, drift_dir = float(rng.uniform(0.2, 0.6)), float(rng.uniform(0, 360))
    # A waits 25 min before B is alongside and 20 min after it leaves: loitering stays mostly inside
    # the encounter, so loitering-v1 attributes it to the encounter.
    wait, linger = 25 / 60, 20 / 60
    in_a = world.offset(lat, lon, -110.0, 140.0)              # from the north-west
    a_knots = float(rng.uniform(9, 11))
    ta = Track(a, 0, *in_a)
    ta.t = t_meet - wait * H - float(world.haversine_km(*in_a, lat, lon)) / (a_knots * world.KM_PER_NM) * H
    a.knot_t[0] = ta.t
    ta.destination("NAMPO").go(lat, lon, a_knots)
    ta.drift(wait + hours + linger, drift_kn, drift_dir, AT_ANCHOR)
    ta.go(*world.offset(ta.lat, ta.lon, -120.0, 120.0), a_knots)
    a.on = [(a.knot_t[0] + 0.5 * H, ta.t - 0.5 * H)]
    # B: alongside A (offset perpendicular to the drift) from t_meet to t_meet + hours
    sep_km = float(rng.uniform(0.12, 0.28))
    perp = math.radians(drift_dir + 90)
    def beside(t):
        la, lo = a.position_at(t)
        return world.offset(float(la), float(lo), sep_km * math.sin(perp), sep_km * math.cos(perp))
    start_b = beside(t_meet)
    in_b = world.offset(*start_b, 120.0, -110.0)             # from the south-east
    b_knots = float(rng.uniform(9, 11))
    approach = world.towards(*start_b, *in_b, 2.0)
    tb = Track(b, 0, *in_b)
    tb.t = (t_meet - 2.0 / (3.0 * world.KM_PER_NM) * H
            - float(world.haversine_km(*in_b, *approach)) / (b_knots * world.KM_PER_NM) * H)
    b.knot_t[0] = tb.t
    tb.destination("OPEN SEA").go(*approach, b_knots).go(*start_b, 3.0)
    end_b = beside(t_meet + hours * H)
    tb.go(*end_b, float(world.haversine_km(*start_b, *end_b)) / world.KM_PER_NM / hours + 1e-6, AT_ANCHOR)
    tb.go(*world.offset(tb.lat, tb.lon, 120.0, -110.0), b_knots)
    b.on = [(b.knot_t[0] + 0.5 * H, tb.t - 0.5 * H)]
    a.label = b.label = "STS transfer in the East China Sea hot spot"
    truth.add("encounter", [a.mmsi, b.mmsi], t_meet, t_meet + hours * H,
              f"{a.label}: {sep_km * 1000:.0f} m apart at {drift_kn:.1f} kn for {hours:.1f} h")
    return [a, b]


def loiter_dark_partner(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(3) A tanker slow for 5-8 h in the Cho-do box beside a partner whose AIS is off."""
    c = new_vessel(rng, pool, "loiterer", ship_type=80, mid=int(rng.choice([671, 667, 353])))
    hours = float(rng.uniform(5.5, 8.0))
    t_l = float(rng.uniform(0.3, 0.7)) * horizon
    lat, lon = plot.spot((124.95, 38.38, 125.3, 38.5), t_l - 2 * H, t_l + hours * H + 2 * H, km=10)
    knots = float(rng.uniform(9, 11))
    come = (38.45, 123.4)
    track = Track(c, 0, *come)
    track.t = t_l - float(world.haversine_km(*come, lat, lon)) / (knots * world.KM_PER_NM) * H
    c.knot_t[0] = track.t
    track.destination("NAMPO").go(lat, lon, knots)
    track.drift(hours, float(rng.uniform(0.3, 0.9)), float(rng.uniform(0, 360)), AT_ANCHOR)
    track.go(*come, knots)
    c.on = [(c.knot_t[0] + 0.3 * H, track.t - 0.3 * H)]
    c.label = "tanker loitering in the Cho-do box beside a dark partner"
    truth.add("loitering", [c.mmsi], t_l, t_l + hours * H, f"{c.label}: {hours:.1f} h")
    partner = new_vessel(rng, pool, "dark_partner", ship_type=80, mid=445, name=_KP_NAMES[(i + 4) % 6])
    partner.label = "the loiterer's partner, AIS off throughout (never transmits)"
    partner.knot_t, partner.knot_lat, partner.knot_lon, partner.knot_status = [t_l, t_l + hours * H], [lat] * 2, [lon] * 2, [1, 1]
    partner.on = []
    return [c, partner]


def cloned_mmsi(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(4) One MMSI on two hulls: a Chinese coaster in the Bohai/Yellow Sea and a clone far south."""
    e = new_vessel(rng, pool, "clone_original", ship_type=70, mid=413)
    sail_lanes(e, rng, horizon, ports=("cn-qingdao", "cn-tianjin", "cn-dalian", "cn-yantai"))
    hours = min(max(26.0, 0.3 * horizon / H), horizon / H - 8)
    t_c = float(rng.uniform(4 * H, horizon - hours * H - 2 * H))
    f = Vessel(mmsi=e.mmsi, role="clone_copy", ship_type=e.ship_type, length=e.length + 7, width=e.width,
               ais_class="A", interval=float(rng.uniform(90, 150)), identities=list(e.identities),
               hull="clone")
    knots = float(rng.uniform(10, 12))
    loop = [(32.6, 123.0), (30.9, 123.6), (31.3, 126.2), (32.9, 125.2)]
    start = int(rng.integers(0, 4))
    track = Track(f, t_c - 0.5 * H, *loop[start]).destination("SHANGHAI")
    k = start
    while track.t < t_c + hours * H + H:
        k = (k + 1) % 4
        track.go(*loop[k], knots)
    f.on = [(t_c, t_c + hours * H)]
    e.label = f.label = "one MMSI broadcast by two ships 800 km apart"
    truth.add("identity", [e.mmsi], t_c, t_c + hours * H, f"{e.label} for {hours:.0f} h")
    return [e, f]


def lady_r(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(5) Rajin to Vostochny with AIS off at sea: seen in Rajin, dark for 14 h, seen at Vostochny."""
    name, imo = LADY_R if i == 0 else (world.random_name(rng), pool.imo())
    v = new_vessel(rng, pool, "dark_voyage", ship_type=70, mid=273, name=name, imo=imo)
    t_on = max(10 * H, float(rng.uniform(0.12, 0.22)) * horizon) + (i * 5 * H) % max(5 * H, 0.4 * horizon)
    # berth slots 700 m apart south-east of the port point, so two callers never lie within 500 m
    slot = world.offset(42.233333, 130.3, 0.5 + 0.7 * (i % 3), -0.5 - 0.7 * (i // 3 % 3))
    track = Track(v, t_on - 30 * H, *slot).destination("RAJIN")
    track.stay(32, MOORED)                               # visible for the last 2 h only
    out = [(42.15, 130.6), (42.35, 131.5), (42.62, 133.2)]
    knots = 7.5
    track.destination("VOSTOCHNY")
    track.go(*world.towards(*slot, *out[0], HARBOUR_KM), HARBOUR_KNOTS)
    t_off = track.t + 6.0 / (knots * world.KM_PER_NM) * H   # switches off 12 km out
    dest = berth(rng, "ru-vostochny")
    track.route(out, knots)
    inbound = world.towards(*dest, *out[-1], HARBOUR_KM)
    on_again_km = float(world.haversine_km(*out[-1], *inbound)) - 9.0
    t_on2 = track.t + on_again_km / (knots * world.KM_PER_NM) * H
    track.go(*inbound, knots).go(*dest, HARBOUR_KNOTS)
    arrived = track.t
    track.stay(float(rng.uniform(20, 30)), MOORED)
    v.stays.append(("ru-vostochny", arrived, track.t))
    v.stays.append(("kp-rajin", t_on - 30 * H, t_on + 2 * H))
    voyage(track, rng, "ru-vostochny", "kr-busan", 12.0)
    track.stay(max(1.0, (horizon - track.t) / H + 2), MOORED)
    v.on = [(t_on, t_off), (t_on2, 1e12)]
    v.label = "Rajin-Vostochny voyage with AIS off at sea" + (" (LADY R)" if i == 0 else "")
    truth.add("gap", [v.mmsi], t_off, t_on2, f"{v.label}: dark {(t_on2 - t_off) / H:.0f} h")
    return [v]


def forged_imo(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(6) A ship broadcasting an IMO number whose check digit is wrong."""
    v = new_vessel(rng, pool, "forged_imo", ship_type=80, mid=int(rng.choice([667, 671, 354])),
                   imo=world.forged_imo(rng, pool.imos))
    sail_lanes(v, rng, horizon, ports=("kr-busan", "kr-incheon", "cn-qingdao", "cn-dalian", "cn-yantai"))
    v.label = "IMO failing its check digit"
    truth.add("identity", [v.mmsi], 0, horizon, f"{v.label}: {v.identities[0].imo}")
    return [v]


def renamed(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(7) A ship changing name and call sign in mid-voyage."""
    v = new_vessel(rng, pool, "renamed", ship_type=80, mid=int(rng.choice([351, 352, 353])))
    sail_lanes(v, rng, horizon, ports=("kr-busan", "kr-incheon", "cn-qingdao", "cn-dalian"))
    t_r = float(rng.uniform(0.3, 0.7)) * horizon
    old = v.identities[0]
    v.identities.append(Identity(t_r, world.random_name(rng), world.call_sign(rng, v.flag_mid), old.imo))
    v.label = f"renamed {old.name} -> {v.identities[1].name}"
    truth.add("identity", [v.mmsi], t_r - 0.25 * H, t_r + 0.25 * H, v.label)
    return [v]


def nampho_caller(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """(8) A DPRK cargo ship from Dalian calling at Nampho with AIS on (port visit, zone entries).
    The call is short (2 h alongside): longer and loitering-v1, relaxed in DPRK waters, would see it."""
    v = _kp(rng, pool, "nampho_caller", None, i + 1, ship_type=70)
    t_dep = float(rng.uniform(0.05, 0.25)) * horizon + i * 4 * H
    _dalian_nampho_and_back(v, rng, horizon, t_dep, east_km=-0.6 - 0.7 * (i % 3), north_km=-0.4 - 0.7 * (i // 3 % 3))
    v.label = "DPRK ship calling at Nampho"
    return [v]


_DALIAN_NAMPHO = [(38.75, 121.9), (38.45, 123.5), (38.58, 124.6), (38.66, 125.15)]


def _dalian_nampho_and_back(v: Vessel, rng, horizon: float, t_dep: float, east_km: float, north_km: float) -> None:
    """From a Dalian berth (12 h moored first) to a berth slot off Nampho's port point, 2 h alongside
    (recorded in ``v.stays``), back to Dalian, moored to the end of the window."""
    dalian = berth(rng, "cn-dalian")
    track = Track(v, t_dep - 12 * H, *dalian).destination("NAMPO")
    track.stay(12, MOORED)
    knots = float(rng.uniform(9, 11))
    slot = world.offset(38.716667, 125.4, east_km, north_km)
    track.route(_DALIAN_NAMPHO, knots).go(*slot, HARBOUR_KNOTS)
    arrived = track.t
    track.stay(2.0, MOORED)
    v.stays.append(("kp-nampho", arrived, track.t))
    track.destination("DALIAN").route(list(reversed(_DALIAN_NAMPHO)), knots).go(*dalian, HARBOUR_KNOTS)
    track.stay(max(1.0, (horizon - track.t) / H + 2), MOORED)


# --- near misses ----------------------------------------------------------------------------------


def passing_pair(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """Two ships overtaking 300 m apart at speed: within 500 m for about 10 minutes."""
    t_p = float(rng.uniform(0.3, 0.7)) * horizon
    lat, lon = plot.spot((123.7, 35.95, 124.1, 36.3), t_p - 6 * H, t_p + 6 * H)
    bearing = float(rng.uniform(70, 100))
    slow_kn, fast_kn = 10.4, 13.0
    vessels = []
    for knots, side in ((slow_kn, 0.0), (fast_kn, 0.3)):
        v = new_vessel(rng, pool, "passing", ship_type=70)
        perp = math.radians(bearing + 90)
        base = world.offset(lat, lon, side * math.sin(perp), side * math.cos(perp))
        km = knots * world.KM_PER_NM * 6
        b = math.radians(bearing)
        start = world.offset(*base, -km * math.sin(b), -km * math.cos(b))
        end = world.offset(*base, km * math.sin(b), km * math.cos(b))
        track = Track(v, t_p - 6 * H, *start).destination("INCHEON")
        track.go(*end, knots)
        v.on = [(t_p - 5 * H, t_p + 5 * H)]
        v.label = "overtaking 300 m apart at 10-13 kn (near miss for encounter)"
        vessels.append(v)
    truth.add("encounter", [v.mmsi for v in vessels], t_p - 600, t_p + 600, vessels[0].label, negative=True)
    return vessels


def moored_pair(rng, pool, plot: Plot, truth: Truth, horizon: float, i: int) -> list[Vessel]:
    """Two ships moored 150-250 m apart in Busan or Dalian for many hours (port suppression)."""
    port = ("kr-busan", "cn-dalian")[i % 2]
    first = berth(rng, port, 0.5, 1.2)
    sep = float(rng.uniform(0.15, 0.25))
    second = world.offset(*first, sep, 0.0)
    hours = float(rng.uniform(12, 16))
    start = float(rng.uniform(1.0, max(2.0, horizon / H - hours - 4))) * H
    vessels = []
    for spot in (first, second):
        v = new_vessel(rng, pool, "moored_pair", ship_type=int(rng.choice([70, 80])))
        sail_lanes(v, rng, horizon, port=port, first_stay=hours, start=start, at=spot)
        v.label = f"moored {sep * 1000:.0f} m apart in {world.PORTS[port].name} (near miss for encounter)"
        vessels.append(v)
    truth.add("encounter", [v.mmsi for v in vessels], start, start + hours * H, vessels[0].label, negative=True)
    return vessels


# --- opt-in: refined-petroleum deliveries (trade tally) ---------------------------------------------

TANKER_LADEN = 0.5          # planted cargo: half the capacity (the middle of the estimate's scenarios)
DIESEL_BBL_PER_TONNE = 7.45  # domain.md 1.4 [K]: gas oil/diesel; the same factor the trade rules ship


def tanker_calls(rng, pool, horizon: float, count: int) -> list[Vessel]:
    """DPRK tankers sailing Dalian -> Nampho and back, one short call each (2 h alongside, as nampho_caller),
    with a known deadweight, capacity in barrels (DWT x 7.45 bbl/t) and cargo (half laden), so an estimate
    from the port visits can be checked against what was planted. Calls are staggered and berth in slots
    north-east of the port point, 700 m apart, away from nampho_caller's slots to the south-west."""
    vessels = []
    for k in range(count):
        dwt = int(rng.integers(15, 46)) * 100                     # 1,500-4,500 t: DPRK coastal tankers
        capacity = round(dwt * DIESEL_BBL_PER_TONNE)
        cargo = round(capacity * TANKER_LADEN)
        v = new_vessel(rng, pool, "tanker_call", ship_type=80, mid=445, name=f"KUM SAN {21 + k}")
        v.length, v.width = float(rng.integers(70, 105)), 14.0
        t_dep = (0.05 + 0.4 * k / max(1, count)) * horizon
        _dalian_nampho_and_back(v, rng, horizon, t_dep, east_km=0.6 + 0.7 * (k % 3), north_km=0.4 + 0.7 * (k // 3 % 3))
        v.extra.update(dwt=dwt, capacity_bbl=capacity, cargo_bbl=cargo, laden_fraction=TANKER_LADEN)
        v.label = f"DPRK tanker delivering at Nampho (DWT {dwt} t, capacity {capacity} bbl, {cargo} bbl aboard)"
        vessels.append(v)
    return vessels
