"""SQL fragments that mean the same on DuckDB and on Spark SQL, and their Python twins.

Detectors build their SQL from these so that the text transpiles with sqlglot without surprises:
DuckDB's ``epoch()`` has no Spark twin, and a haversine spelled out in trigonometry is exact on both.
"""

from __future__ import annotations

import math

# Mean Earth radius (IUGG); GFW's pipelines use 6371 km. The difference (0.0001 %) is below AIS precision.
EARTH_RADIUS_KM = 6371.0088
KM_PER_NM = 1.852


def epoch_seconds(col: str) -> str:
    """Seconds since 1970-01-01 of a naive UTC timestamp column, as BIGINT.

    ``date_diff('second', ...)`` is DuckDB-only and Spark's ``unix_timestamp`` applies the session time
    zone, so the engines each register a macro/function ``sw_epoch``; see engine.py.
    """
    return f"sw_epoch({col})"


def haversine_km(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """Great-circle distance in km between two points given as SQL expressions (degrees)."""
    return (f"(2 * {EARTH_RADIUS_KM} * asin(sqrt("
            f"power(sin(radians({lat2} - {lat1}) / 2), 2) + "
            f"cos(radians({lat1})) * cos(radians({lat2})) * power(sin(radians({lon2} - {lon1}) / 2), 2))))")


def py_haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
