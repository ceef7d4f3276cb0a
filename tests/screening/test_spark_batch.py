"""Batch screening on Spark (local[2]) gives the local batch's output and audit rows, row by row and
column by column, for CSV and Parquet input; a bad master URL is one line. One SparkSession serves the
whole file (starting one costs ~12 s)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import sys
import time

import pytest
from sqlalchemy import select

from sanctionwatch.demo import demo_files
from sanctionwatch.errors import ConfigError
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.screening.batch import screen_file
from sanctionwatch.store.schema import screenings

# A few dozen rows: persons in Latin, Hangul and Cyrillic; vessels found by IMO under other names;
# organisations; rows that must fail (no name, bad date, bad country, unscreenable schema) and a quoted
# field over two lines, after which line numbers and physical lines part ways.
ROWS = [
    ("Ra Kyung Su", "Person", "1954-06-04", "kp", ""),
    ("라경수", "Person", "", "", ""),
    ("Ра Гён Су", "Person", "", "", ""),
    ("RA KYONG-SU", "Person", "1954-06-04", "North Korea", ""),
    ("Kim Yong Chol", "Person", "", "kp", ""),
    ("김영철", "Person", "", "", ""),
    ("Ким Ён Чоль", "Person", "", "", ""),
    ("Kim Jong Un", "Person", "1984-01-08", "kp", ""),
    ("김정은", "Person", "", "", ""),
    ("Ким Чен Ын", "Person", "", "", ""),
    ("Park Jin Hyok", "Person", "1984-08-15", "", ""),
    ("Yun Ho Jin", "Person", "", "", ""),
    ("Jang Myong Jin", "Person", "", "", ""),
    ("Jin Tiesan", "Person", "", "", ""),
    ("EVER BRIGHT 88", "Vessel", "", "", "8914934"),
    ("SUNRISE STAR", "Vessel", "", "", "8914934"),
    ("CHON MA SAN", "Vessel", "", "", ""),
    ("SEA DRAGON", "Vessel", "", "", "8660313"),
    ("CHONG CHON GANG", "Vessel", "", "", "7937317"),
    ("Blue Nouvelle", "Vessel", "", "", ""),
    ("", "Vessel", "", "", "9003550"),
    ("Korea Mining Development Trading Corp", "Company", "", "", ""),
    ("Ocean Maritime Management Co Ltd", "Organization", "", "", ""),
    ("Air Koryo", "Company", "", "", ""),
    ("Korea Achim Shipping", "Company", "", "", ""),
    ("John\nSmith", "Person", "", "gb", ""),
    ("Maria Garcia", "Person", "1970-02-03", "es", ""),
    ("王小明", "Person", "", "", ""),
    ("Иван Петров", "Person", "", "ru", ""),
    ("Hans Müller", "Person", "", "de", ""),
    ("=cmd|' /C calc'!A0", "LegalEntity", "", "", ""),
    ("", "Person", "", "", ""),
    ("Kim Yong Chol", "Person", "not a date", "", ""),
    ("Pak To Chun", "Person", "", "Narnia", ""),
    ("Some Sanction", "Sanction", "", "", ""),
    ("Ryong Gun Bong", "", "", "", ""),
]
HEADER = ["name", "schema", "birth_date", "country", "imo"]


def _csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()




@pytest.fixture
def demo_store(store):
    for path in demo_files():
        # the shipped samples are far below a real list's count bounds: waived, as the demo does
        load_lists([path], force=True, note="test", store=store)
    return store


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _assert_same_output(local_path, spark_path):
    local, spark = _read(local_path), _read(spark_path)
    assert local[0] == spark[0]
    assert len(local) == len(spark)
    for i, (a, b) in enumerate(zip(local, spark)):
        diff = {local[0][j]: (x, y) for j, (x, y) in enumerate(zip(a, b)) if x != y}
        assert not diff, f"output row {i}: local != spark in {diff}"
    assert local_path.read_bytes() == spark_path.read_bytes()


def _audit(store, after_id=0):
    with store.read() as conn:
        rows = conn.execute(select(screenings).where(screenings.c.id > after_id)
                            .order_by(screenings.c.id)).mappings().all()
    keys = ("channel", "query", "fingerprint", "releases", "algorithm", "threshold", "results")
    return [{k: r[k] for k in keys} for r in rows], max((r["id"] for r in rows), default=after_id)


def test_csv_same_output_and_audit_as_local(spark, demo_store, tmp_path):
    from sanctionwatch.screening.spark_batch import screen_batch_spark

    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    local = screen_file(src, tmp_path / "local.csv", store=demo_store, workers=2)
    local_audit, last = _audit(demo_store)
    # five partitions for 30 rows: results come back from several tasks and must be put back in order
    remote = screen_batch_spark(src, tmp_path / "spark.csv", store=demo_store, spark=spark, partitions=5)
    spark_audit, _ = _audit(demo_store, last)

    _assert_same_output(tmp_path / "local.csv", tmp_path / "spark.csv")
    assert (remote.rows, remote.screened, remote.matches, remote.errors) == \
        (local.rows, local.screened, local.matches, local.errors)
    assert spark_audit == local_audit and len(spark_audit) == remote.screened

    # the equality above is about real results: matches across scripts and by IMO, errors by line
    out = {r["name"]: r for r in csv.DictReader(io.StringIO((tmp_path / "spark.csv").read_text("utf-8")))}
    assert out["라경수"]["match_reference"] == "KPi.008" and out["Ра Гён Су"]["match_reference"] == "KPi.008"
    assert out["SUNRISE STAR"]["match_id"] == "imo-8914934" and out["SUNRISE STAR"]["match"] == "true"
    assert out["Maria Garcia"]["match"] == "false"
    assert "'=cmd|' /C calc'!A0" in out  # formula escaped as the local writer does
    errors = remote.errors
    assert len(errors) == 4
    # the two-line name moves every later row one line down: "Pak To Chun" is row 34, on line 36
    assert any(e.startswith("line 36:") and "country" in e for e in errors), errors
    assert any(e.startswith("line 35:") and "birthDate" in e for e in errors), errors


def test_parquet_same_output_as_local(spark, demo_store, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sanctionwatch.screening.spark_batch import screen_batch_spark

    def date_or_text(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None

    # typed columns as a Parquet writer would make them: dates, IMO numbers as integers, nulls
    table = pa.table({
        "name": [r[0] or None for r in ROWS],
        "schema": [r[1] or None for r in ROWS],
        "birth_date": pa.array([date_or_text(r[2]) if r[2] else None for r in ROWS], pa.date32()),
        "country": [r[3] or None for r in ROWS],
        "imo": pa.array([int(r[4]) if r[4] else None for r in ROWS], pa.int64()),
    })
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=7)  # several row groups
    screen_file(src, tmp_path / "local.csv", store=demo_store, record=False)
    remote = screen_batch_spark(src, tmp_path / "spark.csv", store=demo_store, spark=spark, record=False)
    _assert_same_output(tmp_path / "local.csv", tmp_path / "spark.csv")
    assert remote.errors and all(e.startswith("row ") for e in remote.errors)

    # and the same screening as the CSV of the same rows (the bad date is null here, so that row screens)
    csv_src = tmp_path / "in.csv"
    csv_src.write_text(_csv_text(ROWS), encoding="utf-8")
    screen_file(csv_src, tmp_path / "from_csv.csv", store=demo_store, record=False)
    from_csv = list(csv.DictReader((tmp_path / "from_csv.csv").open(encoding="utf-8", newline="")))
    from_parquet = list(csv.DictReader((tmp_path / "spark.csv").open(encoding="utf-8", newline="")))
    assert len(from_csv) == len(from_parquet)
    compared = 0
    for a, b in zip(from_csv, from_parquet):
        if a["error"] or b["error"]:
            continue
        assert {k: a[k] for k in a if k != "error"} == {k: b[k] for k in b if k != "error"}
        compared += 1
    assert compared >= 30


def test_bad_master_is_one_line(tmp_path):
    from sanctionwatch.screening.spark_batch import screen_batch_spark

    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS[:2]), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="--spark-master 'mesos//oops'"):
        screen_batch_spark(src, tmp_path / "out.csv", master="mesos//oops")
    assert time.monotonic() - started < 2  # refused before reading the input or starting a JVM
    assert not (tmp_path / "out.csv").exists()


def _main(monkeypatch, capsys, *args):
    """The command line in this process: it finds the running SparkSession instead of starting a JVM."""
    from sanctionwatch.cli import main

    monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
    capsys.readouterr()
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_engine_spark(spark, demo_store, tmp_path, monkeypatch, capsys):
    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    local = screen_file(src, tmp_path / "local.csv", store=demo_store, record=False)
    code, out, err = _main(monkeypatch, capsys, "screen", "batch", str(src), "-o", str(tmp_path / "spark.csv"),
                           "--engine", "spark", "--spark-master", "local[2]")
    assert code == 0, err
    _assert_same_output(tmp_path / "local.csv", tmp_path / "spark.csv")
    assert f"{local.rows} rows: {local.matches} with a match, {len(local.errors)} not screened" in out
    printed = " ".join(err.split())  # the console wraps long lines when not on a terminal
    assert printed.count("warning:") == len(local.errors)
    assert all(" ".join(f"warning: {src}: {e}".split()) in printed for e in local.errors)
    assert spark.sparkContext._jsc is not None  # the session it found is still running

    code, out, err = _main(monkeypatch, capsys, "screen", "batch", str(src), "-o", str(tmp_path / "x.csv"),
                           "--engine", "spark", "--spark-master", "nonsense://")
    assert code == 2 and err.strip().count("\n") == 0 and "--spark-master 'nonsense://'" in err
    code, out, err = _main(monkeypatch, capsys, "screen", "batch", str(src), "-o", str(tmp_path / "x.csv"),
                           "--spark-master", "local[2]")
    assert code == 2 and "--engine spark" in err
