"""Cleaning rules: "not available" codes, ranges, null island, MMSI counts, duplicates."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pyarrow as pa
import pytest

from sanctionwatch.maritime.ais import clean

COLUMNS = ("mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "source")
T0 = datetime(2024, 4, 14, 6, 0)


def raw(rows):
    data = list(zip(*rows))
    types = (pa.int64(), pa.timestamp("us"), pa.float64(), pa.float64(), pa.float64(), pa.float64(),
             pa.int32(), pa.int32(), pa.string())
    return pa.table([pa.array(col, t) for col, t in zip(data, types)], names=list(COLUMNS))


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_codes_ranges_and_counts(con):
    ok = (445000001, T0, 38.7, 125.3, 5.0, 90.0, 91, 0, "f")
    con.register("raw", raw([
        ok,
        (445000001, T0.replace(minute=1), 91.0, 125.3, 5.0, 90.0, 91, 0, "f"),     # lat n/a
        (445000001, T0.replace(minute=2), 38.7, 181.0, 5.0, 90.0, 91, 0, "f"),     # lon n/a
        (445000001, T0.replace(minute=3), 0.0, 0.0, 5.0, 90.0, 91, 0, "f"),        # null island
        (445000001, None, 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),                     # no time
        (445000001, T0.replace(minute=4), 38.7, 125.3, 102.3, 360.0, 511, 15, "f"),
        (445000001, T0.replace(minute=5), 38.7, 125.3, 102.2, 359.9, 359, 14, "f"),
        (12345, T0.replace(minute=6), 38.7, 125.3, 0.0, 0.0, 0, 0, "f"),           # malformed MMSI
        (111445123, T0.replace(minute=7), 38.7, 125.3, 0.0, 0.0, 0, 0, "f"),       # SAR aircraft
        ok,                                                                        # duplicate
        (445000001, T0, 38.8, 125.3, 5.0, 90.0, 91, 0, "f"),                       # same time, elsewhere
    ]))
    counts = clean.clean_positions(con, "raw", "cleaned", [])
    assert dict(counts["dropped"]) == {"lat_out_of_range": 1, "lon_out_of_range": 1, "null_island": 1,
                                       "no_time": 1, "duplicate": 1}
    assert dict(counts["normalised"]) == {"sog_not_available": 2, "cog_not_available": 1,
                                          "heading_not_available": 1, "nav_status_not_defined": 1}
    rows = con.sql("SELECT sog, cog, heading, nav_status FROM cleaned WHERE minute(ts) IN (4, 5) "
                   "ORDER BY ts").fetchall()
    assert rows == [(None, None, None, None), (None, 359.9, 359, 14)]
    assert con.sql("SELECT count(*) FROM cleaned").fetchall()[0][0] == 6
    assert clean.mmsi_counts(con, "cleaned") == {"invalid_mmsi": 1, "not_ship_station_mmsi": 2}


def test_statics_keep_changes_only(con):
    types = [("mmsi", pa.int64()), ("ts", pa.timestamp("us")), ("imo", pa.int64()), ("name", pa.string()),
             ("call_sign", pa.string()), ("ship_type", pa.int32()), ("length", pa.float64()),
             ("width", pa.float64()), ("destination", pa.string()), ("source", pa.string())]
    rows = [
        (273111222, T0, None, "PATRIOT", None, None, None, None, None, "f"),
        (273111222, T0.replace(minute=1), None, None, "UBXX", 80, 110.0, 16.0, None, "f"),    # part B
        (273111222, T0.replace(minute=6), None, "PATRIOT", None, None, None, None, None, "f"),  # repeat
        (273111222, T0.replace(minute=7), None, None, "UBXX", 80, 110.0, 16.0, None, "f"),     # repeat
        (273111222, T0.replace(minute=9), None, "SONG HAE", None, None, None, None, None, "f"),  # renamed
        (273111222, T0.replace(minute=10), None, None, None, None, None, None, None, "f"),       # empty
    ]
    con.register("raw", pa.table([pa.array(c, t) for c, (_, t) in zip(zip(*rows), types)],
                                 names=[n for n, _ in types]))
    counts = clean.clean_statics(con, "raw", "cleaned", [])
    assert counts["dropped"] == {"static_unchanged": 3}
    assert con.sql("SELECT minute(ts), name FROM cleaned ORDER BY ts").fetchall() == [
        (0, "PATRIOT"), (1, None), (9, "SONG HAE")]


def test_times_before_1990_or_after_tomorrow_are_dropped(con):
    now = datetime(2024, 4, 14, 12, 0)
    con.register("raw", raw([
        (445000001, datetime(1970, 1, 1, 0, 0, 12), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),   # "*24,12"
        (445000001, datetime(1989, 12, 31, 23, 59, 59), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),
        (445000001, datetime(1990, 1, 1), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),
        (445000001, datetime(2024, 4, 15, 11, 0), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),     # clock ahead
        (445000001, datetime(2024, 4, 15, 12, 0, 1), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),
        (445000001, datetime(9999, 1, 1), 38.7, 125.3, 5.0, 90.0, 91, 0, "f"),
    ]))
    counts = clean.clean_positions(con, "raw", "cleaned", [], now=now)
    assert +counts["dropped"] == {"time_out_of_range": 4}
    assert [r[0].year for r in con.sql("SELECT ts FROM cleaned ORDER BY ts").fetchall()] == [1990, 2024]

    types = [("mmsi", pa.int64()), ("ts", pa.timestamp("us")), ("imo", pa.int64()), ("name", pa.string()),
             ("call_sign", pa.string()), ("ship_type", pa.int32()), ("length", pa.float64()),
             ("width", pa.float64()), ("destination", pa.string()), ("source", pa.string())]
    statics = [(273111222, datetime(1970, 1, 1), None, "PATRIOT", None, None, None, None, None, "f"),
               (273111222, T0, None, "PATRIOT", None, None, None, None, None, "f")]
    con.register("raw_statics", pa.table([pa.array(c, t) for c, (_, t) in zip(zip(*statics), types)],
                                         names=[n for n, _ in types]))
    counts = clean.clean_statics(con, "raw_statics", "cleaned_statics", [], now=now)
    assert counts["dropped"] == {"static_time_out_of_range": 1}
    assert con.sql("SELECT ts FROM cleaned_statics").fetchall() == [(T0,)]


def test_group_and_coast_station_mmsis_are_counted_by_shape(con):
    """AIS carries the MMSI as an integer: 023012345 (group) arrives as 23012345 and 002301234
    (coast station) as 2301234. Both are valid ITU-R M.585 shapes, not malformed numbers."""
    row = (0, T0, 38.7, 125.3, 0.0, 0.0, 0, 0, "f")
    con.register("raw", raw([
        (23012345,) + row[1:],          # group of ship stations, MID 230
        (2301234,) + row[1:],           # coast station, MID 230
        (2301234,) + row[1:],
        (445000001,) + row[1:],         # ship
        (111445123,) + row[1:],         # SAR aircraft
        (12345,) + row[1:],             # malformed
        (123456789,) + row[1:],         # nine digits, but no shape starts with 1 other than 111
        (10012345,) + row[1:],          # 010012345: a group needs a MID digit 2-7
    ]))
    assert clean.mmsi_counts(con, "raw") == {"invalid_mmsi": 3, "not_ship_station_mmsi": 7}


def test_other_place_at_same_time_is_kept_against_the_store(con, tmp_path):
    """One MMSI at two places at the same second is a cloned MMSI: evidence, whether the two
    reports come in one ingest or in two. Only the same report (same place) is a duplicate."""
    stored = tmp_path / "stored.parquet"
    con.register("first", raw([(445000001, T0, 38.7, 125.3, 5.0, 90.0, 91, 0, "a")]))
    con.execute(f"COPY (SELECT * FROM first) TO '{stored}' (FORMAT parquet)")
    con.register("raw", raw([
        (445000001, T0, 38.7, 125.3, 5.0, 90.0, 91, 0, "b"),       # the stored report again
        (445000001, T0, 40.1, 128.9, 12.0, 45.0, 44, 0, "b"),      # same MMSI and time, elsewhere
    ]))
    counts = clean.clean_positions(con, "raw", "cleaned", [str(stored)])
    assert +counts["dropped"] == {"duplicate_in_store": 1}
    assert con.sql("SELECT lat, lon FROM cleaned").fetchall() == [(40.1, 128.9)]
