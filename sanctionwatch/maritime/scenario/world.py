"""The scenario's geography: ports, sea lanes, fishing grounds, STS hot spots, receiver holes.

Coordinates are the ones the project ships in ``data/areas/dprk_region.json`` (World Port Index
points, Panel of Experts hot spot boxes). Lanes are hand-drawn waypoint lists that stay at sea and
keep clear of the watched ports they do not call at (more than 4 km, the port-visit exit radius).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088
KM_PER_NM = 1.852


@dataclass(frozen=True)
class PortPoint:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    watch: bool


PORTS: dict[str, PortPoint] = {p.id: p for p in (
    PortPoint("kp-nampho", "NAMPHO", "KP", 38.716667, 125.4, True),
    PortPoint("kp-rajin", "RAJIN", "KP", 42.233333, 130.3, True),
    PortPoint("ru-vostochny", "VOSTOCHNY", "RU", 42.75, 133.083333, True),
    PortPoint("ru-nakhodka", "NAKHODKA", "RU", 42.8, 132.883333, True),
    PortPoint("ru-vladivostok", "VLADIVOSTOK", "RU", 43.116667, 131.9, True),
    PortPoint("kr-busan", "BUSAN", "KR", 35.1, 129.04, False),
    PortPoint("kr-incheon", "INCHEON", "KR", 37.45, 126.6, False),
    PortPoint("cn-dalian", "DALIAN", "CN", 38.93, 121.65, False),
    PortPoint("cn-qingdao", "QINGDAO", "CN", 36.07, 120.32, False),
    PortPoint("cn-yantai", "YANTAI", "CN", 37.55, 121.4, False),
    PortPoint("cn-tianjin", "TIANJIN", "CN", 38.98, 117.78, False),
)}

# Every watched port of the shipped areas (DPRK and the Russian route ports): a call at any of them is
# a port visit the detector reports, so lanes must not pass near the ones they do not call at.
WATCH_PORTS: tuple[tuple[str, float, float], ...] = (
    ("kp-nampho", 38.716667, 125.4), ("kp-songnim", 38.733333, 125.616667), ("kp-haeju", 38.0, 125.7),
    ("kp-chongjin", 41.766667, 129.816667), ("kp-rajin", 42.233333, 130.3), ("kp-sonbong", 42.333333, 130.4),
    ("kp-hungnam", 39.833333, 127.616667), ("kp-wonsan", 39.166667, 127.45), ("kp-kimchaek", 40.666667, 129.2),
    ("kp-chaho", 40.2, 128.65), ("ru-vostochny", 42.75, 133.083333), ("ru-dunai", 42.88028, 132.3375),
    ("ru-nakhodka", 42.8, 132.883333), ("ru-vladivostok", 43.116667, 131.9),
    ("ru-zarubino", 42.633333, 131.083333), ("ru-slavyanka", 42.866667, 131.383333),
    ("ru-posyet", 42.5745, 130.9895),
)

# [west, south, east, north]
HOTSPOTS: dict[str, tuple[float, float, float, float]] = {
    "hs-cho-do": (124.6, 38.35, 125.45, 38.85),
    "hs-korea-bay": (122.3, 38.6, 125.2, 39.9),
    "hs-longkou": (119.9, 37.45, 120.6, 37.95),
    "hs-lianyungang": (119.4, 34.4, 120.4, 35.2),
    "hs-ningbo-zhoushan": (121.5, 29.5, 122.95, 30.95),
    "hs-east-china-sea": (123.5, 29.5, 127.0, 33.0),
}

# Shared approaches, named so lanes read as routes.
_W = {
    "korea_strait": (34.55, 128.75), "jeju_north": (34.05, 126.9), "sw_korea": (34.15, 125.6),
    "ys_south": (35.4, 123.0), "ys_centre": (36.6, 123.2), "incheon_out": (37.25, 125.9),
    "shandong_cape": (37.45, 122.85), "bohai_strait": (38.3, 121.05), "bohai": (38.7, 119.4),
    "dalian_out": (38.75, 121.75), "liaodong_s": (38.35, 122.2), "es_south": (35.7, 129.9),
    "es_mid": (38.3, 131.4), "es_north": (41.3, 132.4), "peter_gulf": (42.55, 132.05),
    "nakhodka_out": (42.6, 132.95), "vostochny_out": (42.62, 133.2), "vlad_out": (42.95, 131.95),
}

# (from, to): waypoints in between. Lanes are used in both directions.
LANES: dict[tuple[str, str], tuple[str, ...]] = {
    ("kr-busan", "ru-vladivostok"): ("es_south", "es_mid", "es_north", "peter_gulf", "vlad_out"),
    ("kr-busan", "ru-vostochny"): ("es_south", "es_mid", "es_north", "vostochny_out"),
    ("kr-busan", "ru-nakhodka"): ("es_south", "es_mid", "es_north", "nakhodka_out"),
    ("kr-busan", "cn-qingdao"): ("korea_strait", "jeju_north", "sw_korea", "ys_south"),
    ("kr-busan", "cn-dalian"): ("korea_strait", "jeju_north", "sw_korea", "ys_centre", "liaodong_s", "dalian_out"),
    ("kr-busan", "kr-incheon"): ("korea_strait", "jeju_north", "sw_korea", "incheon_out"),
    ("kr-incheon", "cn-qingdao"): ("incheon_out", "ys_centre"),
    ("kr-incheon", "cn-dalian"): ("incheon_out", "liaodong_s", "dalian_out"),
    ("kr-incheon", "cn-tianjin"): ("incheon_out", "shandong_cape", "bohai_strait", "bohai"),
    ("cn-dalian", "cn-tianjin"): ("dalian_out", "bohai_strait", "bohai"),
    ("cn-dalian", "cn-yantai"): ("dalian_out", "bohai_strait"),
    ("cn-qingdao", "cn-tianjin"): ("shandong_cape", "bohai_strait", "bohai"),
    ("cn-qingdao", "cn-yantai"): ("shandong_cape",),
    ("cn-yantai", "cn-tianjin"): ("bohai_strait", "bohai"),
}


def lane(a: str, b: str) -> list[tuple[float, float]]:
    """Waypoints from port ``a`` to port ``b`` (ports excluded)."""
    if (a, b) in LANES:
        return [_W[n] for n in LANES[(a, b)]]
    return [_W[n] for n in reversed(LANES[(b, a)])]


def neighbours(port: str) -> list[str]:
    out = [b for (a, b) in LANES if a == port] + [a for (a, b) in LANES if b == port]
    return sorted(out)


@dataclass(frozen=True)
class Ground:
    """A fishing ground: the fleet's centre wanders inside ``box`` [W, S, E, N]."""
    id: str
    box: tuple[float, float, float, float]
    mid: int            # flag of its fleet
    weight: float       # share of the fishing vessels


# korea-bay and rason are also the neighbours whose steady traffic shows that the planted DPRK
# gaps near Nampho and Rajin are the vessel's doing, not a receiver's.
GROUNDS: tuple[Ground, ...] = (
    Ground("korea-bay", (124.18, 38.76, 124.36, 38.92), 412, 1.0),
    Ground("rason", (130.45, 41.80, 130.65, 41.92), 273, 1.0),
    Ground("ecs", (123.7, 31.6, 124.2, 32.1), 413, 1.0),
    Ground("yellow-sea", (123.45, 35.45, 123.9, 35.85), 412, 1.0),
    Ground("east-sea", (129.6, 37.0, 129.85, 37.3), 440, 0.6),
    Ground("jeju", (125.8, 33.0, 126.2, 33.25), 441, 0.6),
)


@dataclass(frozen=True)
class HoleSite:
    """A receiver outage: nobody is heard in ``box`` (aligned to the 0.5 degree grid gap-v1 uses for
    coverage) and only ``RING_RECEPTION`` of messages in a ring ``RING_DEGREES`` wide around it, as
    a receiver's range fades. The ring makes a vessel's silence look like a coverage hole wherever
    in the box it starts: its 3x3 neighbourhood of 0.5 degree cells lies in box plus ring."""
    id: str
    box: tuple[float, float, float, float]
    label: str


RING_DEGREES = 1.5
RING_RECEPTION = 0.03
HOLE_SITES: tuple[HoleSite, ...] = (
    HoleSite("hole-korea-strait", (126.5, 33.5, 128.5, 35.0), "receiver outage on the Busan-Yellow Sea lane"),
    HoleSite("hole-east-sea", (130.5, 37.5, 132.5, 39.5), "receiver outage on the Busan-Russia lanes"),
    HoleSite("hole-bohai", (118.5, 38.5, 120.0, 39.5), "receiver outage in the Bohai"),
)


# --- identities ------------------------------------------------------------------------------------

MID_BY_FLAG = {"CN": (412, 413, 414), "KR": (440, 441), "JP": (431, 432), "RU": (273,),
               "PA": (351, 352, 353, 354), "SL": (667,), "TG": (671,), "HK": (477,), "LR": (636,),
               "MH": (538,), "KP": (445,)}
CALL_PREFIX = {412: "BQ", 413: "BR", 414: "BS", 440: "DS", 441: "D7", 431: "JD", 432: "JK", 273: "UB",
               351: "3E", 352: "3F", 353: "H3", 354: "H9", 667: "9L", 671: "5V", 477: "VR", 636: "A8",
               538: "V7", 445: "HM"}

_SYLLABLES = ("HAI", "XIN", "FENG", "LONG", "TAI", "YUAN", "HUA", "KANG", "SHENG", "MING", "DA", "JIN",
              "TONG", "RONG", "HONG", "AN", "BO", "CHANG", "SEO", "HAN", "NARA", "DONG", "SUN", "MIRAE",
              "PACIFIC", "OCEAN", "STAR", "GLORY", "BRIGHT", "UNITY", "NOVA", "AURORA", "VEGA", "MERIDIAN")


def imo_check_digit(six: int) -> int:
    digits = [int(d) for d in f"{six:06d}"]
    return sum(d * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2))) % 10


def valid_imo(number: int) -> bool:
    return 1000000 <= number <= 9999999 and imo_check_digit(number // 10) == number % 10


# Blocks of IMO numbers (first three digits; 1,000 numbers each) holding no vessel of the UN 1718
# list or the OFAC SDN list as published up to May 2024, so background ships do not collide with
# listed ones. Scenarios needing more numbers than these hold draw from all of 930-994.
IMO_BLOCKS = (945, 947, 960, 963, 964, 965, 970, 972, 981)


def random_imo(rng: np.random.Generator, used: set[int] | None = None) -> int:
    while True:
        clean = used is None or len(used) < 0.8 * 1000 * len(IMO_BLOCKS)
        block = int(rng.choice(IMO_BLOCKS)) if clean else int(rng.integers(930, 995))
        six = block * 1000 + int(rng.integers(0, 1000))
        imo = six * 10 + imo_check_digit(six)
        if used is None or imo not in used:
            if used is not None:
                used.add(imo)
            return imo


def forged_imo(rng: np.random.Generator, used: set[int] | None = None) -> int:
    good = random_imo(rng, used)
    return good - good % 10 + (good % 10 + int(rng.integers(1, 10))) % 10


def random_name(rng: np.random.Generator) -> str:
    words = rng.choice(len(_SYLLABLES), size=2, replace=False)
    return f"{_SYLLABLES[words[0]]} {_SYLLABLES[words[1]]} {int(rng.integers(1, 99))}"


def call_sign(rng: np.random.Generator, mid: int) -> str:
    return CALL_PREFIX.get(mid, "XX") + "".join(str(d) for d in rng.integers(0, 10, size=4))


# --- geometry -------------------------------------------------------------------------------------


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bearing_deg(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.subtract(lon2, lon1))
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.degrees(np.arctan2(y, x)) % 360.0


def offset(lat: float, lon: float, east_km: float, north_km: float) -> tuple[float, float]:
    """A point ``east_km``/``north_km`` away (local flat approximation, fine below ~50 km)."""
    dlat = north_km / (EARTH_RADIUS_KM * math.pi / 180)
    dlon = east_km / (EARTH_RADIUS_KM * math.pi / 180 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def towards(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat1, lon1) on the way to (lat2, lon2)."""
    total = float(haversine_km(lat1, lon1, lat2, lon2))
    f = min(1.0, km / total) if total > 0 else 0.0
    return lat1 + (lat2 - lat1) * f, lon1 + (lon2 - lon1) * f


def in_box(lat, lon, box) -> np.ndarray:
    w, s, e, n = box
    return (lon >= w) & (lon <= e) & (lat >= s) & (lat <= n)


def ring_box(box, pad: float = RING_DEGREES):
    w, s, e, n = box
    return (w - pad, s - pad, e + pad, n + pad)
