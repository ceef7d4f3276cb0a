"""Batch screening as a Spark job: the same rows, scoring and output as the local batch (``batch.py``),
with the scoring spread over Spark executors.

The input is read on the driver by the local batch's own reader (``batch.read_input``), not by Spark's
CSV reader: Spark's parser differs from Python's ``csv`` on quoting, BOMs and multi-line fields and has
no line numbers, and the output must name the same rows and lines. Rows are then cut into partitions
of contiguous lines, the screening index is broadcast once to the executors, and each partition runs
``batch.screen_row`` (what every local worker runs) on every row. The driver collects the results,
puts them back in line order and writes and audits them through ``batch.finish_batch``.

The executors import ``sanctionwatch``: in local mode they run the driver's interpreter; on a cluster
the package must be installed on the executors or shipped as a wheel (see docs/scale.md).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable, Iterator

from sanctionwatch.maritime.spark import check_master, spark_session
from sanctionwatch.screening import batch
from sanctionwatch.screening.query import Query

ROWS_PER_TASK = 2000  # small tasks keep both cores busy to the end; each task costs a few ms on its own


def _running() -> bool:
    """Whether this process already has a SparkContext (then it is someone else's to stop)."""
    try:
        from pyspark import SparkContext
    except ImportError:
        return False
    return SparkContext._active_spark_context is not None


def _score_partition(index_bc: Any, opts: dict[str, Any],
                     items: Iterable[tuple[int, Query]]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    # .value is unpickled once per Python worker and kept while the worker is reused
    index = index_bc.value
    for line, query in items:
        yield line, batch.screen_row(query, index, opts)


def score_on_spark(spark: Any, good: list[batch.BatchRow], index: Any, *, threshold: float | None,
                   limit: int, algorithm: str | None,
                   partitions: int | None = None) -> list[list[dict[str, Any]]]:
    """Results for each row, in the order of ``good``."""
    if not good:
        return []
    sc = spark.sparkContext
    opts = {"threshold": threshold, "limit": limit, "algorithm": algorithm}
    n = partitions or max(sc.defaultParallelism, math.ceil(len(good) / ROWS_PER_TASK))
    index_bc = sc.broadcast(index)
    try:
        rdd = sc.parallelize([(r.line, r.query) for r in good], n)
        scored = rdd.mapPartitions(lambda items: _score_partition(index_bc, opts, items))
        by_line = dict(scored.collect())
    finally:
        index_bc.destroy()
    # every line comes back exactly once, or the job has failed: a missing one is a bug, not a no-match
    missing = [r.line for r in good if r.line not in by_line]
    if missing or len(by_line) != len(good):
        raise RuntimeError(f"Spark returned {len(by_line)} results for {len(good)} rows (missing {missing[:5]})")
    return [by_line[r.line] for r in good]


def screen_batch_spark(input: Path, output: Path, *, columns: dict[str, str] | None = None,
                       schema: str = "LegalEntity", threshold: float | None = None, limit: int = 3,
                       algorithm: str | None = None, master: str | None = None, spark: Any = None,
                       store: Any = None, index: Any = None, record: bool = True,
                       partitions: int | None = None) -> batch.BatchSummary:
    """The batch on Spark: same input, output file and audit rows as ``batch.screen_file``.

    ``spark`` is an existing session (kept open); otherwise one is started on ``master`` and stopped at
    the end (a session this process was already running is used and kept open)."""
    from sanctionwatch.screening.screener import current_index
    from sanctionwatch.store import open_store

    if spark is None:
        check_master(master)  # a bad URL is refused before the input is read or a JVM started
    fieldnames, rows = batch.read_input(Path(input), columns or {}, schema)
    if index is None or record:
        store = store or open_store()
    index = index or current_index(store)
    good = [r for r in rows if r.query is not None]
    own = spark is None and not _running()
    if spark is None:
        spark = spark_session(master, app_name="sanctionwatch-screen-batch")
    try:
        results = score_on_spark(spark, good, index, threshold=threshold, limit=limit, algorithm=algorithm,
                                 partitions=partitions)
    finally:
        if own:
            spark.stop()
    return batch.finish_batch(Path(output), fieldnames, rows, good, results, store=store, index=index,
                              threshold=threshold, algorithm=algorithm, record=record, engine="spark")
