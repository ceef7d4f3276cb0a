"""Where detector SQL runs. The default is embedded DuckDB over the Parquet store.

Detectors are written once, as SQL in the subset DuckDB and Spark SQL share (window functions,
``CASE``, arithmetic, ``floor``, ``radians``/``sin``/``cos``/``asin``/``sqrt``, joins on equality and
ranges; no ``QUALIFY``, no DuckDB-only functions, no lambdas). An engine exposes:

* ``positions`` and ``statics``: the canonical tables (schema.py), already limited to the run's time
  window and bounding box;
* ``query(sql)``: a ``pyarrow.Table`` of the result;
* ``register(name, table)``: a small lookup table (ports, zone cells) under a name SQL can join.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime import store
from sanctionwatch.maritime.schema import POSITIONS, STATICS


@dataclass(frozen=True)
class Window:
    """The slice of the store a run looks at. Times are naive UTC; bbox is (west, south, east, north)."""

    since: datetime | None = None
    until: datetime | None = None
    bbox: tuple[float, float, float, float] | None = None

    def where(self, time_col: str = "ts", spatial: bool = True) -> str:
        clauses = []
        if self.since is not None:
            clauses.append(f"{time_col} >= TIMESTAMP '{self.since:%Y-%m-%d %H:%M:%S}'")
        if self.until is not None:
            clauses.append(f"{time_col} < TIMESTAMP '{self.until:%Y-%m-%d %H:%M:%S}'")
        if spatial and self.bbox is not None:
            west, south, east, north = self.bbox
            clauses.append(f"lat BETWEEN {south!r} AND {north!r}")
            if west <= east:
                clauses.append(f"lon BETWEEN {west!r} AND {east!r}")
            else:  # crosses the antimeridian
                clauses.append(f"(lon >= {west!r} OR lon <= {east!r})")
        return " AND ".join(clauses) if clauses else "TRUE"

    def positions_where(self, source: str) -> str:
        """The filter of the positions view: the time window, and with a box, the whole tracks (within
        the window) of the vessels seen in the box. Cutting tracks at the box's edge would invent
        gaps for ships that sail out and back; events are kept by where they happen (detect.py)."""
        if self.bbox is None:
            return self.where()
        return (f"{self.where(spatial=False)} AND mmsi IN "
                f"(SELECT DISTINCT mmsi FROM {source} WHERE {self.where()})")

    def contains(self, lat: float | None, lon: float | None) -> bool:
        if self.bbox is None:
            return True
        if lat is None or lon is None:
            return False
        west, south, east, north = self.bbox
        in_lon = west <= lon <= east if west <= east else (lon >= west or lon <= east)
        return south <= lat <= north and in_lon


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise ConfigError(f"--bbox {text!r}: expected WEST,SOUTH,EAST,NORTH in degrees") from None
    if not (-90 <= south < north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise ConfigError(f"--bbox {text!r}: latitudes must be -90..90 with south < north, longitudes -180..180")
    return west, south, east, north


def _empty_relation(schema: pa.Schema) -> str:
    cols = ", ".join(f"CAST(NULL AS {duck_type(f.type)}) AS {f.name}" for f in schema)
    return f"SELECT {cols} WHERE FALSE"


def duck_type(t: pa.DataType) -> str:
    """The DuckDB type of an Arrow column of the canonical tables."""
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_floating(t):
        return "DOUBLE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP"
    return "VARCHAR"


class DuckDBEngine:
    """Embedded DuckDB over the Parquet store (or over given files/tables, for tests and benchmarks)."""

    name = "duckdb"

    def __init__(self, window: Window | None = None, home: Path | None = None,
                 positions: Iterable[Path] | pa.Table | None = None,
                 statics: Iterable[Path] | pa.Table | None = None,
                 threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        self.window = window or Window()
        config: dict[str, Any] = {"threads": threads or os.cpu_count() or 1}
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.con = duckdb.connect(config=config)
        self.con.execute("SET TimeZone = 'UTC'")
        # sqlparts.epoch_seconds(): whole seconds since 1970 of a naive UTC timestamp.
        self.con.execute("CREATE MACRO sw_epoch(t) AS CAST(epoch_us(t) // 1000000 AS BIGINT)")
        self._bind("positions", POSITIONS, positions, home, spatial=True)
        self._bind("statics", STATICS, statics, home, spatial=False)

    def _bind(self, name: str, schema: pa.Schema, given: Any, home: Path | None, spatial: bool) -> None:
        cols = ", ".join(f.name for f in schema)
        if isinstance(given, pa.Table):
            self.con.register(f"_raw_{name}", given)
            source = f"_raw_{name}"
        else:
            files = [str(p) for p in (given if given is not None else store.table_files(name, home))]
            if not files:
                self.con.execute(f"CREATE VIEW {name} AS {_empty_relation(schema)}")
                return
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            source = f"read_parquet([{listed}], union_by_name = true)"
        where = self.window.positions_where(source) if spatial else self.window.where(spatial=False)
        self.con.execute(f"CREATE VIEW {name} AS SELECT {cols} FROM {source} WHERE {where}")

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def rows(self, sql: str) -> list[dict[str, Any]]:
        return self.query(sql).to_pylist()

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "DuckDBEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
