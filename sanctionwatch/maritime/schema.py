"""The canonical AIS tables. Every ingest path (NMEA, CSV layouts, Parquet) ends in these columns.

Times are UTC, stored as naive ``timestamp[us]`` so that DuckDB and Spark read the same instants
without a session time zone getting in the way. Missing values are nulls, never sentinels: AIS's
"not available" codes (lat 91, lon 181, speed 102.3, course 360, heading 511) are turned into null or
the row dropped during cleaning, with counts.
"""

from __future__ import annotations

import pyarrow as pa

POSITIONS = pa.schema([
    ("mmsi", pa.int64()),
    ("ts", pa.timestamp("us")),        # UTC
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("sog", pa.float64()),             # knots; null when not available
    ("cog", pa.float64()),             # degrees true; null when not available
    ("heading", pa.int32()),           # degrees true; null when not available
    ("nav_status", pa.int32()),        # ITU-R M.1371 navigational status; null when not given
    ("source", pa.string()),           # file name or feed the row came from
])

STATICS = pa.schema([
    ("mmsi", pa.int64()),
    ("ts", pa.timestamp("us")),        # UTC; when the static report was received
    ("imo", pa.int64()),               # as broadcast (check digit NOT verified here)
    ("name", pa.string()),
    ("call_sign", pa.string()),
    ("ship_type", pa.int32()),         # ITU ship and cargo type code
    ("length", pa.float64()),          # metres (to_bow + to_stern)
    ("width", pa.float64()),           # metres (to_port + to_starboard)
    ("destination", pa.string()),
    ("source", pa.string()),
])

TABLES = {"positions": POSITIONS, "statics": STATICS}
