"""Benchmark: loading the UN 2026 consolidated XML and the OFAC 2024 sdn.csv.

Prints, per file: parse time, full load time (parse + checks + write to a fresh store), peak memory
of the Python RSS of the process so far, and the ratio to a floor measured in the same run (the standard library reading
the same bytes: ElementTree for the XML, csv.reader for the CSV). Never asserted; figures only.

    .venv/bin/python benchmarks/lists_load.py [--repeat N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
import resource
import xml.etree.ElementTree as ET
from pathlib import Path

from sanctionwatch import settings
from sanctionwatch.lists import registry
from sanctionwatch.lists.releases import load_release, parse_release, read_files
from sanctionwatch.store import open_store

FILES = {
    "UN consolidated 2026-02-27 (XML)": ("lists/un/consolidated_2026-02-27.xml", "xml"),
    "OFAC SDN 2024-05-03 (sdn.csv)": ("lists/ofac/sdn-csv-2024-05-03/sdn.csv", "csv"),
}


def floor(data: bytes, kind: str) -> None:
    if kind == "xml":
        ET.parse(io.BytesIO(data))
    else:
        for _ in csv.reader(io.StringIO(data.decode("latin-1"))):
            pass


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of an empty database to load into too")
    args = parser.parse_args()
    shared = settings.shared_data()
    print(f"{'file':36} {'floor s':>8} {'parse s':>8} {'load s':>8} {'load/floor':>10} {'peak RSS MiB':>12}  store")
    for label, (rel, kind) in FILES.items():
        path = shared / rel
        if not path.exists():
            print(f"{label}: {path} missing", file=sys.stderr)
            continue
        files = read_files([path])
        source = registry.detect(files[0])
        t_floor = timed(lambda: floor(files[0].data, kind), args.repeat)
        t_parse = timed(lambda: parse_release(source, files), args.repeat)
        targets = [("sqlite", None)] + ([("postgresql", args.database_url)] if args.database_url else [])
        for name, url in targets:
            loads, peaks = [], []
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as home:
                    store = open_store(url=url or f"sqlite:///{home}/bench.db", home=Path(home))
                    if url:
                        _truncate(store)
                    start = time.perf_counter()
                    load_release(store, source, files, force=True)
                    loads.append(time.perf_counter() - start)
                    store.dispose()
            peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            t_load = statistics.median(loads)
            print(f"{label:36} {t_floor:8.3f} {t_parse:8.3f} {t_load:8.3f} {t_load / t_floor:10.1f} "
                  f"{max(peaks):12.0f}  {name}")


def _truncate(store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE list_changes, entities, sources, releases RESTART IDENTITY CASCADE")


if __name__ == "__main__":
    main()
