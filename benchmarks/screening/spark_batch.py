"""Batch screening, the local batch (forked workers) vs the Spark batch (local[2]), IN THE SAME RUN on the
same input and the same index. Figures only, never asserted.

    .venv/bin/python benchmarks/screening/spark_batch.py [--sizes 10000,100000] [--workers 2] [--keep]

Input: the names of yente's candidate-generation negatives (``benchmarks/yente-candidate-generation/
negatives_global.csv`` and ``negatives_us.csv`` of the shared data, 50,000 each; the set the screening
benchmark's batch figure uses), N/2 rows of each file, as the CSV a user would give the batch (full_name,
date_of_birth, nationality, gender ... mapped by header), schema Person. Lists: the UN consolidated list
(2026-02-27) and the OFAC SDN CSV set (2024-05-03), loaded into a temporary home.

Each engine runs the same phases, timed apart: read the input (the shared reader, on the driver), score
(local: ``screen_batch`` on forked workers; Spark: the index broadcast and one job of ``mapPartitions``),
finish (audit rows into the SQLite store, then the output CSV). Spark's session start is timed once,
apart, and its first job is run on 200 rows before the timed sizes (Python workers start, the index
is broadcast for the first time) so that overhead is reported as it is, not hidden in a size. The two
output files are then compared row by row. ``uptime`` is printed with each timing: other jobs on the
machine slow both engines.
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sanctionwatch import settings  # noqa: E402
from sanctionwatch.lists.releases import load_lists  # noqa: E402
from sanctionwatch.screening import batch  # noqa: E402
from sanctionwatch.screening import spark_batch  # noqa: E402
from sanctionwatch.screening.screener import current_index  # noqa: E402
from sanctionwatch.store import open_store  # noqa: E402

NEGATIVES = ("benchmarks/yente-candidate-generation/negatives_global.csv",
             "benchmarks/yente-candidate-generation/negatives_us.csv")
LISTS = ("lists/un/consolidated_2026-02-27.xml", "lists/ofac/sdn-csv-2024-05-03/sdn.csv")


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip().split("load average:")[-1].strip()


def shared() -> Path:
    path = Path(settings.shared_data()).expanduser()
    return path if path.is_absolute() else (ROOT / path).resolve()


def write_input(path: Path, n: int) -> None:
    """N/2 rows from each negatives file, in file order, as one CSV with the files' own header."""
    half = [n // 2, n - n // 2]
    header: list[str] | None = None
    rows: list[list[str]] = []
    for rel, take in zip(NEGATIVES, half):
        with (shared() / rel).open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for i, row in enumerate(reader):
                if i >= take:
                    break
                rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def run_local(src: Path, dst: Path, store: Any, index: Any, workers: int) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    fieldnames, rows = batch.read_input(src, {}, "Person")
    good = [r for r in rows if r.query is not None]
    t["read"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    results = batch.screen_batch([r.query for r in good], index=index, workers=workers, limit=3)
    t["score"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    batch.finish_batch(dst, fieldnames, rows, good, results, store=store, index=index, threshold=None,
                       algorithm=None)
    t["finish"] = time.perf_counter() - t2
    t["total"] = time.perf_counter() - t0
    t["rows"] = len(rows)
    return t


def run_spark(src: Path, dst: Path, store: Any, index: Any, spark: Any) -> dict[str, float]:
    t = {}
    t0 = time.perf_counter()
    fieldnames, rows = batch.read_input(src, {}, "Person")
    good = [r for r in rows if r.query is not None]
    t["read"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    results = spark_batch.score_on_spark(spark, good, index, threshold=None, limit=3, algorithm=None)
    t["score"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    batch.finish_batch(dst, fieldnames, rows, good, results, store=store, index=index, threshold=None,
                       algorithm=None, engine="spark")
    t["finish"] = time.perf_counter() - t2
    t["total"] = time.perf_counter() - t0
    t["rows"] = len(rows)
    return t


def compare(a: Path, b: Path) -> tuple[int, int, int, list[str]]:
    """(rows, rows differing in any column, rows whose best match differs, a few examples)."""
    with a.open(encoding="utf-8", newline="") as fa, b.open(encoding="utf-8", newline="") as fb:
        ra, rb = list(csv.DictReader(fa)), list(csv.DictReader(fb))
    differ = top = 0
    examples = []
    for i, (x, y) in enumerate(zip(ra, rb)):
        if x != y:
            differ += 1
            if x["match_id"] != y["match_id"]:
                top += 1
            if len(examples) < 3:
                examples.append(f"row {i + 2} {x.get('full_name')!r}: local {x['match_id']} {x['score']} / "
                                f"spark {y['match_id']} {y['score']}")
    return len(ra), differ + abs(len(ra) - len(rb)), top, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="input sizes, comma-separated (max 100000)")
    parser.add_argument("--workers", type=int, default=2, help="local workers; Spark runs local[WORKERS]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary home")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for rel in NEGATIVES + LISTS:
        if not (shared() / rel).exists():
            raise SystemExit(f"missing shared data file {shared() / rel} (set SANCTIONWATCH_SHARED_DATA)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    work = Path(tempfile.mkdtemp(prefix="sw-spark-batch-"))
    try:
        print(f"machine: {os.cpu_count()} cores; load {load()}; driver PYTHONHASHSEED="
              f"{os.environ.get('PYTHONHASHSEED', '(random)')}, Spark workers PYTHONHASHSEED="
              f"{os.environ.get('PYTHONHASHSEED', '0')}", flush=True)
        store = open_store(url=f"sqlite:///{work}/sw.db", home=work)
        t0 = time.perf_counter()
        for rel in LISTS:
            load_lists([shared() / rel], store=store)
        index = current_index(store)
        print(f"lists loaded and index built in {time.perf_counter() - t0:.1f} s: {len(index.entries):,} entities, "
              f"index pickled {len(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)) / 2**20:.1f} MiB "
              "(what is broadcast)", flush=True)

        t0 = time.perf_counter()
        spark = spark_batch.spark_session(f"local[{args.workers}]")
        start = time.perf_counter() - t0
        print(f"Spark session start (JVM included): {start:.1f} s; load {load()}", flush=True)
        warm = work / "warm.csv"
        write_input(warm, 200)
        w_local = run_local(warm, work / "warm-local.csv", store, index, args.workers)
        w_spark = run_spark(warm, work / "warm-spark.csv", store, index, spark)
        print(f"first job, 200 rows: local score {w_local['score']:.2f} s (in process: under 200 rows the "
              f"local batch does not fork), Spark score {w_spark['score']:.2f} s (Python workers start, "
              f"first broadcast); load {load()}", flush=True)

        figures = []
        for n in sizes:
            src = work / f"in-{n}.csv"
            write_input(src, n)
            print(f"\n{n:,} names", flush=True)
            loc = run_local(src, work / f"local-{n}.csv", store, index, args.workers)
            print(f"  local, {args.workers} workers: read {loc['read']:.1f} s, score {loc['score']:.1f} s, "
                  f"finish {loc['finish']:.1f} s, total {loc['total']:.1f} s; load {load()}", flush=True)
            spk = run_spark(src, work / f"spark-{n}.csv", store, index, spark)
            print(f"  spark local[{args.workers}]: read {spk['read']:.1f} s, score {spk['score']:.1f} s, "
                  f"finish {spk['finish']:.1f} s, total {spk['total']:.1f} s; load {load()}", flush=True)
            rows, differ, top, examples = compare(work / f"local-{n}.csv", work / f"spark-{n}.csv")
            print(f"  outputs: {rows:,} rows, {differ} differ in some column, {top} in the best match", flush=True)
            for e in examples:
                print(f"    {e}")
            figures.append((n, loc, spk, differ, top))

        spark.stop()
        print(f"\nSummary (rows/s of the whole batch: read + score + audit + write; Spark's session start, "
              f"{start:.1f} s, not included; ratio = Spark / local, above 1 = Spark faster)")
        print(f"{'names':>9} {'local rows/s':>13} {'spark rows/s':>13} {'ratio':>6} {'score-only ratio':>17} "
              f"{'rows differing':>15}")
        for n, loc, spk, differ, top in figures:
            print(f"{n:>9,} {loc['rows'] / loc['total']:>13.0f} {spk['rows'] / spk['total']:>13.0f} "
                  f"{loc['total'] / spk['total']:>6.2f} {loc['score'] / spk['score']:>17.2f} "
                  f"{differ:>7} ({top} top)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
