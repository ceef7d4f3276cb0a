"""CSV layouts and Parquet through tabular.load (and ingest for the real files' counts)."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.maritime import store
from sanctionwatch.maritime.ais import tabular
from sanctionwatch.maritime.ingest import ingest

MC = "ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"
DMA = "ais/dma_aisdk_20180208_mobiml_sample/test_aisdk_20180208_sample.csv"


@pytest.fixture
def con():
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    yield connection
    connection.close()


def test_layouts_detected_from_header(shared_file):
    assert tabular.detect_layout(tabular.csv_header(shared_file(MC))) == "marinecadastre"
    assert tabular.detect_layout(tabular.csv_header(shared_file(DMA))) == "dma"
    assert tabular.detect_layout(["mmsi", "ts", "lat", "lon"]) == "canonical"
    assert tabular.detect_layout(["a", "b"]) is None


def test_marinecadastre_real_day(shared_file, tmp_path):
    report = ingest([shared_file(MC)], home=tmp_path)
    (file,) = report.files
    assert (file.format, file.layout, file.rows_read) == ("csv", "marinecadastre", 99_999)
    # 75 rows repeat an (MMSI, time) of another row (PROVENANCE.md); 3 of them also repeat the
    # position (true duplicates, dropped); the other 72 are at other places (one MMSI, several
    # transmitters: kept for the identity detector, and counted).
    assert report.dropped["duplicate"] == 3
    assert report.same_mmsi_time == 72
    assert report.positions_kept == 99_999 - 3
    # 212 MMSIs outside the ship-station range 2xx-7xx (PROVENANCE.md). 99 of them are not nine
    # digits as integers, but 67 of those are coast stations (00MIDxxxx, 60 rows: 3669881...) and a
    # group call (0MIDxxxxx, 7 rows: 36926403) that lost their leading zeros: valid ITU-R M.585
    # shapes. Invalid are the 32 other short or long ones and 42 nine-digit numbers of no shape
    # (122292919, 998975541, 999999999...).
    assert report.not_ship_station_mmsi == 212
    assert report.invalid_mmsi == 32 + 42
    assert report.normalised["heading_not_available"] == 52_249
    assert report.normalised["sog_not_available"] == 177
    assert report.normalised["cog_not_available"] == 14_023
    # Statics: one row per MMSI that sent any static value, more only where a value changed.
    statics = f"read_parquet({[str(p) for p in store.table_files('statics', tmp_path)]})"
    with_statics = duckdb.sql(
        f"SELECT count(DISTINCT MMSI) FROM read_csv('{shared_file(MC)}') WHERE VesselName IS NOT NULL "
        "OR IMO <> 'IMO0000000' OR CallSign IS NOT NULL OR VesselType > 0 OR Length > 0 "
        "OR Width > 0").fetchall()[0][0]     # 0 means "not available" in AIS
    assert duckdb.sql(f"SELECT count(DISTINCT mmsi) FROM {statics}").fetchall()[0][0] == with_statics
    assert with_statics <= report.statics_kept < with_statics * 1.01
    rows = duckdb.sql(f"SELECT imo, name, call_sign, ship_type, length, width FROM {statics} "
                      "WHERE mmsi = 367379190").fetchall()
    assert rows == [(8207721, "EAGLE", "WTD4583", 31, 28.0, 11.0)]


def test_dma_sample(shared_file, tmp_path):
    report = ingest([shared_file(DMA)], home=tmp_path)
    assert report.files[0].layout == "dma"
    assert report.positions_kept == 10
    assert report.statics_kept == 0         # every static field is "Unknown"/"Undefined"/empty
    assert report.normalised == {"nav_status_not_defined": 2}     # "Unknown value"
    rows = duckdb.sql(f"SELECT mmsi, ts, lat, lon, sog, cog, heading, nav_status FROM "
                      f"read_parquet({[str(p) for p in store.table_files('positions', tmp_path)]}) "
                      "WHERE mmsi IN (244678000, 266065000) ORDER BY mmsi").fetchall()
    assert [r[7] for r in rows] == [1, 9]               # At anchor; Reserved [HSC]
    assert str(rows[0][1]) == "2018-02-08 00:00:00"     # dd/mm/yyyy
    assert rows[0][2:7] == (57.549578, 11.666492, 0.2, 162.7, 227)


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_mapped_csv_with_statics(con, tmp_path):
    path = write_csv(tmp_path / "feed.csv", [
        "ship,when,y,x,speed,vessel,type",
        "445000001,2024-04-14T06:00:00Z,42.23,130.30,0.1,LADY R,70",
        "445000001,2024-04-14 07:00:00,42.23,130.30,,LADY R,70",
        "445000002,1713078000,42.20,130.31,3.5,,",
    ])
    mapping = {"mmsi": "ship", "ts": "when", "lat": "y", "lon": "x", "sog": "speed", "name": "vessel",
               "ship_type": "type"}
    loaded = tabular.load(con, path, "csv", mapping, "t")
    assert (loaded.layout, loaded.rows, loaded.has_statics) == ("mapped", 3, True)
    rows = con.sql("SELECT mmsi, CAST(ts AS VARCHAR), sog, name, ship_type FROM t ORDER BY ts, mmsi").fetchall()
    assert rows == [(445000001, "2024-04-14 06:00:00", 0.1, "LADY R", 70),
                    (445000001, "2024-04-14 07:00:00", None, "LADY R", 70),
                    (445000002, "2024-04-14 07:00:00", 3.5, None, None)]


def test_missing_required_column_is_one_line_error(con, tmp_path):
    path = write_csv(tmp_path / "x.csv", ["MMSI,BaseDateTime,LAT", "1,2022-01-01T00:00:00,1"])
    with pytest.raises(SourceFormatError) as error:
        tabular.load(con, path, "csv", {"mmsi": "MMSI", "ts": "BaseDateTime", "lat": "LAT", "lon": "LON"}, "t")
    assert str(error.value) == f"{path}, line 1, field LON: missing column 'LON' (for lon)"
    with pytest.raises(SourceFormatError, match="unknown AIS table layout"):
        tabular.load(con, path, "csv", None, "t")


def test_unreadable_time_names_file_line_and_field(tmp_path):
    lines = ["MMSI,BaseDateTime,LAT,LON"] + [f"36700000{i},2022-01-03T00:00:0{i},30.0,-88.0" for i in range(5)]
    lines.insert(4, "367000009,yesterday noon,30.0,-88.0")
    path = tmp_path / "bad.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    with pytest.raises(SourceFormatError) as error:
        ingest([path], home=tmp_path / "home")
    assert str(error.value) == f"{path}, line 5, field BaseDateTime: cannot read ts from 'yesterday noon'"
    assert store.table_files("positions", tmp_path / "home") == []
    assert store.ingests(tmp_path / "home") == []


def test_parquet_with_canonical_names(con, tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({
        "mmsi": pa.array([273111222, 273111222], pa.int64()),
        "ts": pa.array([1_700_000_000_000_000, 1_700_000_060_000_000], pa.timestamp("us")),
        "lat": [42.75, 42.76], "lon": [133.08, 133.09], "sog": [0.0, 102.3],
        "name": ["PATRIOT", "PATRIOT"]}), path)
    loaded = tabular.load(con, path, "parquet", None, "t")
    assert (loaded.layout, loaded.rows, loaded.has_statics) == ("canonical", 2, True)
    assert con.sql("SELECT CAST(min(ts) AS VARCHAR), max(sog) FROM t").fetchall() == [("2023-11-14 22:13:20", 102.3)]


def test_integer_times_unit_by_magnitude(con, tmp_path):
    """Epoch seconds, milliseconds, microseconds and nanoseconds all read as the same time."""
    seconds = 1_700_000_000
    path = tmp_path / "units.parquet"
    pq.write_table(pa.table({
        "mmsi": pa.array([273111222] * 4, pa.int64()),
        "ts": pa.array([seconds, seconds * 1000, seconds * 10**6, seconds * 10**9], pa.int64()),
        "lat": [42.75] * 4, "lon": [133.08] * 4}), path)
    tabular.load(con, path, "parquet", None, "t")
    assert con.sql("SELECT DISTINCT CAST(ts AS VARCHAR) FROM t").fetchall() == [("2023-11-14 22:13:20",)]
    csv_path = write_csv(tmp_path / "units.csv", ["mmsi,ts,lat,lon"] + [
        f"273111222,{value},42.75,133.08" for value in (seconds, seconds * 1000, seconds * 10**6, seconds * 10**9)])
    tabular.load(con, csv_path, "csv", None, "t2")
    assert con.sql("SELECT DISTINCT CAST(ts AS VARCHAR) FROM t2").fetchall() == [("2023-11-14 22:13:20",)]


def test_implausible_integer_times_are_dropped_not_a_crash(tmp_path):
    """Epoch microseconds used to be taken for milliseconds (the year 57982) and crash the ingest."""
    path = tmp_path / "us.parquet"
    pq.write_table(pa.table({
        "mmsi": pa.array([273111222] * 3, pa.int64()),
        "ts": pa.array([1_700_000_000_000_000, 12, 99_999_999_999], pa.int64()),   # us; 1970; 5138
        "lat": [42.75, 42.76, 42.77], "lon": [133.08, 133.09, 133.10]}), path)
    report = ingest([path], home=tmp_path / "home")
    assert report.positions_kept == 1
    assert report.dropped == {"time_out_of_range": 2}
    assert report.time_span[0] == report.time_span[1] and str(report.time_span[0]) == "2023-11-14 22:13:20"


@pytest.mark.parametrize("extra, fields", [(-12, 5), (2, 19)])
@pytest.mark.parametrize("packed", ["plain", "gzip without suffix"])
def test_row_with_wrong_field_count_names_its_line(shared_file, tmp_path, extra, fields, packed):
    with gzip.open(shared_file(MC), "rt") as source:
        lines = [next(source).rstrip("\n") for _ in range(40)]
    cells = lines[30].split(",")
    lines[30] = ",".join(cells[:extra] if extra < 0 else cells + ["x"] * extra)
    text = ("\n".join(lines) + "\n").encode()
    path = tmp_path / "day.csv"
    path.write_bytes(text if packed == "plain" else gzip.compress(text))
    with pytest.raises(SourceFormatError) as error:
        ingest([path], format="csv", home=tmp_path / "home")
    assert str(error.value) == f"{path}, line 31: {fields} fields where the header has 17"


def test_gzipped_csv_without_gz_suffix(shared_file, tmp_path):
    with gzip.open(shared_file(MC), "rb") as source:
        head = b"".join(next(source) for _ in range(101))
    path = tmp_path / "AIS_2022_01_03.download"
    path.write_bytes(gzip.compress(head))
    report = ingest([path], home=tmp_path / "home")
    assert (report.files[0].format, report.files[0].layout, report.files[0].rows_read) == ("csv", "marinecadastre", 100)
    assert report.positions_kept == 100
