"""ingest(): NMEA/CSV -> store, the report, store deduplication and the atomic write."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pyarrow.parquet as pq
import pytest

from sanctionwatch.errors import ConfigError, NotFound, StoreError
from sanctionwatch.maritime import store
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.maritime.ingest import detect_format, ingest, parse_columns

NM4 = "ais/aisdb_samples/test_data_20211101.nm4"
USCG = "ais/aisdb_samples/test_data_201201.nmea"
GPSD = "ais/gpsd_nmea_samples/sample.aivdm"
MC = "ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"


def test_nm4_tag_block_times(shared_file, tmp_path):
    report = ingest([shared_file(NM4)], home=tmp_path)
    assert report.files[0].format == "nmea"
    assert report.time_span == (datetime(2021, 11, 1, 1, 58, 7), datetime(2021, 11, 1, 1, 59, 6))
    assert report.positions_kept == 915 and report.statics_kept == 45
    assert report.dropped == {"lat_out_of_range": 2, "static_unchanged": 1, "unsupported_type": 20}
    assert report.message_types[27] == 127
    with DuckDBEngine(home=tmp_path) as engine:
        first, last, n = engine.rows("SELECT min(ts) AS a, max(ts) AS b, count(*) AS n FROM positions")[0].values()
    assert (first, last, n) == (datetime(2021, 11, 1, 1, 58, 7), datetime(2021, 11, 1, 1, 59, 6), 915)
    manifest = store.ingests(tmp_path)[0]
    assert manifest["ingest_id"] == report.ingest_id
    assert manifest["files"] == report.written
    assert manifest["positions_kept"] == 915


def test_uscg_trailing_times(shared_file, tmp_path):
    report = ingest([shared_file(USCG)], home=tmp_path)
    assert report.time_span[0].date() == datetime(2012, 1, 1).date()
    assert "no_time" not in report.dropped


def test_gpsd_samples_need_a_default_time(shared_file, tmp_path):
    without = ingest([shared_file(GPSD)], home=tmp_path / "a")
    # 12 positions + 11 statics, one type 19 message being both
    assert without.positions_kept == 0 and without.dropped["no_time"] == 22
    stamped = ingest([shared_file(GPSD)], home=tmp_path / "b", default_time=datetime(2010, 5, 1))
    assert stamped.positions_kept == 11 and "no_time" not in stamped.dropped
    assert stamped.time_span == (datetime(2010, 5, 1), datetime(2010, 5, 1))


def test_layout_sorted_files_and_dedup_against_store(shared_file, tmp_path):
    first = ingest([shared_file(MC)], home=tmp_path)
    files = store.table_files("positions", tmp_path)
    assert [p.parent.name for p in files] == ["day=2022-01-03"]
    assert files[0].name == f"{first.ingest_id}.parquet"
    table = pq.read_table(files[0])
    assert table.schema.names == ["mmsi", "ts", "lat", "lon", "sog", "cog", "heading", "nav_status", "source"]
    keys = list(zip(table["mmsi"].to_pylist(), table["ts"].to_pylist()))
    assert keys == sorted(keys)
    again = ingest([shared_file(MC)], home=tmp_path)
    assert again.positions_kept == 0 and again.statics_kept == 0
    assert again.dropped["duplicate_in_store"] == first.positions_kept
    assert again.dropped["static_in_store"] == first.statics_kept
    assert len(store.ingests(tmp_path)) == 2


def test_failed_write_leaves_the_store_as_it_was(shared_file, tmp_path, monkeypatch):
    ingest([shared_file(NM4)], home=tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    renames = []
    real_replace = os.replace

    def failing_replace(src, dst):
        renames.append(dst)
        if len(renames) == 2:       # the second file of the ingest: the first is already in place
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", failing_replace)
    nmea = tmp_path / "two_days.nmea"
    nmea.write_bytes(shared_file(USCG).read_bytes() + shared_file(NM4).read_bytes())
    with pytest.raises(StoreError, match="not written: disk full"):
        ingest([nmea], home=tmp_path)
    nmea.unlink()
    after = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert after == before
    assert len(renames) == 2


def test_parse_columns_and_errors(tmp_path):
    assert parse_columns("mmsi=MMSI, ts=# Timestamp,lat=Latitude,lon=Longitude") == {
        "mmsi": "MMSI", "ts": "# Timestamp", "lat": "Latitude", "lon": "Longitude"}
    with pytest.raises(ConfigError, match="unknown field 'speed'"):
        parse_columns("speed=SOG")
    with pytest.raises(ConfigError, match="not FIELD=COLUMN"):
        parse_columns("mmsi")
    with pytest.raises(NotFound):
        ingest([tmp_path / "missing.nmea"], home=tmp_path)
    with pytest.raises(ConfigError):
        ingest([tmp_path], format="xml", home=tmp_path)


def test_detect_format(shared_file):
    assert detect_format(shared_file(NM4)) == "nmea"
    assert detect_format(shared_file(MC)) == "csv"
    assert detect_format(shared_file("ais/dma_aisdk_20180208_mobiml_sample/test_aisdk_20180208_sample.csv")) == "csv"


def test_progress_is_reported(shared_file, tmp_path):
    seen = []
    ingest([shared_file(NM4)], home=tmp_path, progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[0][0] == "read test_data_20211101.nm4" and seen[-1] == ("write", 2, 2)
    assert json.loads(next((tmp_path / "ais" / "ingests").glob("*.json")).read_text())["files"]


def test_parallel_decode_equals_one_pass(shared_file, tmp_path, monkeypatch):
    """A large file is cut at line starts (never inside a multi-sentence message) and decoded on
    all cores; the result equals one decoder reading the whole file."""
    import numpy as np

    from sanctionwatch.maritime import ingest as ingest_module
    from sanctionwatch.maritime.ais.nmea import NmeaDecoder

    data = b"".join(shared_file(f"ais/{name}").read_bytes() for name in (
        "gpsd_nmea_samples/ais-nmea-type6-fid55.log", "aisdb_samples/test_data_20211101.nm4",
        "pyais_nmea_samples/nmea_data_sample.txt"))
    path = tmp_path / "big.nmea"
    path.write_bytes(data * 3)
    monkeypatch.setattr(ingest_module, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(ingest_module.os, "cpu_count", lambda: 2)
    assert len(ingest_module._ranges(path, path.stat().st_size, 4096)) > 50
    positions, statics, counts = ingest_module._decode_nmea(path, 0.0, None)

    whole = NmeaDecoder(default_time=0.0)
    expected, expected_statics = whole.feed(data * 3)
    whole.finish()
    assert counts.sentences == whole.counts.sentences
    assert counts.dropped == whole.counts.dropped
    assert counts.message_types == whole.counts.message_types
    assert positions.num_rows == len(expected) and statics.num_rows == len(expected_statics)
    assert np.array_equal(np.sort(positions["mmsi"].to_numpy()), np.sort(expected.mmsi))
