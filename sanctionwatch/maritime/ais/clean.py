"""Cleaning of raw AIS rows, as DuckDB SQL so that NMEA, CSV and Parquet input share one rule set.

Input relations have the canonical columns (schema.py) with AIS's raw codes still in them. A row is
dropped when it has no usable position or time; a field holding a "not available" code becomes
null. Every decision is counted. Duplicates are removed within the ingest (same mmsi, ts, lat,
lon: the same report heard by two receivers) and against the store (same mmsi and ts already stored).

Codes from ITU-R M.1371: lat 91 / lon 181 = not available; SOG 1023 (102.3 kn) = not available and
1022 (102.2) = "102.2 kn or more", useless as a speed; COG 3600 (360.0) = not available; heading
511 = not available; navigational status 15 = not defined.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

# Ship stations carry an MMSI MIDxxxxxx with MID 2xx-7xx (ITU-R M.585); anything that is not nine
# digits at all is malformed. Both are counted, neither is dropped: placeholders are common and a
# fake MMSI is itself evidence for the identity detector.
MMSI_MIN, MMSI_MAX = 100_000_000, 999_999_999
SHIP_MMSI_MIN, SHIP_MMSI_MAX = 200_000_000, 799_999_999

_DROP_REASON = """CASE
    WHEN mmsi IS NULL THEN 'no_mmsi'
    WHEN ts IS NULL THEN 'no_time'
    WHEN lat IS NULL OR lon IS NULL OR isnan(lat) OR isnan(lon) THEN 'no_position'
    WHEN lat < -90 OR lat > 90 THEN 'lat_out_of_range'
    WHEN lon < -180 OR lon > 180 THEN 'lon_out_of_range'
    WHEN lat = 0 AND lon = 0 THEN 'null_island'
END"""

_NORMALISED = {
    "sog_not_available": "sog >= 102.2",
    "sog_negative": "sog < 0",
    "cog_not_available": "cog >= 360",
    "cog_negative": "cog < 0",
    "heading_not_available": "heading = 511",
    "heading_out_of_range": "(heading < 0 OR heading > 359) AND heading <> 511",
    "nav_status_not_defined": "nav_status = 15",
    "nav_status_out_of_range": "nav_status < 0 OR nav_status > 15",
}

_CLEAN_SELECT = """
    mmsi, ts, lat, lon,
    CASE WHEN sog >= 102.2 OR sog < 0 THEN NULL ELSE sog END AS sog,
    CASE WHEN cog >= 360 OR cog < 0 THEN NULL ELSE cog END AS cog,
    CASE WHEN heading < 0 OR heading > 359 THEN NULL ELSE heading END AS heading,
    CASE WHEN nav_status < 0 OR nav_status >= 15 THEN NULL ELSE nav_status END AS nav_status,
    source"""

STATIC_FIELDS = ("imo", "name", "call_sign", "ship_type", "length", "width", "destination")


def clean_positions(con: Any, source: str, target: str, store_files: list[str]) -> dict[str, Counter]:
    """Create table ``target`` (canonical positions) from relation ``source``; return the counts
    ``{"dropped": ..., "normalised": ...}``."""
    dropped: Counter = Counter()
    normalised: Counter = Counter()
    reasons = con.sql(
        f"SELECT reason, count(*) FROM (SELECT {_DROP_REASON} AS reason FROM {source}) "
        "WHERE reason IS NOT NULL GROUP BY reason").fetchall()
    dropped.update({reason: n for reason, n in reasons})
    sums = ", ".join(f"count(*) FILTER (WHERE {cond})" for cond in _NORMALISED.values())
    values = con.sql(f"SELECT {sums} FROM {source} WHERE ({_DROP_REASON}) IS NULL").fetchall()[0]
    normalised.update({name: n for name, n in zip(_NORMALISED, values) if n})

    con.execute(f"""CREATE OR REPLACE TEMP TABLE _valid AS
        SELECT {_CLEAN_SELECT} FROM {source} WHERE ({_DROP_REASON}) IS NULL""")
    valid = _count(con, "_valid")
    # Among copies of one report keep the one with the most fields, then a fixed order.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _unique AS
        SELECT * EXCLUDE (_rank) FROM (
            SELECT *, row_number() OVER (
                PARTITION BY mmsi, ts, lat, lon
                ORDER BY (sog IS NULL), (cog IS NULL), (heading IS NULL), (nav_status IS NULL),
                         source, sog, cog, heading, nav_status) AS _rank
            FROM _valid)
        WHERE _rank = 1""")
    unique = _count(con, "_unique")
    dropped["duplicate"] += valid - unique
    con.execute("DROP TABLE _valid")
    _drop_stored(con, "_unique", target, store_files, ("mmsi", "ts"), dropped)
    return {"dropped": dropped, "normalised": normalised}


def clean_statics(con: Any, source: str, target: str, store_files: list[str]) -> dict[str, Counter]:
    """Create table ``target`` (canonical statics): rows without MMSI or time dropped; per MMSI only
    the reports that bring a new or changed value are kept (a static report repeats every few
    minutes; Class B sends its name and its type in two separate halves)."""
    dropped: Counter = Counter()
    missing = con.sql(f"""SELECT count(*) FILTER (WHERE mmsi IS NULL),
                                 count(*) FILTER (WHERE mmsi IS NOT NULL AND ts IS NULL)
                          FROM {source}""").fetchall()[0]
    if missing[0]:
        dropped["static_no_mmsi"] += missing[0]
    if missing[1]:
        dropped["static_no_time"] += missing[1]
    previous = ", ".join(
        f"last_value({f} IGNORE NULLS) OVER w AS _prev_{f}" for f in STATIC_FIELDS)
    changed = " OR ".join(
        f"({f} IS NOT NULL AND {f} IS DISTINCT FROM _prev_{f})" for f in STATIC_FIELDS)
    order = "ts, " + ", ".join(f"{f} NULLS FIRST" for f in STATIC_FIELDS) + ", source"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _changes AS
        SELECT mmsi, ts, {', '.join(STATIC_FIELDS)}, source FROM (
            SELECT *, {previous} FROM {source}
            WHERE mmsi IS NOT NULL AND ts IS NOT NULL
            WINDOW w AS (PARTITION BY mmsi ORDER BY {order}
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
        WHERE {changed}""")
    total = con.sql(f"SELECT count(*) FROM {source} WHERE mmsi IS NOT NULL AND ts IS NOT NULL").fetchall()[0][0]
    kept = _count(con, "_changes")
    if total - kept:
        dropped["static_unchanged"] += total - kept
    con.execute("""CREATE OR REPLACE TEMP TABLE _changes_keyed AS
        SELECT *, hash(imo, name, call_sign, ship_type, length, width, destination) AS _key FROM _changes""")
    con.execute("DROP TABLE _changes")
    _drop_stored(con, "_changes_keyed", target, store_files, ("mmsi", "ts", "_key"), dropped,
                 reason="static_in_store", stored_key=(
                     "mmsi, ts, hash(imo, name, call_sign, ship_type, length, width, destination) AS _key"))
    con.execute(f"ALTER TABLE {target} DROP COLUMN _key")
    return {"dropped": dropped, "normalised": Counter()}


def mmsi_counts(con: Any, table: str) -> dict[str, int]:
    invalid, not_ship = con.sql(f"""SELECT
            count(*) FILTER (WHERE mmsi < {MMSI_MIN} OR mmsi > {MMSI_MAX}),
            count(*) FILTER (WHERE mmsi < {SHIP_MMSI_MIN} OR mmsi > {SHIP_MMSI_MAX})
        FROM {table}""").fetchall()[0]
    return {"invalid_mmsi": invalid, "not_ship_station_mmsi": not_ship}


def _drop_stored(con: Any, source: str, target: str, store_files: list[str], key: tuple[str, ...],
                 dropped: Counter, reason: str = "duplicate_in_store", stored_key: str | None = None) -> None:
    if not store_files:
        con.execute(f"ALTER TABLE {source} RENAME TO {target}")
        return
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in store_files)
    stored_cols = stored_key or ", ".join(key)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {target} AS
        SELECT s.* FROM {source} s ANTI JOIN (
            SELECT DISTINCT {stored_cols} FROM read_parquet([{listed}])) d
        USING ({', '.join(key)})""")
    removed = _count(con, source) - _count(con, target)
    if removed:
        dropped[reason] += removed
    con.execute(f"DROP TABLE {source}")


def _count(con: Any, table: str) -> int:
    return con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
