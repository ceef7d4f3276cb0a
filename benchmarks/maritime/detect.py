"""Detection benchmark: every detector over N scenario positions on DuckDB, beside a floor and a
per-track Python baseline measured in the same run.

    .venv/bin/python benchmarks/maritime/detect.py                    # 10 million positions
    .venv/bin/python benchmarks/maritime/detect.py --positions 100000000

Figures printed (never asserted):
* all detectors over N positions (seconds, per detector, peak RSS of that process);
* the floor: DuckDB sorting the same positions by vessel and time (seconds, peak RSS);
* the baseline: gap and stop detection per track in pandas/Python (benchmarks/maritime/baseline.py)
  against our gap-v1 + loitering-v1 on the same subset of whole tracks, and the ratio.

Each measurement runs in a fresh process, so its peak memory is its own. The scenario is generated
once per (seed, size) into benchmarks/.cache and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "benchmarks" / ".cache"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario_for(positions: int, seed: int) -> Path:
    """A scenario of about ``positions`` positions (Parquet), generated once and cached."""
    from sanctionwatch.maritime.scenario import generate

    out = CACHE / f"scenario-s{seed}-n{positions}"
    if (out / "scenario.json").exists():
        return out
    pilot = CACHE / f"pilot-s{seed}"
    days = 7
    pilot_summary = generate(pilot, seed=seed, vessels=60, days=days, formats=("parquet",))
    per_vessel = _count(pilot) / 60
    vessels = max(60, round(positions / per_vessel))
    print(f"generating {vessels} vessels x {days} days (~{per_vessel:,.0f} positions per vessel) ...", flush=True)
    started = time.perf_counter()
    generate(out, seed=seed, vessels=vessels, days=days, formats=("parquet",))
    print(f"  generated {_count(out):,} positions in {time.perf_counter() - started:.1f} s", flush=True)
    del pilot_summary
    return out


def _count(folder: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(folder / "parquet" / "positions.parquet").metadata.num_rows


def phase_detect(folder: Path, detectors: list[str] | None) -> dict:
    from sanctionwatch.maritime.areas import Areas
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.engine import DuckDBEngine

    engine = DuckDBEngine(positions=[folder / "parquet" / "positions.parquet"],
                          statics=[folder / "parquet" / "statics.parquet"])
    started = time.perf_counter()
    run = detect(detectors=detectors, engine=engine, areas=Areas.load(ports_path="", anchorages_path="", land_path=""),
                 list_store=None, save=False)
    seconds = time.perf_counter() - started
    engine.close()
    return {"seconds": seconds, "positions": run.positions, "events": len(run.events),
            "detectors": run.detectors, "peak_mib": _peak_mib()}


def phase_floor(folder: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(f"CREATE TABLE s AS SELECT * FROM read_parquet('{folder / 'parquet' / 'positions.parquet'}') "
                "ORDER BY mmsi, ts")
    seconds = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM s").fetchone()[0]
    return {"seconds": seconds, "positions": rows, "peak_mib": _peak_mib()}


def subset(folder: Path, positions: int) -> Path:
    """Whole tracks of the first vessels (by MMSI) up to ``positions`` rows, as a Parquet file."""
    import duckdb

    out = folder / f"subset-{positions}.parquet"
    if out.exists():
        return out
    src = folder / "parquet" / "positions.parquet"
    con = duckdb.connect()
    con.execute(f"""
        COPY (WITH c AS (SELECT mmsi, count(*) AS n FROM read_parquet('{src}') GROUP BY mmsi),
                   k AS (SELECT mmsi, sum(n) OVER (ORDER BY mmsi) AS upto FROM c)
              SELECT p.* FROM read_parquet('{src}') p JOIN k ON p.mmsi = k.mmsi WHERE k.upto <= {positions})
        TO '{out}' (FORMAT parquet)""")
    return out


def phase_ours_subset(path: Path, statics: Path) -> dict:
    from sanctionwatch.maritime.areas import Areas
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.engine import DuckDBEngine

    engine = DuckDBEngine(positions=[path], statics=[statics])
    started = time.perf_counter()
    run = detect(detectors=["gap", "loitering"], engine=engine,
                 areas=Areas.load(ports_path="", anchorages_path="", land_path=""), list_store=None, save=False)
    return {"seconds": time.perf_counter() - started, "positions": run.positions, "events": len(run.events),
            "peak_mib": _peak_mib()}


def phase_baseline(path: Path) -> dict:
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).parent))
    from baseline import run_baseline

    frame = pd.read_parquet(path, columns=["mmsi", "ts", "lat", "lon"])
    started = time.perf_counter()
    found = run_baseline(frame)
    return {"seconds": time.perf_counter() - started, "positions": len(frame), **found, "peak_mib": _peak_mib()}


def _child(phase: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", phase, *args], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument("--baseline-positions", type=int, default=500_000,
                        help="size of the subset (whole tracks) on which ours and the baseline are compared")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.phase:
        result = {"detect": lambda: phase_detect(Path(opts.args[0]), None),
                  "floor": lambda: phase_floor(Path(opts.args[0])),
                  "ours_subset": lambda: phase_ours_subset(Path(opts.args[0]), Path(opts.args[1])),
                  "baseline": lambda: phase_baseline(Path(opts.args[0]))}[opts.phase]()
        print(json.dumps(result, default=str))
        return

    folder = scenario_for(opts.positions, opts.seed)
    ours = _child("detect", str(folder))
    floor = _child("floor", str(folder))
    part = subset(folder, opts.baseline_positions)
    ours_small = _child("ours_subset", str(part), str(folder / "parquet" / "statics.parquet"))
    base = _child("baseline", str(part))

    print(f"\nAll detectors over {ours['positions']:,} scenario positions (DuckDB, {_cores()} cores)")
    for d in ours["detectors"]:
        print(f"  {d['id']:<24} {d['seconds']:>8.2f} s  {d['events']:>6} events")
    print(f"  {'total':<24} {ours['seconds']:>8.2f} s  {ours['events']:>6} events   peak RSS {ours['peak_mib']:,.0f} MiB")
    print(f"Floor: DuckDB sorting the same positions by vessel and time: {floor['seconds']:.2f} s "
          f"(peak RSS {floor['peak_mib']:,.0f} MiB); detectors / floor = {ours['seconds'] / floor['seconds']:.1f}x")
    print(f"Per-track Python baseline (pandas, gaps + stops) on {base['positions']:,} positions of whole tracks: "
          f"{base['seconds']:.2f} s ({base['gaps']} gaps, {base['stops']} stops; peak RSS {base['peak_mib']:,.0f} MiB)")
    print(f"Ours (gap-v1 + loitering-v1) on the same subset: {ours_small['seconds']:.2f} s "
          f"({ours_small['events']} events; peak RSS {ours_small['peak_mib']:,.0f} MiB)")
    print(f"Speed-up over the baseline: {base['seconds'] / ours_small['seconds']:.1f}x "
          f"(per position, full run vs baseline: "
          f"{(base['seconds'] / base['positions']) / (ours['seconds'] / ours['positions']):.1f}x)")


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
