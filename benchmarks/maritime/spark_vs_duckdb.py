"""Every detector on DuckDB and on Spark (local mode) over the same scenario positions, in the same run.

    .venv/bin/python benchmarks/maritime/spark_vs_duckdb.py                          # 100k, 1M, 10M
    .venv/bin/python benchmarks/maritime/spark_vs_duckdb.py --sizes 100000,1000000,10000000,100000000
    .venv/bin/python benchmarks/maritime/spark_vs_duckdb.py --density 1000000         # encounter vs density

Figures printed (never asserted), each engine in a fresh process so its memory is its own:
* seconds per detector and in total, Spark's session start apart, the ratio Spark/DuckDB, and whether
  the two engines gave the same events (ids);
* peak RSS of the Python process, and for Spark of the driver JVM (in local mode the executors live
  in it), DuckDB using all cores of the machine and Spark ``--master`` (local[2] by default);
* the size where Spark catches up with DuckDB, if it does;
* the encounter detector against positions and against vessel density: the same number of positions
  from twice the vessels over half the days, with the number of candidate pairs the grid join makes.

Scenarios are generated once per (seed, size) into benchmarks/.cache by benchmarks/maritime/detect.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / "benchmarks" / ".cache"


def _sizing() -> object:
    """benchmarks/maritime/detect.py (scenario_for, _peak_mib), loaded by path: ``detect`` is also a
    module name inside the package."""
    spec = importlib.util.spec_from_file_location("bench_maritime_detect", HERE / "detect.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jvm_peak_mib(spark: object) -> float | None:
    """VmHWM of the driver JVM (spark-submit execs java, so the gateway's process is the JVM)."""
    proc = getattr(spark.sparkContext._gateway, "proc", None)   # noqa: SLF001 (no public handle)
    if proc is None:
        return None
    try:
        with open(f"/proc/{proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def phase(engine: str, folder: Path, master: str, driver_memory: str, detectors: list[str] | None,
          events_out: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from sanctionwatch.maritime.areas import Areas
    from sanctionwatch.maritime.detect import detect

    positions, statics = [folder / "parquet" / "positions.parquet"], [folder / "parquet" / "statics.parquet"]
    started = time.perf_counter()
    jvm = None
    if engine == "spark":
        from sanctionwatch.maritime.spark import SparkEngine, spark_session

        spark = spark_session(master, driver_memory=driver_memory)
        session_s = time.perf_counter() - started
        run_engine = SparkEngine(positions=positions, statics=statics, spark=spark)
    else:
        from sanctionwatch.maritime.engine import DuckDBEngine

        session_s = 0.0
        run_engine = DuckDBEngine(positions=positions, statics=statics)
    began = time.perf_counter()
    run = detect(detectors=detectors, engine=run_engine,
                 areas=Areas.load(ports_path="", anchorages_path="", land_path=""), list_store=None, save=False)
    seconds = time.perf_counter() - began
    if engine == "spark":
        jvm = _jvm_peak_mib(spark)
    run_engine.close()
    if engine == "spark":
        spark.stop()
    events_out.write_text(json.dumps([e.id for e in run.events]))
    return {"engine": engine, "seconds": seconds, "session_seconds": session_s, "positions": run.positions,
            "events": len(run.events), "detectors": {d["id"]: d["seconds"] for d in run.detectors},
            "peak_mib": _sizing()._peak_mib(), "jvm_peak_mib": jvm}


def pairs_phase(folder: Path) -> dict:
    """Vessel-bins and candidate pairs of encounter-v1's grid join (same 10-minute bin, 3 x 3 cells), on
    DuckDB. The join's output is sum over cells of n(cell) x n(its 3 x 3 block): it grows with the
    square of local density, not with the number of positions."""
    sys.path.insert(0, str(ROOT))
    import duckdb

    from sanctionwatch.maritime.detectors.encounter_v1 import BIN_SECONDS, KM_PER_CELL_LAT_DEG, MIN_CELL_LAT_DEG

    cell_lat = max(MIN_CELL_LAT_DEG, 0.5 / KM_PER_CELL_LAT_DEG)
    src = folder / "parquet" / "positions.parquet"
    con = duckdb.connect()
    vessels, vessel_bins, pairs, busiest = con.execute(f"""
        WITH bins AS (
            SELECT mmsi, CAST(floor(epoch(ts) / {BIN_SECONDS}) AS BIGINT) AS b, AVG(lat) AS lat, AVG(lon) AS lon
            FROM read_parquet('{src}') GROUP BY ALL),
        cells AS (SELECT b, CAST(floor(lon / {2 * cell_lat}) AS BIGINT) AS cx,
                         CAST(floor(lat / {cell_lat}) AS BIGINT) AS cy, count(*) AS n FROM bins GROUP BY ALL),
        blocks AS (
            SELECT a.b, a.cx, a.cy, a.n, SUM(o.n) AS block
            FROM cells a JOIN cells o ON o.b = a.b AND o.cx BETWEEN a.cx - 1 AND a.cx + 1
                                     AND o.cy BETWEEN a.cy - 1 AND a.cy + 1
            GROUP BY ALL)
        SELECT (SELECT count(DISTINCT mmsi) FROM bins), SUM(n), SUM(n * block), MAX(block) FROM blocks""").fetchone()
    return {"vessels": vessels, "vessel_bins": int(vessel_bins), "candidate_pairs": int(pairs),
            "busiest_block": int(busiest)}


def _child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"phase {args[:2]} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def compare(folder: Path, master: str, driver_memory: str, detectors: list[str] | None) -> dict:
    results = {}
    for engine in ("duckdb", "spark"):
        out = folder / f"events-{engine}.json"
        print(f"  {engine} ... ({_load()})", flush=True)
        results[engine] = _child("--phase", engine, str(folder), "--master", master, "--driver-memory",
                                 driver_memory, "--detectors", ",".join(detectors or []), "--events-out", str(out))
        results[engine]["same_events"] = None
    a = json.loads((folder / "events-duckdb.json").read_text())
    b = json.loads((folder / "events-spark.json").read_text())
    results["same_events"] = a == b
    results["load_after"] = _load()
    return results


def report(size: int, r: dict) -> None:
    d, s = r["duckdb"], r["spark"]
    print(f"\n{d['positions']:,} positions ({size:,} asked), {d['events']:,} events on DuckDB, {s['events']:,} on Spark; "
          f"same events: {r['same_events']}; {r['load_after']}")
    print(f"  {'detector':22s} {'duckdb s':>10s} {'spark s':>10s} {'spark/duckdb':>13s}")
    for name, ds in d["detectors"].items():
        ss = s["detectors"].get(name)
        print(f"  {name:22s} {ds:10.2f} {ss:10.2f} {ss / ds if ds else float('nan'):13.1f}")
    print(f"  {'all detectors':22s} {d['seconds']:10.2f} {s['seconds']:10.2f} {s['seconds'] / d['seconds']:13.1f}")
    with_start = s["seconds"] + s["session_seconds"]
    print(f"  {'+ Spark session start':22s} {'':10s} {with_start:10.2f} {with_start / d['seconds']:13.1f}"
          f"   (start {s['session_seconds']:.1f} s)")
    jvm = f", driver JVM {s['jvm_peak_mib']:,.0f} MiB" if s.get("jvm_peak_mib") else ""
    print(f"  peak RSS: DuckDB process {d['peak_mib']:,.0f} MiB; Spark: Python {s['peak_mib']:,.0f} MiB{jvm}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="6g")
    parser.add_argument("--detectors", default="", help="comma-separated; default all")
    parser.add_argument("--density", type=int, default=0,
                        help="also time encounter-v1 on N positions from V vessels x 6 days and 2V x 3 days")
    parser.add_argument("--phase", choices=["duckdb", "spark", "pairs"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--events-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    detectors = [d for d in args.detectors.split(",") if d] or None
    if args.phase == "pairs":
        print(json.dumps(pairs_phase(Path(args.folder))))
        return
    if args.phase:
        print(json.dumps(phase(args.phase, Path(args.folder), args.master, args.driver_memory, detectors,
                               Path(args.events_out))))
        return

    sizing = _sizing()
    print(f"DuckDB (all {os.cpu_count()} cores) vs Spark {args.master} (driver memory {args.driver_memory}); "
          f"{_load()}", flush=True)
    ratios = []
    encounter = []
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = sizing.scenario_for(size, args.seed)
        print(f"\n== {size:,} positions: {folder.name}", flush=True)
        r = compare(folder, args.master, args.driver_memory, detectors)
        report(size, r)
        ratios.append((r["duckdb"]["positions"], r["duckdb"]["seconds"], r["spark"]["seconds"]))
        if "encounter-v1" in r["duckdb"]["detectors"]:
            encounter.append((r["duckdb"]["positions"], r["duckdb"]["detectors"]["encounter-v1"],
                              r["spark"]["detectors"]["encounter-v1"], _child("--phase", "pairs", str(folder))))

    print("\n== Spark catching up (all detectors, session start excluded)")
    caught = [n for n, d, s in ratios if s <= d]
    for n, d, s in ratios:
        print(f"  {n:>13,} positions: Spark/DuckDB {s / d:6.1f}")
    print(f"  crossover: {'at ' + format(caught[0], ',') + ' positions' if caught else 'none up to ' + format(ratios[-1][0], ',') + ' positions'}")

    if args.density:
        encounter_density(args.density, args.seed, args.master, args.driver_memory)
    if encounter:
        print("\n== encounter-v1 against positions (the scenario's density)")
        print(f"  {'positions':>13s} {'vessels':>8s} {'vessel-bins':>12s} {'cand. pairs':>12s} {'busiest 3x3':>11s} "
              f"{'duckdb s':>9s} {'spark s':>9s}")
        for n, d, s, p in encounter:
            print(f"  {n:>13,} {p['vessels']:>8,} {p['vessel_bins']:>12,} {p['candidate_pairs']:>12,} "
                  f"{p['busiest_block']:>11,} {d:9.2f} {s:9.2f}")


def encounter_density(positions: int, seed: int, master: str, driver_memory: str) -> None:
    """The same number of positions from V vessels over 6 days and from 2V vessels over 3 days in the
    same sea: twice the vessels at any moment."""
    sys.path.insert(0, str(ROOT))
    from sanctionwatch.maritime.scenario import generate

    sizing = _sizing()
    pilot = sizing.scenario_for(positions, seed)
    manifest = json.loads((pilot / "scenario.json").read_text())
    per_vessel_day = sizing._count(pilot) / len(manifest["vessels"]) / manifest["days"]
    print("\n== encounter-v1 against vessel density (same positions, twice the vessels at a time)")
    print(f"  {'vessels x days':>15s} {'positions':>11s} {'vessel-bins':>12s} {'cand. pairs':>12s} "
          f"{'busiest 3x3':>11s} {'duckdb s':>9s} {'spark s':>9s}")
    for factor, days in ((1, 6), (2, 3)):
        vessels = max(60, round(positions / per_vessel_day / 6)) * factor
        folder = CACHE / f"density-s{seed}-v{vessels}-d{days}"
        if not (folder / "scenario.json").exists():
            generate(folder, seed=seed, vessels=vessels, days=days, formats=("parquet",))
        r = compare(folder, master, driver_memory, ["encounter"])
        p = _child("--phase", "pairs", str(folder))
        print(f"  {f'{vessels:,} x {days}':>15s} {r['duckdb']['positions']:>11,} {p['vessel_bins']:>12,} "
              f"{p['candidate_pairs']:>12,} {p['busiest_block']:>11,} {r['duckdb']['seconds']:9.2f} "
              f"{r['spark']['seconds']:9.2f}   same events: {r['same_events']}", flush=True)


if __name__ == "__main__":
    main()
