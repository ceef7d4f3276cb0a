"""Cleaning of raw AIS rows, as DuckDB SQL so that NMEA, CSV and Parquet input share one rule set.

Input relations have the canonical columns (schema.py) with AIS's raw codes still in them. A row is
dropped when it has no usable position or time (a time before 1990 or more than a day ahead is a
decoding or unit error, not a report); a field holding a "not available" code becomes null. Every
decision is counted. Duplicates are removed within the ingest and against the store by the same key
(mmsi, ts, lat, lon: the same report heard by two receivers, or read again from another file). One
MMSI at two places at the same time is kept: a cloned MMSI is evidence for the identity detector.

Codes from ITU-R M.1371: lat 91 / lon 181 = not available; SOG 1023 (102.3 kn) = not available and
1022 (102.2) = "102.2 kn or more", useless as a speed; COG 3600 (360.0) = not available; heading
511 = not available; navigational status 15 = not defined.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from sanctionwatch.maritime.mid import INVALID, SHIP, classify_mmsi

# AIS began in the late 1990s; anything before 1990 is a unit or decoding error (a receive time
# of "12" is 1970-01-01 00:00:12). A receiver clock may run a little ahead, hence the day of slack.
EARLIEST_TIME = datetime(1990, 1, 1)
FUTURE_SLACK = timedelta(days=1)


def time_bounds(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The plausible AIS times (naive UTC, as stored): from 1990 to a day after ``now``."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is not None:
        now = now.astimezone(timezone.utc).replace(tzinfo=None)
    return EARLIEST_TIME, now + FUTURE_SLACK


def time_in_range(column: str, now: datetime | None = None) -> str:
    """SQL condition: ``column`` is within ``time_bounds(now)``."""
    first, last = time_bounds(now)
    return f"({column} >= TIMESTAMP '{first:%Y-%m-%d %H:%M:%S}' AND {column} <= TIMESTAMP '{last:%Y-%m-%d %H:%M:%S}')"


def _drop_reason(now: datetime | None) -> str:
    return f"""CASE
    WHEN mmsi IS NULL THEN 'no_mmsi'
    WHEN ts IS NULL THEN 'no_time'
    WHEN NOT {time_in_range('ts', now)} THEN 'time_out_of_range'
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


def clean_positions(con: Any, source: str, target: str, store_files: list[str],
                    now: datetime | None = None) -> dict[str, Counter]:
    """Create table ``target`` (canonical positions) from relation ``source``; return the counts
    ``{"dropped": ..., "normalised": ...}``. ``now`` (default: the clock) bounds future times."""
    dropped: Counter = Counter()
    normalised: Counter = Counter()
    reason = _drop_reason(now)
    reasons = con.sql(
        f"SELECT reason, count(*) FROM (SELECT {reason} AS reason FROM {source}) "
        "WHERE reason IS NOT NULL GROUP BY reason").fetchall()
    dropped.update({reason: n for reason, n in reasons})
    sums = ", ".join(f"count(*) FILTER (WHERE {cond})" for cond in _NORMALISED.values())
    values = con.sql(f"SELECT {sums} FROM {source} WHERE ({reason}) IS NULL").fetchall()[0]
    normalised.update({name: n for name, n in zip(_NORMALISED, values) if n})

    con.execute(f"""CREATE OR REPLACE TEMP TABLE _valid AS
        SELECT {_CLEAN_SELECT} FROM {source} WHERE ({reason}) IS NULL""")
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
    # The same key as within the ingest: matching on (mmsi, ts) alone would drop the second place
    # of a cloned MMSI whenever the two places arrive in separate ingests.
    _drop_stored(con, "_unique", target, store_files, ("mmsi", "ts", "lat", "lon"), dropped)
    return {"dropped": dropped, "normalised": normalised}


def clean_statics(con: Any, source: str, target: str, store_files: list[str],
                  now: datetime | None = None) -> dict[str, Counter]:
    """Create table ``target`` (canonical statics): rows without MMSI or a plausible time dropped;
    per MMSI only the reports that bring a new or changed value are kept (a static report repeats
    every few minutes; Class B sends its name and its type in two separate halves)."""
    dropped: Counter = Counter()
    in_range = time_in_range("ts", now)
    missing = con.sql(f"""SELECT count(*) FILTER (WHERE mmsi IS NULL),
                                 count(*) FILTER (WHERE mmsi IS NOT NULL AND ts IS NULL),
                                 count(*) FILTER (WHERE mmsi IS NOT NULL AND NOT {in_range})
                          FROM {source}""").fetchall()[0]
    if missing[0]:
        dropped["static_no_mmsi"] += missing[0]
    if missing[1]:
        dropped["static_no_time"] += missing[1]
    if missing[2]:
        dropped["static_time_out_of_range"] += missing[2]
    usable = f"mmsi IS NOT NULL AND ts IS NOT NULL AND {in_range}"
    previous = ", ".join(
        f"last_value({f} IGNORE NULLS) OVER w AS _prev_{f}" for f in STATIC_FIELDS)
    changed = " OR ".join(
        f"({f} IS NOT NULL AND {f} IS DISTINCT FROM _prev_{f})" for f in STATIC_FIELDS)
    order = "ts, " + ", ".join(f"{f} NULLS FIRST" for f in STATIC_FIELDS) + ", source"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _changes AS
        SELECT mmsi, ts, {', '.join(STATIC_FIELDS)}, source FROM (
            SELECT *, {previous} FROM {source}
            WHERE {usable}
            WINDOW w AS (PARTITION BY mmsi ORDER BY {order}
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
        WHERE {changed}""")
    total = con.sql(f"SELECT count(*) FROM {source} WHERE {usable}").fetchall()[0][0]
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
    """Rows whose MMSI has no ITU-R M.585 shape (``invalid_mmsi``) and rows whose MMSI is not a ship
    station's (``not_ship_station_mmsi``, the invalid ones included). Both are counted, neither is
    dropped: placeholders are common and a fake MMSI is itself evidence for the identity detector.

    The shape is judged on the nine-digit form: AIS carries the MMSI as an integer, so group
    (0MIDxxxxx) and coast-station (00MIDxxxx) numbers arrive without their leading zeros and a plain
    range test would call them invalid. Classified once per distinct MMSI, not per row."""
    invalid = not_ship = 0
    for mmsi, rows in con.sql(f"SELECT mmsi, count(*) FROM {table} GROUP BY mmsi").fetchall():
        kind = classify_mmsi(mmsi).kind
        if kind == INVALID:
            invalid += rows
        if kind != SHIP:
            not_ship += rows
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
