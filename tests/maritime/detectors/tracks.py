"""Hand-built tracks for detector tests: straight legs and stays, turned into canonical tables."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from sanctionwatch.maritime.detectors.base import DetectionContext
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.maritime.schema import POSITIONS, STATICS

KM_PER_DEG = 111.195
T0 = datetime(2026, 1, 5, 0, 0)


def offset(lat: float, lon: float, km_north: float, km_east: float) -> tuple[float, float]:
    return (lat + km_north / KM_PER_DEG,
            lon + km_east / (KM_PER_DEG * math.cos(math.radians(lat))))


def leg(mmsi: int, start: datetime, lat: float, lon: float, minutes: float, every: float = 5.0,
        knots: float = 0.0, bearing: float = 90.0) -> list[dict[str, Any]]:
    """Fixes every ``every`` minutes from ``start`` for ``minutes`` (both ends included), moving at
    ``knots`` on ``bearing`` (degrees true) from (lat, lon)."""
    rows = []
    steps = int(round(minutes / every))
    for i in range(steps + 1):
        km = knots * 1.852 * (i * every / 60.0)
        plat, plon = offset(lat, lon, km * math.cos(math.radians(bearing)), km * math.sin(math.radians(bearing)))
        rows.append({"mmsi": mmsi, "ts": start + timedelta(minutes=i * every), "lat": plat, "lon": plon,
                     "sog": float(knots), "cog": float(bearing), "heading": None, "nav_status": None,
                     "source": "test"})
    return rows


def end_of(rows: list[dict[str, Any]]) -> tuple[datetime, float, float]:
    last = rows[-1]
    return last["ts"], last["lat"], last["lon"]


def positions(*tracks: list[dict[str, Any]]) -> pa.Table:
    rows = [row for track in tracks for row in track]
    return pa.Table.from_pylist(rows, schema=POSITIONS)


def statics(*rows: dict[str, Any]) -> pa.Table:
    full = [{"mmsi": r["mmsi"], "ts": r.get("ts", T0), "imo": r.get("imo"), "name": r.get("name"),
             "call_sign": None, "ship_type": r.get("ship_type"), "length": None, "width": None,
             "destination": None, "source": "test"} for r in rows]
    return pa.Table.from_pylist(full, schema=STATICS)


def context(table: pa.Table, areas: Any = None, static_rows: pa.Table | None = None,
            events: list | None = None) -> DetectionContext:
    engine = DuckDBEngine(positions=table, statics=static_rows if static_rows is not None else statics(), threads=2)
    return DetectionContext(engine=engine, areas=areas, extras={"events": list(events or []), "notes": []})


def run(detector: Any, table: pa.Table, areas: Any = None, static_rows: pa.Table | None = None,
        events: list | None = None, **overrides: Any) -> list:
    ctx = context(table, areas, static_rows, events)
    try:
        return detector.run(ctx, detector.resolve(overrides))
    finally:
        ctx.engine.close()


# --- real files (read through the shared_file fixture) -------------------------------------------------

SUEZ_MMSI_BASE = 900_000_000   # the Ever Given extract's IDs are anonymised; this makes them MMSI-shaped


def suez_positions(path: Any) -> pa.Table:
    """The Suez Canal tracks (ID, timestamp dd/mm/yyyy HH:MM, lon, lat) as canonical positions."""
    import duckdb

    with duckdb.connect() as con:
        table = con.sql(f"""
            SELECT {SUEZ_MMSI_BASE} + CAST(ID AS BIGINT) AS mmsi,
                   strptime(ais_pos_timestamp, '%d/%m/%Y %H:%M') AS ts,
                   CAST(latitude AS DOUBLE) AS lat, CAST(longitude AS DOUBLE) AS lon,
                   CAST(NULL AS DOUBLE) AS sog, CAST(NULL AS DOUBLE) AS cog, CAST(NULL AS INTEGER) AS heading,
                   CAST(NULL AS INTEGER) AS nav_status, 'boat-positions.csv' AS source
            FROM read_csv('{path}', header = true, all_varchar = true)""").to_arrow_table()
    return table.cast(POSITIONS)


def marinecadastre_tables(path: Any) -> tuple[pa.Table, pa.Table]:
    """The MarineCadastre sample as canonical positions and statics, sentinels turned into nulls."""
    import duckdb

    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW raw AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
        found = con.sql("""
            SELECT CAST(MMSI AS BIGINT) AS mmsi, CAST(BaseDateTime AS TIMESTAMP) AS ts,
                   CAST(LAT AS DOUBLE) AS lat, CAST(LON AS DOUBLE) AS lon,
                   CASE WHEN CAST(SOG AS DOUBLE) >= 102.2 THEN NULL ELSE CAST(SOG AS DOUBLE) END AS sog,
                   CASE WHEN CAST(COG AS DOUBLE) >= 360 THEN NULL ELSE CAST(COG AS DOUBLE) END AS cog,
                   CASE WHEN CAST(Heading AS INTEGER) = 511 THEN NULL ELSE CAST(Heading AS INTEGER) END AS heading,
                   CAST(Status AS INTEGER) AS nav_status, 'marinecadastre' AS source
            FROM raw""").to_arrow_table().cast(POSITIONS)
        static = con.sql("""
            SELECT CAST(MMSI AS BIGINT) AS mmsi, CAST(BaseDateTime AS TIMESTAMP) AS ts,
                   TRY_CAST(replace(IMO, 'IMO', '') AS BIGINT) AS imo, VesselName AS name, CallSign AS call_sign,
                   CAST(VesselType AS INTEGER) AS ship_type, CAST(Length AS DOUBLE) AS length,
                   CAST(Width AS DOUBLE) AS width, CAST(NULL AS VARCHAR) AS destination, 'marinecadastre' AS source
            FROM raw""").to_arrow_table().cast(STATICS)
    return found, static
