"""The detection benchmark's peer: MovingPandas gap splitting and stop detection on a Parquet of positions.

Runs INSIDE the peer venv (benchmarks/.mp-venv, made by peer_env.py), never beside our code:

    benchmarks/.mp-venv/bin/python benchmarks/maritime/movingpandas_peer.py POSITIONS.parquet [--processes N]

One ``TrajectoryCollection`` of the positions (a trajectory per MMSI, EPSG:4326), then
``ObservationGapSplitter(tc).split(gap=6 h)`` and
``TrajectoryStopDetector(tc).get_stop_time_ranges(max_diameter=2000 m, min_duration=4 h)``, with the
thresholds of our gap-v1 and loitering-v1. Prints one JSON line: the seconds of reading, building
the collection, gaps and stops, what each found, and the peak RSS of this process.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import warnings
from collections import Counter
from datetime import timedelta


def peak_mib() -> float:
    """Peak RSS of this process: VmHWM, since getrusage's ru_maxrss carries the parent's peak over
    through fork and exec (the benchmark that starts this process may have been far bigger)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("positions", help="Parquet with columns mmsi, ts, lat, lon")
    parser.add_argument("--gap-hours", type=float, default=6.0)
    parser.add_argument("--stop-hours", type=float, default=4.0)
    parser.add_argument("--max-diameter", type=float, default=2000.0, help="metres")
    parser.add_argument("--processes", type=int, default=1,
                        help="MovingPandas' n_processes for both steps (its default is 1)")
    args = parser.parse_args()

    # its import warns that an optional smoother (Stone Soup) is missing, and a tz-aware ts column
    # would earn a TimeZoneWarning per track: neither bears on what is measured
    warnings.simplefilter("ignore")
    import movingpandas as mpd
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_parquet(args.positions, columns=["mmsi", "ts", "lat", "lon"])
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    tc = mpd.TrajectoryCollection(frame, traj_id_col="mmsi", t="ts", x="lon", y="lat", crs="EPSG:4326")
    build_s = time.perf_counter() - started

    started = time.perf_counter()
    pieces = mpd.ObservationGapSplitter(tc).split(n_processes=args.processes, gap=timedelta(hours=args.gap_hours))
    gaps_s = time.perf_counter() - started
    # piece ids are "<track id>_<i>": a track cut k times comes back as k + 1 pieces (fewer when a
    # piece of one point, or of zero length, is dropped by the splitter)
    per_track = Counter(str(p.id).rsplit("_", 1)[0] for p in pieces.trajectories)
    splits = sum(n - 1 for n in per_track.values())

    started = time.perf_counter()
    stops = mpd.TrajectoryStopDetector(tc, n_processes=args.processes).get_stop_time_ranges(
        max_diameter=args.max_diameter, min_duration=timedelta(hours=args.stop_hours))
    stops_s = time.perf_counter() - started

    import geopandas
    import shapely

    print(json.dumps({
        "positions": len(frame), "tracks": len(tc), "read_s": read_s, "build_s": build_s,
        "gaps_s": gaps_s, "stops_s": stops_s, "seconds": build_s + gaps_s + stops_s,
        "pieces": len(pieces), "gaps": splits, "stops": len(stops), "processes": args.processes,
        "peak_mib": peak_mib(),
        # with --processes > 1 the work is in pool workers, whose peak is not in this process's; forked
        # from it, each counts this process's RSS at the fork too, which the pages they share inflate
        "workers_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "versions": {"movingpandas": mpd.__version__, "geopandas": geopandas.__version__,
                     "shapely": shapely.__version__, "pandas": pd.__version__},
    }))


if __name__ == "__main__":
    main()
