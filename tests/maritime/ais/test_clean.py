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
