"""``vessel_profile()``: one vessel as the AIS store and the lists know it — identity history,
designation status, and its events from the latest detection run."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.maritime.detect import _default_list_store, load_latest_events
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.screening.features import imo_valid


def parse_vessel_key(key: str) -> tuple[str, int]:
    """``"445123456"`` -> ("mmsi", 445123456); ``"IMO 8660313"`` or ``"8660313"`` -> ("imo", 8660313)."""
    text = key.strip().upper().replace("IMO", "").strip(" :#")
    if not re.fullmatch(r"\d{7}|\d{9}", text):
        raise ConfigError(f"vessel {key!r}: give a 9-digit MMSI or a 7-digit IMO number")
    return ("imo" if len(text) == 7 else "mmsi"), int(text)


def vessel_profile(key: str, home: Path | None = None, list_store: Any = "default",
                   engine: Any = None) -> dict[str, Any]:
    kind, number = parse_vessel_key(key)
    own = engine is None
    engine = engine or DuckDBEngine(home=home)
    try:
        if kind == "imo":
            mmsis = [r["mmsi"] for r in engine.rows(
                f"SELECT DISTINCT mmsi FROM statics WHERE imo = {number} ORDER BY mmsi")]
        else:
            mmsis = [number]
        listed = ",".join(str(m) for m in mmsis) or "NULL"
        identities = engine.rows(f"""
            SELECT mmsi, name, imo, call_sign, ship_type, min(ts) AS first_seen, max(ts) AS last_seen,
                   count(*) AS reports
            FROM statics WHERE mmsi IN ({listed})
            GROUP BY mmsi, name, imo, call_sign, ship_type ORDER BY first_seen, mmsi""")
        tracks = engine.rows(f"""
            SELECT mmsi, count(*) AS positions, min(ts) AS first_seen, max(ts) AS last_seen,
                   min(lat) AS south, max(lat) AS north, min(lon) AS west, max(lon) AS east
            FROM positions WHERE mmsi IN ({listed}) GROUP BY mmsi ORDER BY mmsi""")
        last = engine.rows(f"""
            SELECT p.mmsi, p.ts, p.lat, p.lon, p.sog FROM positions p
            JOIN (SELECT mmsi, max(ts) AS ts FROM positions WHERE mmsi IN ({listed}) GROUP BY mmsi) m
              ON p.mmsi = m.mmsi AND p.ts = m.ts ORDER BY p.mmsi""")
    finally:
        if own:
            engine.close()
    if not identities and not tracks and kind == "mmsi":
        raise NotFound(f"MMSI {number}: not in the AIS store")
    imos = sorted({r["imo"] for r in identities if r["imo"]} | ({number} if kind == "imo" else set()))
    store = _default_list_store(home) if list_store == "default" else list_store
    designations = _designations(imos, mmsis, store)
    _summary, events = load_latest_events(home)
    own_events = [e for e in events if set(e["vessels"]) & set(mmsis)]
    return {
        "query": key, "kind": kind, "mmsis": mmsis,
        "imos": [{"imo": i, "check_digit_valid": imo_valid(str(i))} for i in imos],
        "identities": identities, "tracks": tracks, "last_positions": last,
        "designations": designations, "designated": bool(designations),
        "events": own_events,
    }


def _designations(imos: list[int], mmsis: list[int], store: Any) -> list[dict[str, Any]]:
    if store is None:
        return []
    from sanctionwatch.lists.catalog import show_entity

    found = []
    for imo in imos:
        try:
            entity = show_entity(str(imo), store=store)
        except NotFound:
            continue
        found.append({"matched_on": f"imo {imo}", "id": entity.get("id"), "caption": entity.get("caption"),
                      "listings": entity.get("listings", [])})
    return found


def vessel_track(engine: DuckDBEngine, mmsis: list[int], most: int, since: datetime | None = None,
                 until: datetime | None = None) -> dict[str, Any]:
    """The vessels' fixes as GeoJSON, at most ``most`` in all: a long track keeps every n-th fix and its
    last one, so the line still spans the whole period."""
    features: list[dict[str, Any]] = []
    if not mmsis:
        return {"type": "FeatureCollection", "features": features}
    each = max(2, most // len(mmsis))
    clauses = [f"mmsi IN ({','.join(str(int(m)) for m in mmsis)})"]
    if since:
        clauses.append(f"ts >= TIMESTAMP '{since:%Y-%m-%d %H:%M:%S}'")
    if until:
        clauses.append(f"ts < TIMESTAMP '{until:%Y-%m-%d %H:%M:%S}'")
    rows = engine.rows(f"""
        SELECT mmsi, ts, lat, lon, n FROM (
            SELECT mmsi, ts, lat, lon, row_number() OVER (PARTITION BY mmsi ORDER BY ts) - 1 AS i,
                   count(*) OVER (PARTITION BY mmsi) AS n
            FROM positions WHERE {' AND '.join(clauses)}) t
        WHERE n <= {each} OR i % CAST(ceil(n / {each}.0) AS BIGINT) = 0 OR i = n - 1
        ORDER BY mmsi, ts""")
    per: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        per.setdefault(int(row["mmsi"]), []).append(row)
    for mmsi, fixes in sorted(per.items()):
        coords = [[round(float(r["lon"]), 5), round(float(r["lat"]), 5)] for r in fixes]
        geometry = ({"type": "LineString", "coordinates": coords} if len(coords) >= 2
                    else {"type": "Point", "coordinates": coords[0]})
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "mmsi": mmsi, "role": "track", "positions": int(fixes[0]["n"]), "returned": len(fixes),
            "thinned": len(fixes) < int(fixes[0]["n"]), "first": _ts(fixes[0]["ts"]), "last": _ts(fixes[-1]["ts"]),
            "times": [_ts(r["ts"]) for r in fixes]}})
    return {"type": "FeatureCollection", "features": features}


def _ts(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
