"""AIS tables from CSV (MarineCadastre, Danish Maritime Authority, or any layout with a column
mapping) and Parquet, read with DuckDB. The result is one typed table with the canonical position
and static fields, AIS's raw codes untouched (``clean`` handles them)."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctionwatch.errors import SourceFormatError

CANONICAL = ("mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status",
             "imo", "name", "call_sign", "ship_type", "length", "width", "destination")
REQUIRED = ("mmsi", "ts", "lat", "lon")
STATIC_FIELDS = ("imo", "name", "call_sign", "ship_type", "length", "width", "destination")

# MarineCadastre (BOEM/NOAA, USCG NAIS) daily files.
MARINECADASTRE = {
    "mmsi": "MMSI", "ts": "BaseDateTime", "lat": "LAT", "lon": "LON", "sog": "SOG", "cog": "COG",
    "heading": "Heading", "nav_status": "Status", "imo": "IMO", "name": "VesselName",
    "call_sign": "CallSign", "ship_type": "VesselType", "length": "Length", "width": "Width",
}
# Danish Maritime Authority (web.ais.dk aisdk_YYYYMMDD.csv): status and ship type as text.
DMA = {
    "ts": "# Timestamp", "mmsi": "MMSI", "lat": "Latitude", "lon": "Longitude",
    "nav_status": "Navigational status", "sog": "SOG", "cog": "COG", "heading": "Heading",
    "imo": "IMO", "call_sign": "Callsign", "name": "Name", "ship_type": "Ship type",
    "width": "Width", "length": "Length", "destination": "Destination",
}
LAYOUTS = {"marinecadastre": MARINECADASTRE, "dma": DMA}

# ITU-R M.1371 navigational status names as DMA writes them.
_NAV_STATUS_TEXT = {
    "under way using engine": 0, "at anchor": 1, "not under command": 2,
    "restricted maneuverability": 3, "restricted manoeuvrability": 3,
    "constrained by her draught": 4, "moored": 5, "aground": 6, "engaged in fishing": 7,
    "under way sailing": 8, "reserved for future amendment [hsc]": 9,
    "reserved for future amendment [wig]": 10, "power-driven vessel towing astern": 11,
    "power-driven vessel pushing ahead or towing alongside": 12, "reserved for future use": 13,
    "ais-sart is active": 14, "unknown value": 15, "unknown": 15, "undefined": 15,
}
# DMA ship type names -> a representative ITU ship-and-cargo code (first digit = category).
_SHIP_TYPE_TEXT = {
    "wig": 20, "fishing": 30, "towing": 31, "towing long/wide": 32, "dredging": 33, "diving": 34,
    "military": 35, "sailing": 36, "pleasure": 37, "hsc": 40, "pilot": 50, "sar": 51, "tug": 52,
    "port tender": 53, "anti-pollution": 54, "law enforcement": 55, "medical": 58,
    "not party to conflict": 59, "passenger": 60, "cargo": 70, "tanker": 80, "other": 90,
}


@dataclass
class TabularSource:
    layout: str                 # marinecadastre | dma | canonical | mapped
    rows: int
    table: str                  # DuckDB table with the canonical fields
    has_statics: bool


def is_gzip(path: Path) -> bool:
    with path.open("rb") as raw:
        return raw.read(2) == b"\x1f\x8b"


def open_text(path: Path) -> io.TextIOBase:
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def csv_header(path: Path) -> list[str]:
    with open_text(path) as text:
        try:
            return next(csv.reader(text))
        except StopIteration:
            raise SourceFormatError("empty file, no header line", file=str(path), line=1) from None


def detect_layout(header: list[str]) -> str | None:
    names = set(header)
    for layout, mapping in LAYOUTS.items():
        if all(mapping[f] in names for f in REQUIRED):
            return layout
    if all(f in names for f in REQUIRED):
        return "canonical"
    return None


def load(con: Any, path: Path, fmt: str, columns: dict[str, str] | None, table: str) -> TabularSource:
    """Read a CSV or Parquet file into DuckDB table ``table`` with the canonical fields.

    Raises SourceFormatError (file, line, field) for a missing required column or a value of a
    required field that cannot be read; nothing is kept in that case."""
    if fmt == "parquet":
        relation = f"read_parquet('{_quote(path)}')"
        header = [r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    else:
        # DuckDB guesses compression from the file name; a gzipped download saved without ".gz"
        # would be read as binary text, so the magic bytes decide.
        compression = "gzip" if is_gzip(path) else "none"
        relation = (f"read_csv('{_quote(path)}', header = true, all_varchar = true, "
                    f"delim = ',', quote = '\"', escape = '\"', compression = '{compression}')")
        header = csv_header(path)
    layout, mapping = _mapping(path, header, columns)
    types = ({r[0]: r[1] for r in con.sql(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
             if fmt == "parquet" else {})
    exprs = []
    for name in CANONICAL:
        column = mapping.get(name)
        if column is None:
            exprs.append(f"NULL::{_TYPES[name]} AS {name}")
        else:
            exprs.append(f"{_convert(name, _ident(column), types.get(column, 'VARCHAR'))} AS {name}")
    # For each required field, the raw text when it is present but unreadable (else NULL).
    checks = []
    for name in REQUIRED:
        raw = _ident(mapping[name])
        value = _convert(name, raw, types.get(mapping[name], "VARCHAR"))
        checks.append(f"CASE WHEN {raw} IS NOT NULL AND trim({raw}::VARCHAR) <> '' AND ({value}) IS NULL "
                      f"THEN {raw}::VARCHAR END AS _bad_{name}")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(exprs)}, "
                    f"{', '.join(checks)} FROM {relation}")
    except Exception as exc:  # duckdb raises its own error classes for unreadable files
        if fmt == "csv":
            # DuckDB's message for a row with too few or too many fields names neither the row nor
            # the cause ("Error when sniffing file"); find the row ourselves (error path only).
            _check_field_counts(path)
        raise SourceFormatError(f"cannot read as {fmt.upper()}: {_first_line(exc)}", file=str(path)) from None
    bad = con.sql(" UNION ALL ".join(
        f"(SELECT '{n}' AS field, _bad_{n} AS value FROM {table} WHERE _bad_{n} IS NOT NULL LIMIT 1)"
        for n in REQUIRED)).fetchall()
    if bad:
        field, value = bad[0]
        column = mapping[field]
        line = _line_of(path, column, value) if fmt == "csv" else None
        raise SourceFormatError(f"cannot read {field} from {value!r}", file=str(path), line=line,
                                field=column)
    con.execute(f"ALTER TABLE {table} DROP COLUMN " + f"; ALTER TABLE {table} DROP COLUMN ".join(
        f"_bad_{n}" for n in REQUIRED))
    rows = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    has_statics = any(f in mapping for f in STATIC_FIELDS)
    return TabularSource(layout=layout, rows=rows, table=table, has_statics=has_statics)


def _mapping(path: Path, header: list[str], columns: dict[str, str] | None) -> tuple[str, dict[str, str]]:
    if columns:
        layout, mapping = "mapped", dict(columns)
    else:
        layout = detect_layout(header)
        if layout is None:
            raise SourceFormatError(
                "unknown AIS table layout (not MarineCadastre, DMA or canonical column names); "
                "give a column mapping such as mmsi=MMSI,ts=Time,lat=Lat,lon=Lon",
                file=str(path), line=1)
        mapping = dict(LAYOUTS.get(layout) or {n: n for n in CANONICAL if n in header})
        if layout != "canonical":
            mapping = {k: v for k, v in mapping.items() if v in header}
    for name in REQUIRED:
        if name not in mapping:
            raise SourceFormatError(f"no column given for required field {name}", file=str(path), line=1)
    for name, column in mapping.items():
        if name not in CANONICAL:
            raise SourceFormatError(f"unknown field {name!r} in the column mapping "
                                    f"(known: {', '.join(CANONICAL)})", file=str(path))
        if column not in header:
            raise SourceFormatError(f"missing column {column!r} (for {name})", file=str(path), line=1,
                                    field=column)
    return layout, mapping


_TYPES = {"mmsi": "BIGINT", "ts": "TIMESTAMP", "lat": "DOUBLE", "lon": "DOUBLE", "sog": "DOUBLE",
          "cog": "DOUBLE", "heading": "INTEGER", "nav_status": "INTEGER", "imo": "BIGINT",
          "name": "VARCHAR", "call_sign": "VARCHAR", "ship_type": "INTEGER", "length": "DOUBLE",
          "width": "DOUBLE", "destination": "VARCHAR"}


def _convert(name: str, col: str, duck_type: str) -> str:
    text = duck_type.upper() == "VARCHAR"
    if name == "ts":
        if duck_type.upper().startswith("TIMESTAMP") or duck_type.upper() == "DATE":
            return f"CAST({col} AS TIMESTAMP)"
        if not text:
            return _epoch_number(f"TRY_CAST({col} AS BIGINT)")
        t = f"trim({col})"
        return (f"COALESCE(CAST(TRY_CAST({t} AS TIMESTAMPTZ) AS TIMESTAMP), "
                f"try_strptime({t}, '%d/%m/%Y %H:%M:%S'), try_strptime({t}, '%d/%m/%Y %H:%M'), "
                f"CASE WHEN regexp_full_match({t}, '[0-9]{{9,19}}') "
                f"THEN {_epoch_number(f'TRY_CAST({t} AS BIGINT)')} END)")
    if name == "mmsi":
        return f"TRY_CAST(TRY_CAST({col} AS DOUBLE) AS BIGINT)" if text else f"TRY_CAST({col} AS BIGINT)"
    if name in ("lat", "lon", "sog", "cog", "length", "width"):
        value = f"TRY_CAST({col} AS DOUBLE)"
        return f"NULLIF({value}, 0)" if name in ("length", "width") else value
    if name in ("heading", "nav_status", "ship_type"):
        number = f"TRY_CAST(round(TRY_CAST({col} AS DOUBLE)) AS INTEGER)"
        if not text or name == "heading":
            return number if name != "ship_type" else f"NULLIF({number}, 0)"
        names = _NAV_STATUS_TEXT if name == "nav_status" else _SHIP_TYPE_TEXT
        cases = " ".join(f"WHEN '{k}' THEN {v}" for k, v in names.items())
        value = f"COALESCE({number}, CASE lower(trim({col})) {cases} END)"
        return value if name == "nav_status" else f"NULLIF({value}, 0)"
    if name == "imo":
        if not text:
            return f"NULLIF(TRY_CAST({col} AS BIGINT), 0)"
        return f"NULLIF(TRY_CAST(regexp_replace(trim({col}), '^IMO *', '', 'i') AS BIGINT), 0)"
    return f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"


def _epoch_number(value: str) -> str:
    """SQL: a TIMESTAMP from a BIGINT epoch whose unit is told by its magnitude. Today is about
    1.7e9 s = 1.7e12 ms = 1.7e15 us = 1.7e18 ns; each band below starts in 1973 and the unit below
    it reaches past 5138, so no plausible AIS time is read in the wrong unit (an implausible time
    is dropped by ``clean``).
    Scaling only within its band keeps every product inside BIGINT."""
    return (f"CASE WHEN {value} BETWEEN -99999999999 AND 99999999999 THEN make_timestamp({value} * 1000000) "
            f"WHEN {value} BETWEEN -99999999999999 AND 99999999999999 THEN make_timestamp({value} * 1000) "
            f"WHEN {value} BETWEEN -99999999999999999 AND 99999999999999999 THEN make_timestamp({value}) "
            f"ELSE make_timestamp({value} // 1000) END")


def _check_field_counts(path: Path) -> None:
    """Raise SourceFormatError naming the first line whose field count differs from the header's."""
    with open_text(path) as text:
        reader = csv.reader(text)
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            return
        try:
            for row in reader:
                if row and len(row) != len(header):
                    raise SourceFormatError(
                        f"{len(row)} fields where the header has {len(header)}", file=str(path),
                        line=reader.line_num)
        except csv.Error as exc:
            raise SourceFormatError(f"not CSV: {exc}", file=str(path), line=reader.line_num) from None


def _line_of(path: Path, column: str, value: str) -> int | None:
    """The file line holding ``value`` in ``column`` (error path only: a plain sequential scan)."""
    with open_text(path) as text:
        reader = csv.reader(text)
        header = next(reader)
        index = header.index(column)
        for row in reader:
            if index < len(row) and row[index].strip() == value.strip():
                return reader.line_num
    return None


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
