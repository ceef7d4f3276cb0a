"""AIS ingest: NMEA, CSV or Parquet files -> decoded, cleaned, deduplicated -> the Parquet store.

``ingest()`` reads and checks every file before anything is written; the store write is atomic
(store.write_ingest). From reading the tables to the manifest it holds the store's ingest lock, so
two ingests cannot both pass the duplicate check. The report says what was read, kept, dropped and
normalised, with counts.
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
import re
import shutil
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pyarrow as pa

from sanctionwatch.errors import ConfigError, NotFound, SourceFormatError
from sanctionwatch.maritime import store
from sanctionwatch.maritime.ais import clean, tabular
from sanctionwatch.maritime.ais.nmea import DecodeCounts, NmeaDecoder, PositionColumns
from sanctionwatch.maritime.engine import duck_type
from sanctionwatch.maritime.schema import STATICS

FORMATS = ("nmea", "csv", "parquet")
CHUNK_BYTES = 8 * 1024 * 1024

Progress = Callable[[str, int, int], None]

_RAW_POSITIONS = pa.schema([
    ("mmsi", pa.int64()), ("ts", pa.timestamp("us")), ("lat", pa.float64()), ("lon", pa.float64()),
    ("sog", pa.float64()), ("cog", pa.float64()), ("heading", pa.int32()), ("nav_status", pa.int32()),
])
_RAW_STATICS = pa.schema([f for f in STATICS if f.name != "source"])


@dataclass
class FileReport:
    path: str
    sha256: str
    format: str
    layout: str             # nmea | marinecadastre | dma | canonical | mapped
    rows_read: int          # NMEA: sentences framed; tables: data rows


@dataclass
class IngestReport:
    ingest_id: str
    files: list[FileReport] = field(default_factory=list)
    positions_kept: int = 0
    statics_kept: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    normalised: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)      # comments, blank and non-AIS sentences
    message_types: dict[int, int] = field(default_factory=dict)
    invalid_mmsi: int = 0               # kept positions whose MMSI has no ITU-R M.585 shape
    not_ship_station_mmsi: int = 0      # kept positions whose MMSI is not a ship station's (MIDxxxxxx)
    same_mmsi_time: int = 0             # kept positions sharing MMSI and time with another, elsewhere
    time_span: tuple[datetime, datetime] | None = None
    written: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["message_types"] = {str(k): v for k, v in sorted(self.message_types.items())}
        data["time_span"] = ([t.isoformat() for t in self.time_span] if self.time_span else None)
        return data


def parse_columns(text: str) -> dict[str, str]:
    """``mmsi=MMSI,ts=BaseDateTime,lat=LAT,lon=LON`` -> {"mmsi": "MMSI", ...}."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, column = item.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise ConfigError(f"--columns: {item!r} is not FIELD=COLUMN")
        if name not in tabular.CANONICAL:
            raise ConfigError(f"--columns: unknown field {name!r} (known: {', '.join(tabular.CANONICAL)})")
        mapping[name] = column
    if not mapping:
        raise ConfigError("--columns: empty mapping")
    return mapping


def detect_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    with path.open("rb") as raw:
        head = raw.read(65536)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as unzipped:
            head = unzipped.read(65536)
    if b"VDM," in head or b"VDO," in head:
        return "nmea"
    if name.endswith((".csv", ".csv.gz", ".txt")) or b"," in head.split(b"\n", 1)[0]:
        return "csv"
    raise SourceFormatError("cannot tell the format (NMEA, CSV or Parquet); give it explicitly",
                            file=str(path))


def ingest(paths: Sequence[Path], format: str | None = None, columns: dict[str, str] | None = None,
           home: Path | None = None, default_time: datetime | None = None,
           progress: Progress | None = None) -> IngestReport:
    """Decode, clean and store AIS files as one ingest; see the module docstring."""
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    if not paths:
        raise ConfigError("no AIS files given")
    if format is not None and format not in FORMATS:
        raise ConfigError(f"--format {format!r}: expected one of {', '.join(FORMATS)}")
    for path in paths:
        if not path.is_file():
            raise NotFound(f"{path}: no such file")
    formats = [format or detect_format(path) for path in paths]
    when = None if default_time is None else _epoch(default_time)
    # NMEA is decoded before DuckDB starts its threads: decoding forks worker processes.
    decoded = {i: _decode_nmea(path, when, progress)
               for i, (path, fmt) in enumerate(zip(paths, formats)) if fmt == "nmea"}
    report = IngestReport(ingest_id=store.new_ingest_id())
    with store.ingest_lock(home):
        store.remove_orphans(home)
        _read_clean_write(paths, formats, decoded, columns, home, report, progress)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _read_clean_write(paths: list[Path], formats: list[str], decoded: dict[int, tuple],
                      columns: dict[str, str] | None, home: Path | None, report: IngestReport,
                      progress: Progress | None) -> None:
    """The part of ``ingest`` that runs under the store's ingest lock; fills in ``report``."""
    import duckdb

    now = datetime.now(timezone.utc)
    scratch = store.ais_home(home) / f".scratch-{report.ingest_id}"
    scratch.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"temp_directory": str(scratch)})
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")
        dropped, normalised, skipped, types = Counter(), Counter(), Counter(), Counter()
        position_parts, static_parts = [], []
        for index, (path, fmt) in enumerate(zip(paths, formats)):
            source = _sql_text(path.name)
            if fmt == "nmea":
                positions, statics, counts = decoded[index]
                con.register(f"_nmea_positions_{index}", positions)
                con.register(f"_nmea_statics_{index}", statics)
                position_parts.append(f"SELECT *, {source} AS source FROM _nmea_positions_{index}")
                static_parts.append(f"SELECT *, {source} AS source FROM _nmea_statics_{index}")
                dropped.update(counts.dropped)
                skipped.update(counts.skipped)
                types.update(counts.message_types)
                layout, rows = "nmea", counts.sentences
            else:
                loaded = tabular.load(con, path, fmt, columns, f"_table_{index}")
                cols = ", ".join(f.name for f in _RAW_POSITIONS)
                position_parts.append(f"SELECT {cols}, {source} AS source FROM {loaded.table}")
                if loaded.has_statics:
                    fields = ", ".join(f.name for f in _RAW_STATICS)
                    any_static = " OR ".join(f"{f} IS NOT NULL" for f in clean.STATIC_FIELDS)
                    static_parts.append(f"SELECT {fields}, {source} AS source FROM {loaded.table} "
                                        f"WHERE {any_static}")
                layout, rows = loaded.layout, loaded.rows
                if progress:
                    progress(f"read {path.name}", 1, 1)
            report.files.append(FileReport(str(path), _sha256(path), fmt, layout, rows))

        con.execute("CREATE TEMP VIEW _raw_positions AS " + " UNION ALL ".join(position_parts))
        con.execute("CREATE TEMP VIEW _raw_statics AS " + (
            " UNION ALL ".join(static_parts) if static_parts else
            "SELECT " + ", ".join(f"NULL::{duck_type(f.type)} AS {f.name}" for f in STATICS) + " WHERE FALSE"))
        # Only plausible times: cleaning drops the others, and a date in the year 57982 cannot
        # even be fetched into Python.
        in_range = clean.time_in_range("ts", now)
        days = {r[0] for r in con.sql(
            f"SELECT DISTINCT CAST(ts AS DATE) FROM _raw_positions WHERE {in_range} UNION "
            f"SELECT DISTINCT CAST(ts AS DATE) FROM _raw_statics WHERE {in_range}").fetchall()}
        stored = {name: _stored_files(name, days, home) for name in store.TABLE_NAMES}
        for result in (clean.clean_positions(con, "_raw_positions", "_positions", stored["positions"], now),
                       clean.clean_statics(con, "_raw_statics", "_statics", stored["statics"], now)):
            dropped.update(result["dropped"])
            normalised.update(result["normalised"])

        report.dropped = dict(sorted((k, v) for k, v in dropped.items() if v))
        report.normalised = dict(sorted((k, v) for k, v in normalised.items() if v))
        report.skipped = dict(sorted(skipped.items()))
        report.message_types = dict(sorted(types.items()))
        _summarise(con, report)
        report.written = store.write_ingest(
            con, report.ingest_id, {"positions": "_positions", "statics": "_statics"},
            manifest=_manifest(report), home=home, progress=progress)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _decode_nmea(path: Path, default_time: float | None,
                 progress: Progress | None) -> tuple[pa.Table, pa.Table, DecodeCounts]:
    """Decode one NMEA file; a large plain file is cut at line boundaries (never between the
    parts of a multi-sentence message) and its pieces decoded on all cores."""
    size = path.stat().st_size
    workers = min(os.cpu_count() or 1, 8)
    if _is_gzip(path) or workers < 2 or size < 2 * CHUNK_BYTES:
        results = [_decode_range(str(path), 0, None, default_time, progress)]
    else:
        ranges = _ranges(path, size, max(CHUNK_BYTES, size // (4 * workers)))
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_decode_range, str(path), a, b, default_time, None) for a, b in ranges]
            results = []
            for (_, end), future in zip(ranges, futures):
                results.append(future.result())
                if progress:
                    progress(f"read {path.name}", end, size)
    counts = DecodeCounts()
    for _, _, part in results:
        counts.dropped.update(part.dropped)
        counts.skipped.update(part.skipped)
        counts.message_types.update(part.message_types)
        counts.sentences += part.sentences
        counts.fast_decoded += part.fast_decoded
    if counts.sentences == 0:
        # A CSV given as --format nmea, or an unrelated log: an empty result would look like a
        # quiet day at sea.
        raise SourceFormatError("no AIS sentence found (!AIVDM/!AIVDO); is it NMEA?", file=str(path))
    positions = PositionColumns.concat([r[0] for r in results])
    statics = [row for r in results for row in r[1]]
    return _positions_table(positions), _statics_table(statics), counts


def _decode_range(path: str, start: int, end: int | None, default_time: float | None,
                  progress: Progress | None) -> tuple[PositionColumns, list[dict[str, Any]], DecodeCounts]:
    decoder = NmeaDecoder(default_time=default_time)
    parts: list[PositionColumns] = []
    statics: list[dict[str, Any]] = []
    total = os.path.getsize(path)
    opener = gzip.open if start == 0 and _is_gzip(Path(path)) else open
    with opener(path, "rb") as stream:
        stream.seek(start)
        remaining = None if end is None else end - start
        rest = b""
        while remaining is None or remaining > 0:
            block = stream.read(CHUNK_BYTES if remaining is None else min(CHUNK_BYTES, remaining))
            if not block:
                break
            if remaining is not None:
                remaining -= len(block)
            data = rest + block
            cut = data.rfind(b"\n") + 1
            rest, data = data[cut:], data[:cut]
            if data:
                positions, found = decoder.feed(data)
                parts.append(positions)
                statics += found
            if progress:
                done = stream.fileobj.tell() if hasattr(stream, "fileobj") else stream.tell()
                progress(f"read {Path(path).name}", done, total)
        if rest:
            positions, found = decoder.feed(rest + b"\n")
            parts.append(positions)
            statics += found
    decoder.finish()
    return PositionColumns.concat(parts), statics, decoder.counts


_LATER_FRAGMENT = re.compile(rb"VD[MO],[2-9],[2-9],")


def _ranges(path: Path, size: int, step: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``step`` bytes starting at line starts that do not continue a
    multi-sentence message."""
    cuts = [0]
    with path.open("rb") as stream:
        offset = step
        while offset < size:
            stream.seek(offset)
            window = stream.read(65536)
            position = window.find(b"\n") + 1
            while 0 < position < len(window):
                line_end = window.find(b"\n", position)
                line = window[position:line_end if line_end >= 0 else len(window)]
                if not _LATER_FRAGMENT.search(line) or line_end < 0:
                    break
                position = line_end + 1
            if position <= 0 or offset + position >= size:
                break
            cuts.append(offset + position)
            offset = offset + position + step
    cuts.append(size)
    return list(zip(cuts[:-1], cuts[1:]))


def _positions_table(cols: PositionColumns) -> pa.Table:
    # Type 27 has its own "not available" codes (speed 63, course 511); map them onto the common
    # ones so that cleaning treats and counts them the same way.
    long_range = cols.msg_type == 27
    sog = np.where(long_range & (cols.sog == 63), 102.3, cols.sog)
    cog = np.where(long_range & (cols.cog == 511), 360.0, cols.cog)
    return pa.table([
        pa.array(cols.mmsi), pa.array(cols.ts_us).cast(pa.timestamp("us")),
        pa.array(cols.lat), pa.array(cols.lon), pa.array(sog), pa.array(cog),
        pa.array(cols.heading, mask=cols.heading < 0), pa.array(cols.nav_status, mask=cols.nav_status < 0),
    ], schema=_RAW_POSITIONS)


def _statics_table(rows: list[dict[str, Any]]) -> pa.Table:
    for row in rows:
        row["ts"] = row.pop("ts_us")
    table = pa.Table.from_pylist(rows, schema=pa.schema(
        [("ts", pa.int64()) if f.name == "ts" else f for f in _RAW_STATICS]))
    return table.set_column(1, "ts", table["ts"].cast(pa.timestamp("us")))


def _summarise(con: Any, report: IngestReport) -> None:
    report.positions_kept = con.sql("SELECT count(*) FROM _positions").fetchall()[0][0]
    report.statics_kept = con.sql("SELECT count(*) FROM _statics").fetchall()[0][0]
    mmsi = clean.mmsi_counts(con, "_positions")
    report.invalid_mmsi = mmsi["invalid_mmsi"]
    report.not_ship_station_mmsi = mmsi["not_ship_station_mmsi"]
    report.same_mmsi_time = con.sql(
        "SELECT count(*) - count(DISTINCT (mmsi, ts)) FROM _positions").fetchall()[0][0]
    first, last = con.sql("SELECT min(ts), max(ts) FROM (SELECT ts FROM _positions "
                          "UNION ALL SELECT ts FROM _statics)").fetchall()[0]
    report.time_span = (first, last) if first is not None else None


def _manifest(report: IngestReport) -> dict[str, Any]:
    data = report.to_dict()
    data.pop("written", None)
    data.pop("seconds", None)
    data["created"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return data


def _stored_files(table: str, days: set, home: Path | None) -> list[str]:
    wanted = {f"day={d:%Y-%m-%d}" for d in days}
    return [str(p) for p in store.table_files(table, home) if p.parent.name in wanted]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(2) == b"\x1f\x8b"


def _epoch(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
