"""Detection benchmark: every detector over N scenario positions on DuckDB, beside a floor, a
per-track Python baseline and MovingPandas, measured in the same run.

    .venv/bin/python benchmarks/maritime/detect.py                    # 10 million positions
    .venv/bin/python benchmarks/maritime/detect.py --positions 100000000

Figures printed (never asserted):
* all detectors over N positions (seconds, per detector, peak RSS of that process);
* the floor: DuckDB sorting the same positions by vessel and time (seconds, peak RSS);
* the baseline: gap and stop detection per track in pandas/Python (benchmarks/maritime/baseline.py)
  against our gap-v1 + loitering-v1 on the same subset of whole tracks, and the ratio;
* the peer: MovingPandas' ObservationGapSplitter and TrajectoryStopDetector (movingpandas_peer.py,
  run in its own venv benchmarks/.mp-venv made by peer_env.py) against our gap-v1 + loitering-v1 on
  the same subset of whole tracks, and the ratio.

Each measurement runs in a fresh process, so its peak memory is its own. The scenario is generated
once per (seed, size) into benchmarks/.cache and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
DAYS = 7
MAX_DAYS = 56
# Positions per vessel settle from ~250 vessels on (4,260 at 250, 4,320 at 500, 4,370 at 1,000,
# 4,330 at 2,300, seed 1, 7 days); at 60 vessels the planted stories weigh so much that it is 3,200,
# which made a 10 M request 13.6 M. A 500-vessel pilot takes ~3 s for 7 days.
PILOT_VESSELS = 500
TOLERANCE = 0.10


def _peak_mib() -> float:
    """Peak RSS of this process. Not getrusage's ru_maxrss: Linux carries it over from the parent
    through fork and exec, so every phase would report at least the RSS the benchmark's main
    process had when it started the phase (after generating a scenario, hundreds of MiB)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenario_for(positions: int, seed: int) -> Path:
    """A scenario within 10 % of ``positions`` positions (Parquet), generated once and cached."""
    from sanctionwatch.errors import ConfigError

    out = CACHE / f"scenario-s{seed}-n{positions}"
    if (out / "scenario.json").exists():
        have = _count(out)
        if _close(have, positions):
            return out
        # made by an earlier sizing (or generator); its subsets go with it
        print(f"cached {out.name} holds {have:,} positions, not within 10 %: regenerating", flush=True)
        shutil.rmtree(out)
    days = DAYS
    while True:
        per_vessel = _pilot_rate(seed, days)
        vessels = max(60, round(positions / per_vessel))
        try:
            have = _generate(out, seed, vessels, days, per_vessel)
            break
        except ConfigError as exc:
            shutil.rmtree(out, ignore_errors=True)
            if days * 2 > MAX_DAYS:
                raise
            # The generator plants a copy of each story per 1,000 vessels and keeps them apart in
            # space and time; past ~7,000 vessels (seed 1) it runs out of room whatever the window.
            # A longer window gives longer tracks, so fewer vessels make the same positions.
            print(f"  refused: {exc}; trying {days * 2} days", flush=True)
            days *= 2
    if not _close(have, positions) and vessels > 60:
        # the fleet's mix still moves the rate a little with its size: one correction by what came out
        retry = out.with_name(out.name + "-retry")
        try:
            _generate(retry, seed, max(60, round(positions * vessels / have)), days, have / vessels)
        except ConfigError as exc:
            shutil.rmtree(retry, ignore_errors=True)
            print(f"  correction refused ({exc}); keeping {have:,} positions", flush=True)
        else:
            shutil.rmtree(out)
            retry.rename(out)
    return out


def _pilot_rate(seed: int, days: int) -> float:
    """Positions per vessel over ``days``, from a pilot scenario generated once and cached."""
    from sanctionwatch.maritime.scenario import generate

    pilot = CACHE / f"pilot-s{seed}-v{PILOT_VESSELS}-d{days}"
    if not (pilot / "scenario.json").exists():
        generate(pilot, seed=seed, vessels=PILOT_VESSELS, days=days, formats=("parquet",))
    return _count(pilot) / PILOT_VESSELS


def _generate(out: Path, seed: int, vessels: int, days: int, per_vessel: float) -> int:
    from sanctionwatch.maritime.scenario import generate

    print(f"generating {vessels:,} vessels x {days} days (~{per_vessel:,.0f} positions per vessel) ...", flush=True)
    started = time.perf_counter()
    generate(out, seed=seed, vessels=vessels, days=days, formats=("parquet",))
    have = _count(out)
    print(f"  generated {have:,} positions in {time.perf_counter() - started:.1f} s", flush=True)
    return have


def _shape(folder: Path) -> str:
    manifest = json.loads((folder / "scenario.json").read_text())
    return f"{manifest['counts']['vessels']:,} vessels x {manifest['days']} days"


def _close(have: int, wanted: int) -> bool:
    return abs(have - wanted) <= TOLERANCE * wanted


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
    return _run([sys.executable, __file__, "--phase", phase, *args], phase)


def _run(command: list[str], what: str) -> dict:
    """Run a measuring process; its last stdout line is its JSON. A failure stops the benchmark with
    how the process ended (a signal such as SIGKILL is what the kernel's OOM killer leaves)."""
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        how = (f"killed by signal {-out.returncode}" if out.returncode < 0 else f"exit status {out.returncode}")
        tail = "\n".join(out.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"{what}: {how} after {time.perf_counter() - started:.1f} s\n{tail}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _note(what: str, result: dict) -> dict:
    """A line as each phase ends, so that a run stopped later still shows what it measured."""
    print(f"  {what}: {result['seconds']:.2f} s, peak RSS {result['peak_mib']:,.0f} MiB", flush=True)
    return result


def peer_venv() -> tuple[Path, str]:
    """The peer venv's python, made now if needed, and a line saying how long its install took."""
    sys.path.insert(0, str(HERE))
    import peer_env

    present = peer_env.installed() == peer_env.PINS
    python = peer_env.ensure()
    record = peer_env.install_record() or {}
    # ensure() has checked that the venv holds exactly these
    versions = ", ".join(f"{k} {v}" for k, v in peer_env.PINS.items())
    took = f"{record['seconds']:.1f} s" if "seconds" in record else "an unrecorded time"
    when = "already present; its install took" if present else "created in this run, in"
    return python, (f"MovingPandas peer venv {peer_env.VENV.relative_to(ROOT)}: {when} {took} "
                    f"(venv + pip install); {versions}")


def phase_peer(python: Path, path: Path, processes: int) -> dict:
    return _run([str(python), str(HERE / "movingpandas_peer.py"), str(path), "--processes", str(processes)],
                "MovingPandas peer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument("--baseline-positions", type=int, default=500_000,
                        help="size of the subset (whole tracks) on which ours and the baseline are compared")
    parser.add_argument("--peer-positions", type=int, default=500_000,
                        help="size of the subset (whole tracks) on which ours and MovingPandas are compared "
                             "(MovingPandas takes 1.5-5 min for 500,000 on one core; longer tracks cost more)")
    parser.add_argument("--peer-processes", type=int, default=1,
                        help="MovingPandas' n_processes (its default, 1; ours uses every core)")
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

    load_before = os.getloadavg()
    peer_python, peer_line = peer_venv()
    folder = scenario_for(opts.positions, opts.seed)
    statics = str(folder / "parquet" / "statics.parquet")
    ours = _note("all detectors", _child("detect", str(folder)))
    floor = _note("floor", _child("floor", str(folder)))
    part = subset(folder, opts.baseline_positions)
    ours_small = _note("ours on the baseline's subset", _child("ours_subset", str(part), statics))
    base = _note("baseline", _child("baseline", str(part)))
    peer_part = subset(folder, opts.peer_positions)
    ours_peer = (ours_small if peer_part == part
                 else _note("ours on the peer's subset", _child("ours_subset", str(peer_part), statics)))
    peer = _note("MovingPandas", phase_peer(peer_python, peer_part, opts.peer_processes))
    load_after = os.getloadavg()

    print(f"\nAll detectors over {ours['positions']:,} scenario positions ({_shape(folder)}; DuckDB, "
          f"{_cores()} cores)")
    for d in ours["detectors"]:
        print(f"  {d['id']:<24} {d['seconds']:>8.2f} s  {d['events']:>6} events")
    print(f"  {'total':<24} {ours['seconds']:>8.2f} s  {ours['events']:>6} events   peak RSS {ours['peak_mib']:,.0f} MiB")
    print(f"Floor: DuckDB sorting the same positions by vessel and time: {floor['seconds']:.2f} s "
          f"(peak RSS {floor['peak_mib']:,.0f} MiB); detectors / floor = {ours['seconds'] / floor['seconds']:.1f}x")
    print(f"Per-track Python baseline (pandas, gaps + stops) on {base['positions']:,} positions of whole tracks: "
          f"{base['seconds']:.2f} s ({base['gaps']} gaps, {base['stops']} stops; peak RSS {base['peak_mib']:,.0f} MiB)")
    print(f"Ours (gap-v1 + loitering-v1, Parquet read included) on the same subset: {ours_small['seconds']:.2f} s "
          f"({ours_small['events']} events; peak RSS {ours_small['peak_mib']:,.0f} MiB)")
    print(f"Speed-up over the baseline: {base['seconds'] / ours_small['seconds']:.1f}x "
          f"(per position, full run vs baseline: "
          f"{(base['seconds'] / base['positions']) / (ours['seconds'] / ours['positions']):.1f}x)")
    print(peer_line)
    workers = "one process, its default" if peer["processes"] == 1 else f"{peer['processes']} processes"
    print(f"MovingPandas ({workers}) on {peer['positions']:,} positions of whole tracks ({peer['tracks']} tracks): "
          f"{peer['seconds']:.2f} s = TrajectoryCollection {peer['build_s']:.2f} s + ObservationGapSplitter "
          f"{peer['gaps_s']:.2f} s ({peer['gaps']} gaps) + TrajectoryStopDetector {peer['stops_s']:.2f} s "
          f"({peer['stops']} stops); Parquet read apart, {peer['read_s']:.2f} s; peak RSS {peer['peak_mib']:,.0f} MiB"
          + (f", workers {peer['workers_peak_mib']:,.0f} MiB" if peer["processes"] > 1 else ""))
    print(f"Ours (gap-v1 + loitering-v1, Parquet read included) on the same subset: {ours_peer['seconds']:.2f} s "
          f"({ours_peer['events']} events; peak RSS {ours_peer['peak_mib']:,.0f} MiB)")
    print(f"Speed-up over MovingPandas: {peer['seconds'] / ours_peer['seconds']:.1f}x on the subset "
          f"(per position, full run vs MovingPandas: "
          f"{(peer['seconds'] / peer['positions']) / (ours['seconds'] / ours['positions']):.1f}x)")
    print("Load average (1, 5, 15 min) at start {:.2f} {:.2f} {:.2f}, at end {:.2f} {:.2f} {:.2f}".format(
        *load_before, *load_after))


def _cores() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
