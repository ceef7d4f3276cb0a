"""The detectors on Spark (local[2]) give DuckDB's events, event by event: on two scenario seeds (one read
from the day-partitioned store, one from Parquet files with the real 1718 demo lists), on the Suez
tracks, on the MarineCadastre sample (which has same-MMSI same-time rows at different places); tracks
crossing midnight come out whole; a JVM and session time zone other than UTC changes nothing; result
types are DuckDB's; bad engine options are one line. One SparkSession serves the whole file."""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.maritime import store
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detect import detect
from sanctionwatch.maritime.engine import DuckDBEngine, Window
from sanctionwatch.maritime.scenario import generate
from tests.maritime.detectors.tracks import leg, marinecadastre_tables, offset, positions, statics, suez_positions

MARINECADASTRE = "ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"
SUEZ = "ais/movingpandas_evergiven_boat_positions/boat-positions.csv"
SEA = (36.0, 123.0)                 # open Yellow Sea, far from ports
MIDNIGHT = datetime(2026, 1, 6)




@pytest.fixture(scope="module")
def bare_areas():
    return Areas.load(ports_path="", anchorages_path="", land_path="")


@pytest.fixture(scope="module")
def world_areas(shared_file):
    return Areas.load(ports_path=shared_file("ports/WPI_ports.csv"),
                      anchorages_path=shared_file("ports/gfw_anchorage_overrides.csv"), land_path="")


@pytest.fixture(scope="module")
def demo_lists(tmp_path_factory):
    """The shipped demo lists (real UN 1718 / OFAC vessel entries) in a new SQLite store."""
    from sanctionwatch.demo import demo_files
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.store import open_store
    from sanctionwatch.store.database import default_url

    home = tmp_path_factory.mktemp("lists")
    lists = open_store(url=default_url(home), home=home)
    for path in demo_files():
        load_lists([path], force=True, store=lists)
    yield lists
    lists.engine.dispose()


def spark_engine(spark, **kwargs):
    from sanctionwatch.maritime.spark import SparkEngine

    return SparkEngine(spark=spark, **kwargs)


def both(spark, source: dict, areas, list_store=None, after_open=None, **options):
    """detect() on DuckDB and on Spark over the same data: (duckdb run, spark run, spark seconds).
    ``after_open`` runs once the Spark engine is set up (to change the session under it)."""
    duck = DuckDBEngine(threads=2, window=Window(**options.get("window", {})), **source)
    try:
        expected = detect(engine=duck, areas=areas, list_store=list_store, save=False,
                          **{k: v for k, v in options.items() if k != "window"})
    finally:
        duck.close()
    started = time.perf_counter()
    engine = spark_engine(spark, window=Window(**options.get("window", {})), **source)
    if after_open:
        after_open()
    try:
        found = detect(engine=engine, areas=areas, list_store=list_store, save=False,
                       **{k: v for k, v in options.items() if k != "window"})
    finally:
        engine.close()
    return expected, found, time.perf_counter() - started


# --- comparing events ----------------------------------------------------------------------------------

def differences(a, b, path="event"):
    """Where two event dicts differ: floats within 1e-6, everything else exactly. Means (of a track's
    latitudes, of speeds) are summed in another order on each engine and may differ in the last bits;
    rounded to 6 decimals such a mean can land one unit apart (MarineCadastre: 27.823531 vs 27.823532),
    hence the tolerance of one unit in the sixth decimal plus float slack."""
    if isinstance(a, bool) or isinstance(b, bool) or not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        if isinstance(a, dict) and isinstance(b, dict):
            out = [f"{path}.{k}: only one side" for k in set(a) ^ set(b)]
            for key in sorted(set(a) & set(b)):
                out += differences(a[key], b[key], f"{path}.{key}")
            return out
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                return [f"{path}: {len(a)} items vs {len(b)}"]
            return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
        return [] if a == b and type(a) is type(b) else [f"{path}: {a!r} vs {b!r}"]
    if isinstance(a, int) and isinstance(b, int):
        return [] if a == b else [f"{path}: {a} vs {b}"]
    return [] if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6 + 1e-9) else [f"{path}: {a!r} vs {b!r}"]


def assert_same_events(expected, found):
    a = [e.to_dict() for e in expected.events]
    b = [e.to_dict() for e in found.events]
    assert [(e["type"], e["vessels"], e["start"], e["end"]) for e in a] == \
           [(e["type"], e["vessels"], e["start"], e["end"]) for e in b]
    problems = [d for x, y in zip(a, b) for d in differences(x, y, f"{x['type']} {x['id']}")]
    assert not problems, problems[:20]
    assert expected.notes == found.notes
    assert [(d["id"], d["events"], d["counts"]) for d in expected.detectors] == \
           [(d["id"], d["events"], d["counts"]) for d in found.detectors]
    assert found.engine == "spark" and expected.positions == found.positions


def types_of(run) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in run.events:
        out[e.type] = out.get(e.type, 0) + 1
    return out


# --- scenarios -----------------------------------------------------------------------------------------

def test_scenario_seed_1_from_the_day_partitioned_store(spark, tmp_path, bare_areas):
    """Seed 1 ingested into the store (Parquet under day=...): the Spark engine reads the committed files
    of the days in the window; events crossing midnight come out whole on both engines."""
    out = tmp_path / "seed1"
    generate(out, seed=1, vessels=120, days=3, formats=("parquet",))
    home = tmp_path / "home"
    _store_scenario(out, home)
    assert len({p.parent.name for p in store.table_files("positions", home)}) == 3
    expected = detect(home=home, engine="duckdb", areas=bare_areas, list_store=None, save=False)
    started = time.perf_counter()
    found = detect(home=home, engine="spark", areas=bare_areas, list_store=None, save=False)
    print(f"\nseed 1 (store): {expected.positions:,} positions, {len(expected.events)} events {types_of(expected)}; "
          f"Spark {time.perf_counter() - started:.1f} s, DuckDB {sum(d['seconds'] for d in expected.detectors):.1f} s")
    assert_same_events(expected, found)
    assert {"gap", "encounter", "loitering", "port_visit", "zone_entry", "identity"} <= set(types_of(found))
    across = [e for e in found.events if e.start.date() != e.end.date()]
    assert across, "the scenario has events spanning midnight"


def _store_scenario(out: Path, home: Path) -> None:
    """The scenario's canonical tables written as one ingest by the store's own writer."""
    con = duckdb.connect()
    for name in ("positions", "statics"):
        con.execute(f"CREATE TABLE sc_{name} AS SELECT * FROM read_parquet('{out / 'parquet' / name}.parquet')")
    ingest_id = store.new_ingest_id()
    store.write_ingest(con, ingest_id, {"positions": "sc_positions", "statics": "sc_statics"},
                       {"ingest_id": ingest_id, "files": []}, home=home)
    con.close()


@pytest.fixture
def seoul(spark):
    """The driver JVM's default zone and this process's TZ set to Asia/Seoul (UTC+9, no DST) for one
    test; ``seoul()`` also sets the Spark session zone (call it after the engine pinned UTC)."""
    jvm_zone = spark._jvm.java.util.TimeZone
    saved_jvm, saved_tz = jvm_zone.getDefault(), os.environ.get("TZ")
    jvm_zone.setDefault(jvm_zone.getTimeZone("Asia/Seoul"))
    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()
    yield lambda: spark.conf.set("spark.sql.session.timeZone", "Asia/Seoul")
    jvm_zone.setDefault(saved_jvm)
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    if saved_tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved_tz
    time.tzset()


def test_scenario_seed_2_from_files_with_the_lists_in_another_time_zone(spark, tmp_path, bare_areas, demo_lists,
                                                                        seoul):
    """Seed 2 from Parquet files, with the real 1718/OFAC demo entries (designated vessels), while the
    JVM, the Spark session and this process all default to Asia/Seoul."""
    out = tmp_path / "seed2"
    generate(out, seed=2, vessels=120, days=3, formats=("parquet",))
    source = {"positions": [out / "parquet" / "positions.parquet"], "statics": [out / "parquet" / "statics.parquet"]}
    expected, found, seconds = both(spark, source, bare_areas, list_store=demo_lists, after_open=seoul)
    assert spark.conf.get("spark.sql.session.timeZone") == "Asia/Seoul"
    print(f"\nseed 2 (files): {expected.positions:,} positions, {len(expected.events)} events "
          f"{types_of(expected)}; Spark {seconds:.1f} s")
    assert_same_events(expected, found)
    assert {"gap", "encounter", "loitering", "port_visit", "zone_entry", "identity",
            "designated_vessel"} <= set(types_of(found))


# --- real samples --------------------------------------------------------------------------------------

def test_marinecadastre_sample(spark, shared_file, world_areas):
    """Real US traffic, 99,999 rows over 25 minutes (hence 15-minute encounters and loitering, thousands
    of moored pairs, port rules applied), with rows sharing (MMSI, time) at other places: the ties are
    broken the same way on both engines."""
    found_pos, found_sta = marinecadastre_tables(shared_file(MARINECADASTRE))
    con = duckdb.connect()
    con.register("found_pos", found_pos)
    ties = con.execute("SELECT count(*) FROM (SELECT mmsi, ts FROM found_pos GROUP BY mmsi, ts "
                       "HAVING count(DISTINCT (lat, lon)) > 1)").fetchone()[0]
    con.close()
    assert ties > 0
    expected, found, seconds = both(spark, {"positions": found_pos, "statics": found_sta}, world_areas,
                                    params={"encounter": {"min_duration_hours": 0.25, "min_piece_hours": 0.25},
                                            "loitering": {"min_duration_hours": 0.25}})
    print(f"\nMarineCadastre: {len(expected.events)} events {types_of(expected)}; Spark {seconds:.1f} s")
    assert_same_events(expected, found)
    assert {"gap", "encounter", "identity"} <= set(types_of(found))


def test_suez_tracks(spark, shared_file, world_areas):
    table = suez_positions(shared_file(SUEZ))
    expected, found, seconds = both(spark, {"positions": table, "statics": statics()}, world_areas,
                                    params={"encounter": {"suppress_near_ports": False},
                                            "loitering": {"min_port_distance_km": 0}})
    print(f"\nSuez: {table.num_rows:,} positions, {len(expected.events)} events {types_of(expected)}; "
          f"Spark {seconds:.1f} s")
    assert_same_events(expected, found)
    assert {"encounter", "loitering", "gap"} <= set(types_of(found))


# --- midnight, windows, time zones ---------------------------------------------------------------------

def midnight_tracks() -> pa.Table:
    """Around midnight 5/6 January: a pair side by side and slow from 22:00 to 02:00 (an encounter and
    no loitering, explained by the encounter), a vessel slow alone 21:00-03:00 (loitering) with two fixes
    a few metres apart at 23:59:59 (a tie in time), one silent from 20:00 to 04:00 (a gap); one more
    vessel sailing on 7 January."""
    start = MIDNIGHT - timedelta(hours=2)
    a = leg(412000001, start, *SEA, 240, every=3.0, knots=0.3, bearing=45.0)
    b = leg(412000002, start, *offset(*SEA, 0.0, 0.3), 240, every=4.0, knots=0.3, bearing=45.0)
    alone = leg(412000003, MIDNIGHT - timedelta(hours=3), *offset(*SEA, 40.0, 0.0), 360, every=5.0, knots=0.4)
    before = leg(412000004, MIDNIGHT - timedelta(hours=8), *offset(*SEA, -40.0, 0.0), 240, every=5.0, knots=10)
    after = leg(412000004, MIDNIGHT + timedelta(hours=4), *offset(*SEA, -40.0, 70.0), 240, every=5.0, knots=10)
    at = next(r for r in alone if r["ts"] == MIDNIGHT)
    tie = [dict(at, ts=MIDNIGHT - timedelta(seconds=1), lat=at["lat"] + d) for d in (2e-5, -2e-5)]
    later = leg(412000005, MIDNIGHT + timedelta(days=1, hours=2), *offset(*SEA, 0.0, 40.0), 120, knots=8)
    return positions(a, b, alone, before, after, tie, later)


def test_events_crossing_midnight_are_whole_and_equal(spark, tmp_path, bare_areas):
    """Tracks in the store cut into day=2026-01-05, -06 and -07 files; the events that span midnight
    come out whole, with the same start and end on both engines; a window from 19:30 to noon the next
    day leaves out the 7 January file on Spark (and its rows on DuckDB) and keeps the events whole."""
    home = tmp_path / "home"
    table = midnight_tracks()
    con = duckdb.connect()
    con.register("tracks", table)
    con.execute("CREATE TABLE t AS SELECT * FROM tracks")
    con.register("none", statics())
    con.execute("CREATE TABLE s AS SELECT * FROM none")
    ingest_id = store.new_ingest_id()
    store.write_ingest(con, ingest_id, {"positions": "t", "statics": "s"}, {"ingest_id": ingest_id, "files": []},
                       home=home)
    con.close()
    assert sorted({p.parent.name for p in store.table_files("positions", home)}) == \
        ["day=2026-01-05", "day=2026-01-06", "day=2026-01-07"]
    # the windowed run takes the movement detectors only: the others add nothing here but Spark queries
    for window in ({}, {"since": MIDNIGHT - timedelta(hours=4, minutes=30), "until": MIDNIGHT + timedelta(hours=12),
                        "detectors": ["gap", "encounter", "loitering"]}):
        expected = detect(home=home, engine="duckdb", areas=bare_areas, list_store=None, save=False, **window)
        found = detect(home=home, engine="spark", areas=bare_areas, list_store=None, save=False, **window)
        assert_same_events(expected, found)
        inside = [t for t in table.column("ts").to_pylist()
                  if not window or window["since"] <= t < window["until"]]
        assert found.positions == len(inside)
        spans = {(e.type, tuple(e.vessels)): (e.start, e.end) for e in found.events if e.type != "identity"}
        assert spans[("encounter", (412000001, 412000002))][0] < MIDNIGHT < \
            spans[("encounter", (412000001, 412000002))][1]
        assert spans[("gap", (412000004,))] == (MIDNIGHT - timedelta(hours=4), MIDNIGHT + timedelta(hours=4))
        loiter = spans[("loitering", (412000003,))]
        assert loiter[0] < MIDNIGHT < loiter[1] and loiter[1] - loiter[0] >= timedelta(hours=4)
        if not window:
            # as the CLI writes them (json with default=str)
            whole = json.loads(json.dumps([e.to_dict() for e in expected.events], default=str))

    # `ais detect --engine spark` in this process (the session is reused), over the same store
    from typer.testing import CliRunner

    from sanctionwatch.cli import app

    out = tmp_path / "spark.json"
    result = CliRunner().invoke(app, ["ais", "detect", "--engine", "spark", "--spark-master", "local[2]",
                                      "-d", "encounter", "-d", "gap", "--format", "json", "-o", str(out)],
                                env={"SANCTIONWATCH_HOME": str(home), "SANCTIONWATCH_DATABASE_URL": "",
                                     "SANCTIONWATCH_AIS_PORTS": "", "SANCTIONWATCH_AIS_ANCHORAGES": "",
                                     "SANCTIONWATCH_LAND": ""})
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text())
    whole = [e for e in whole if e["type"] in ("encounter", "gap")]
    assert len(whole) >= 2 and [e["id"] for e in written] == [e["id"] for e in whole]
    problems = [d for x, y in zip(whole, written) for d in differences(x, y)]
    assert not problems, problems[:10]


def test_epochs_and_window_in_another_time_zone(spark, seoul):
    """sw_epoch and the window's bounds stay naive UTC whatever zone the JVM and the session have."""
    from sanctionwatch.maritime.spark import SparkEngine

    since = MIDNIGHT - timedelta(hours=1)
    engine = SparkEngine(spark=spark, positions=midnight_tracks(), statics=statics(), window=Window(since=since))
    seoul()
    try:
        row = engine.rows("SELECT MIN(ts) AS first, sw_epoch(MIN(ts)) AS t, "
                          "sw_epoch(TIMESTAMP '1970-01-01 00:00:59') AS s FROM positions")[0]
    finally:
        engine.close()
    assert row == {"first": since, "s": 59, "t": int((since - datetime(1970, 1, 1)).total_seconds())}


# --- the engine itself ---------------------------------------------------------------------------------

def test_results_have_duckdbs_names_and_types(spark, tmp_path):
    table = midnight_tracks()
    duck = DuckDBEngine(positions=table, statics=statics())
    engine = spark_engine(spark, positions=table, statics=statics())
    cells = pa.table({"k": pa.array([1, 2], pa.int32()), "t0": pa.array([MIDNIGHT, None], pa.timestamp("us"))})
    sql = """SELECT mmsi, count(*), SUM(CASE WHEN sog > 0.35 THEN 1 ELSE 0 END) AS fast, SUM(mmsi) AS big,
                    MAX(ts) AS last, AVG(lat) AS lat, CAST(floor(MIN(lon) / 0.5) AS BIGINT) AS cx,
                    MIN(c.t0) AS t0, MAX(sw_epoch(ts)) - MIN(sw_epoch(ts)) AS span, 7 / 2 AS half
             FROM positions p JOIN cells c ON c.k = 1 GROUP BY mmsi ORDER BY mmsi"""
    try:
        for e in (duck, engine):
            e.register("cells", cells)
        a, b = duck.query(sql), engine.query(sql)
        assert b.schema == a.schema
        assert b.drop_columns(["lat"]).to_pylist() == a.drop_columns(["lat"]).to_pylist()
        assert b.column("lat").to_pylist() == pytest.approx(a.column("lat").to_pylist(), abs=1e-12)
        # an empty registered table and an empty result keep their types
        empty = pa.table({"k": pa.array([], pa.int64())})
        for e in (duck, engine):
            e.register("nothing", empty)
        sql = "SELECT n.k, p.ts FROM nothing n JOIN positions p ON p.mmsi = n.k"
        assert engine.query(sql).schema == duck.query(sql).schema and engine.query(sql).num_rows == 0
    finally:
        duck.close()
        engine.close()


def test_empty_store_and_window(spark, tmp_path):
    from sanctionwatch.maritime.spark import SparkEngine

    with SparkEngine(spark=spark, home=tmp_path / "none") as engine:
        assert engine.rows("SELECT count(*) AS n FROM positions") == [{"n": 0}]
        assert engine.query("SELECT * FROM statics").schema.names == [f.name for f in store.TABLES["statics"]]
    with pytest.raises(NotFound):
        detect(home=tmp_path / "none", engine="spark", list_store=None, save=False)
    assert not spark.catalog.tableExists("positions") and not spark.catalog.tableExists("statics")


def test_sql_outside_the_shared_subset_fails_loudly(spark):
    """QUALIFY (which sqlglot rewrites, sometimes into a different query) is refused; a DuckDB-only
    function is an error on Spark, never a silent other answer."""
    from pyspark.errors import AnalysisException
    from sqlglot.errors import UnsupportedError

    table = midnight_tracks()
    with spark_engine(spark, positions=table, statics=statics()) as engine:
        with pytest.raises(UnsupportedError, match="QUALIFY"):
            engine.query("SELECT mmsi, ts FROM positions QUALIFY row_number() OVER (PARTITION BY mmsi ORDER BY ts) = 1")
        with pytest.raises(AnalysisException):
            engine.query("SELECT epoch_ns(ts) FROM positions")


def test_engine_options_are_one_line_errors(tmp_path):
    from sanctionwatch.maritime.spark import check_master, local_cores

    for good in ("local", "local[2]", "local[*]", "spark://h1:7077,h2:7077", "yarn", "k8s://https://k:443"):
        assert check_master(good) == good
    assert [local_cores(m) for m in ("local", "local[4]", "local[3,2]", "local[*]", "yarn")] == \
        [1, 4, 3, os.cpu_count(), None]
    for bad in ("", "local[two]", "mesos://x:5050", "http://spark", "spark://"):
        with pytest.raises(ConfigError):
            check_master(bad)
    with pytest.raises(ConfigError):
        detect(home=tmp_path, engine="presto", list_store=None, save=False)
    with pytest.raises(ConfigError):
        detect(home=tmp_path, engine="duckdb", spark_master="local[2]", list_store=None, save=False)

    from tests.test_cli import run

    env = {"SANCTIONWATCH_HOME": str(tmp_path / "home")}
    proc = run("ais", "detect", "--engine", "spark", "--spark-master", "nowhere:7077", env=env, check=False)
    assert proc.returncode == ConfigError.exit_code
    assert "nowhere:7077" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = run("ais", "detect", "--spark-master", "local[2]", env=env, check=False)
    assert proc.returncode == ConfigError.exit_code and "--engine spark" in proc.stderr
