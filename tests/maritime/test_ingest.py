"""ingest(): NMEA/CSV -> store, the report, store deduplication and the atomic write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sanctionwatch.errors import ConfigError, LockTimeout, NotFound, SourceFormatError, StoreError
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


def test_nmea_format_without_any_sentence_is_an_error(shared_file, tmp_path):
    with pytest.raises(SourceFormatError) as error:
        ingest([shared_file(MC)], format="nmea", home=tmp_path)
    assert str(error.value).startswith(f"{shared_file(MC)}: no AIS sentence found")
    assert store.ingests(tmp_path) == []


def test_cloned_mmsi_in_two_ingests_is_kept(tmp_path):
    """Two places of one MMSI at the same second arriving in separate files are both kept; the same
    report read again is a duplicate."""
    first = tmp_path / "a.csv"
    first.write_text("mmsi,ts,lat,lon\n445000001,2024-04-14T06:00:00,38.70,125.30\n")
    second = tmp_path / "b.csv"
    second.write_text("mmsi,ts,lat,lon\n445000001,2024-04-14T06:00:00,40.10,128.90\n"
                      "445000001,2024-04-14T06:00:00,38.70,125.30\n")
    ingest([first], home=tmp_path / "home")
    report = ingest([second], home=tmp_path / "home")
    assert report.positions_kept == 1 and report.dropped == {"duplicate_in_store": 1}


# --- the store: only whole ingests are read; a killed ingest is cleaned up; one writer at a time --

KILLED_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
from sanctionwatch.maritime import store
from sanctionwatch.maritime.ingest import ingest
real_replace, renames = os.replace, []
def dying_replace(src, dst):
    renames.append(dst)
    if len(renames) == 2:       # the first file of the ingest is in place, the second not yet
        os._exit(9)
    return real_replace(src, dst)
store.os.replace = dying_replace
ingest([Path(sys.argv[1])], home=Path(sys.argv[2]))
"""


def test_killed_ingest_is_never_read_and_removed_by_the_next(shared_file, tmp_path):
    nmea = tmp_path / "two_days.nmea"
    nmea.write_bytes(shared_file(USCG).read_bytes() + shared_file(NM4).read_bytes())
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(nmea), str(home)],
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 9
    left = [p for p in (home / "ais").rglob("*") if p.is_file() and p.name != "ingest.lock"]
    assert any(p.suffix == ".parquet" for p in left) and any(p.name.endswith(".tmp") for p in left)
    assert any((home / "ais").glob(".scratch-*"))
    assert store.ingests(home) == []
    assert store.table_files("positions", home) == []       # renamed, but no manifest: not committed

    fresh = ingest([nmea], home=tmp_path / "fresh")
    report = ingest([nmea], home=home)
    # The killed ingest's file is neither read as stored rows nor left behind.
    assert report.positions_kept == fresh.positions_kept and "duplicate_in_store" not in report.dropped
    assert not any(p.exists() for p in left)
    assert not any((home / "ais").glob(".scratch-*"))
    assert {p.stem for p in store.table_files("positions", home)} == {report.ingest_id}


def test_table_files_lists_only_ingests_with_a_manifest(shared_file, tmp_path):
    report = ingest([shared_file(NM4)], home=tmp_path)
    (committed,) = store.table_files("positions", tmp_path)
    orphan = committed.with_name("20990101T000000-deadbeef.parquet")
    orphan.write_bytes(committed.read_bytes())
    assert store.table_files("positions", tmp_path) == [committed]
    (tmp_path / "ais" / "ingests" / f"{report.ingest_id}.json").unlink()
    assert store.table_files("positions", tmp_path) == []


def test_ingest_waits_for_the_lock_and_times_out(shared_file, tmp_path, monkeypatch):
    import fcntl

    (tmp_path / "ais").mkdir()
    with open(tmp_path / "ais" / store.LOCK_NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        monkeypatch.setenv("SANCTIONWATCH_LOCK_TIMEOUT", "1")
        with pytest.raises(LockTimeout, match="another AIS ingest holds .* for more than 1 s"):
            ingest([shared_file(NM4)], home=tmp_path)
        assert store.ingests(tmp_path) == [] and store.table_files("positions", tmp_path) == []
        threading.Timer(0.5, fcntl.flock, (held, fcntl.LOCK_UN)).start()
        monkeypatch.setenv("SANCTIONWATCH_LOCK_TIMEOUT", "30")
        assert ingest([shared_file(NM4)], home=tmp_path).positions_kept == 915


def test_concurrent_ingests_cannot_both_pass_the_duplicate_check(shared_file, tmp_path, monkeypatch):
    checked, release = threading.Event(), threading.Event()
    real_write = store.write_ingest

    def slow_write(*args, **kwargs):
        if threading.current_thread().name == "first":
            checked.set()               # the first ingest has done its duplicate check...
            release.wait(30)            # ...and has not written yet
        return real_write(*args, **kwargs)

    monkeypatch.setattr(store, "write_ingest", slow_write)
    results = {}
    first = threading.Thread(target=lambda: results.update(first=ingest([shared_file(NM4)], home=tmp_path)),
                             name="first")
    first.start()
    assert checked.wait(30)
    threading.Timer(0.5, release.set).start()
    second = ingest([shared_file(NM4)], home=tmp_path)
    first.join()
    assert results["first"].positions_kept == 915
    assert second.positions_kept == 0 and second.dropped["duplicate_in_store"] == 915
