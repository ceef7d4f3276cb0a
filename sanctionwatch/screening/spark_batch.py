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
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

from sanctionwatch.errors import ConfigError
from sanctionwatch.screening import batch
from sanctionwatch.screening.query import Query

DEFAULT_MASTER = "local[2]"
ROWS_PER_TASK = 2000  # small tasks keep both cores busy to the end; each task costs a few ms on its own

_MASTER = re.compile(
    r"local(\[(\*|[1-9]\d*)(,[1-9]\d*)?\])?"          # local, local[2], local[*], local[2,3] (retries)
    r"|local-cluster\[[1-9]\d*,[1-9]\d*,[1-9]\d*\]"   # Spark's own multi-process test cluster
    r"|spark://[\w.\-]+(:\d+)?(,[\w.\-]+(:\d+)?)*"    # standalone, with standby masters
    r"|yarn|k8s://\S+|connect://\S+")


def check_master(master: str | None) -> str:
    """The master URL, or a one-line ConfigError before any JVM is started."""
    master = (master or DEFAULT_MASTER).strip()
    if not _MASTER.fullmatch(master):
        raise ConfigError(f"--spark-master {master!r} is not a Spark master URL "
                          "(local[N], local[*], spark://HOST:PORT, yarn, k8s://URL)")
    return master


def spark_session(master: str | None = None, app_name: str = "sanctionwatch-screen-batch") -> Any:
    """A SparkSession set up as on this project's machines (UTC, no UI, quiet logs). When this process
    already runs one, that one is returned (Spark allows one context per process) and ``master`` is not
    used."""
    master = check_master(master)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("the Spark engine needs pyspark: pip install 'sanctionwatch[spark]'") from None
    if master.startswith("local"):
        # The driver stays on loopback (no reverse-DNS surprise), and the Python workers are this
        # interpreter, which has sanctionwatch; pyspark would otherwise start whatever "python3" is on PATH.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # py4j and pyspark raise their own types; the user needs one line
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ConfigError(f"--spark-master {master}: Spark did not start: {first[:200]}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


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
        spark = spark_session(master)
    try:
        results = score_on_spark(spark, good, index, threshold=threshold, limit=limit, algorithm=algorithm,
                                 partitions=partitions)
    finally:
        if own:
            spark.stop()
    return batch.finish_batch(Path(output), fieldnames, rows, good, results, store=store, index=index,
                              threshold=threshold, algorithm=algorithm, record=record, engine="spark")
