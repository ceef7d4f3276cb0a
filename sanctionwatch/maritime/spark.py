"""Detector SQL on Apache Spark: the same detectors, the same events, on a cluster or in local mode.

``SparkEngine`` has DuckDBEngine's interface (``positions``/``statics`` limited to a Window, ``query``,
``rows``, ``register``, ``close``). The detectors' SQL is written for DuckDB in the subset both engines
share; ``query`` transpiles it with sqlglot (refusing anything sqlglot cannot translate), runs it, and
returns a ``pyarrow.Table`` with the column names and types DuckDB gives for the same statement, so the
Python half of every detector sees the same values whichever engine ran the SQL.

Behaviour pinned where the engines could differ:

* Time: the canonical ``ts`` is a naive UTC ``timestamp[us]``. Spark reads it as TIMESTAMP_NTZ (no
  zone at all), DuckDB's ``TIMESTAMP`` literals become ``TIMESTAMP_NTZ`` through sqlglot, and
  ``sw_epoch`` becomes ``unix_timestamp`` of an NTZ value, which Spark computes without a zone. The
  session zone is also pinned to UTC, for anything a cluster's defaults would otherwise shift.
* Null order: sqlglot writes DuckDB's NULLS LAST into every ORDER BY.
* Types: ``SUM`` of integers is BIGINT on Spark and HUGEINT on DuckDB, unaliased columns are named
  differently, and so on; each result is cast to the schema DuckDB plans for the same SQL over empty
  tables of the same shapes (see ``_duck_schema``).

Spark starts a JVM (10-15 s on 2 cores) and plans each query in a few hundred milliseconds: it pays
off only on data DuckDB cannot hold on one machine. docs/scale.md has the measured figures.
"""

from __future__ import annotations

import os
import sys
import re
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from sanctionwatch import settings
from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime import store
from sanctionwatch.maritime.engine import Window, duck_type
from sanctionwatch.maritime.schema import POSITIONS, STATICS

# local, local[4], local[*], local[4,2] (retries), local-cluster[2,1,1024], spark://h:7077[,h2:7077],
# yarn, k8s://https://host:443, sc://host:15002 (Spark Connect is not supported: classic sessions only).
_MASTER = re.compile(r"^(local(\[(\*|[1-9]\d*)(,[1-9]\d*)?\])?|local-cluster\[[1-9]\d*,[1-9]\d*,[1-9]\d*\]|"
                     r"spark://[\w.\-]+(:\d+)?(,[\w.\-]+(:\d+)?)*|yarn|k8s://\S+)$")

_SPARK_TYPES = {"BIGINT": "BIGINT", "INTEGER": "INT", "DOUBLE": "DOUBLE", "TIMESTAMP": "TIMESTAMP_NTZ",
                "VARCHAR": "STRING"}


def check_master(master: str | None) -> str:
    """The master URL (None: the ``spark_master`` setting), or a one-line ConfigError before any JVM starts."""
    master = (str(settings.get("spark_master")) if master is None else master).strip()
    if not _MASTER.match(master):
        raise ConfigError(f"--spark-master {master!r} is not a Spark master URL (local[N], local[*], "
                          f"spark://HOST:PORT, yarn, k8s://URL; or set SANCTIONWATCH_SPARK_MASTER)")
    return master


def local_cores(master: str) -> int | None:
    """Cores of a local master (``local`` is 1, ``local[*]`` all), None for a cluster."""
    found = re.match(r"^local(?:\[(\*|\d+)(?:,\d+)?\])?$", master)
    if not found:
        return None
    if found.group(1) is None:
        return 1
    return (os.cpu_count() or 1) if found.group(1) == "*" else int(found.group(1))


def spark_session(master: str | None = None, driver_memory: str | None = None, app_name: str = "sanctionwatch",
                  conf: dict[str, str] | None = None) -> Any:
    """A classic SparkSession (the active one if there is one; its JVM settings then stay as they were).

    ``master`` defaults to the ``spark_master`` setting. ``driver_memory`` (e.g. "6g") only takes effect
    when this call starts the JVM; in local mode the driver's heap holds the executors' work too.
    """
    # Under spark-submit the JVM is already up with the master, memory and archives given on its command
    # line; a master set here would override them, so only an explicit one is.
    submitted = master is None and "PYSPARK_GATEWAY_PORT" in os.environ
    master = check_master(master)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("the Spark engine needs pyspark (and Java 17+): pip install pyspark") from None
    cores = None if submitted else local_cores(master)
    if cores is not None:
        # Without it Spark binds the driver to the first non-loopback interface and warns.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # Python workers must be this interpreter, which has sanctionwatch (batch screening runs our
        # code in them); pyspark would otherwise start whatever "python3" is on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if not submitted:
        builder = builder.master(master).config("spark.ui.enabled", "false")
    builder = (builder
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    if cores is not None:
        # 200 shuffle partitions (the default, sized for clusters) are 200 tiny tasks per join on a few
        # local cores; adaptive execution coalesces further.
        builder = builder.config("spark.sql.shuffle.partitions", str(max(2, 2 * cores)))
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and pyspark raise their own types; the user needs one line
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ConfigError(f"--spark-master {master}: Spark did not start: {first[:200]}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def _active_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _empty_relation(schema: pa.Schema) -> str:
    cols = ", ".join(f"CAST(NULL AS {_SPARK_TYPES[duck_type(f.type)]}) AS {f.name}" for f in schema)
    return f"SELECT {cols} WHERE FALSE"


class SparkEngine:
    """Spark SQL over the Parquet store (or any path Spark reads, or given Arrow tables).

    ``positions``/``statics``: None reads ``HOME/ais/<table>`` (Hive-style ``day=`` folders; a time window
    prunes whole days); a path or URL (str) or a list of them is read as Parquet; a ``pyarrow.Table`` is
    shipped to the session. ``spark``: an existing SparkSession to use (it is then left running on
    ``close``); otherwise one is built for ``master`` and stopped on ``close`` if this engine started it.
    ``cache``: keep the windowed positions in executor memory (spilling to disk) across detectors.
    Temporary views are per session: use one engine per session at a time.
    """

    name = "spark"

    def __init__(self, window: Window | None = None, home: Path | None = None,
                 positions: Iterable[Path | str] | str | Path | pa.Table | None = None,
                 statics: Iterable[Path | str] | str | Path | pa.Table | None = None,
                 master: str | None = None, spark: Any = None, driver_memory: str | None = None,
                 cache: bool = False, conf: dict[str, str] | None = None) -> None:
        import duckdb

        self.window = window or Window()
        if spark is None:
            active = _active_session()
            spark = spark_session(master, driver_memory=driver_memory, conf=conf)
            self._own_session = active is None
        else:
            self._own_session = False
        self.spark = spark
        # Pinned on the session (shared with whoever else uses it) because results must not depend on
        # a cluster's default zone; TIMESTAMP_NTZ makes the detectors' own arithmetic zone-free anyway.
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")
        self._views: list[str] = []
        self._cached: list[Any] = []
        # DuckDB plans each statement over empty tables of the same shapes to tell the result schema.
        self._shapes = duckdb.connect(config={"threads": 1})
        self._shapes.execute("CREATE MACRO sw_epoch(t) AS CAST(epoch_us(t) // 1000000 AS BIGINT)")
        self._bind("positions", POSITIONS, positions, home, spatial=True, cache=cache)
        self._bind("statics", STATICS, statics, home, spatial=False, cache=False)

    # --- tables -----------------------------------------------------------------------------------------

    def _bind(self, name: str, schema: pa.Schema, given: Any, home: Path | None, spatial: bool,
              cache: bool) -> None:
        self._shapes.register(name, schema.empty_table())
        if isinstance(given, pa.Table):
            frame = self.spark.createDataFrame(given)
        else:
            if given is None:
                # The committed files only, as DuckDBEngine reads them (an ingest in progress or killed
                # before its manifest is not data); days outside the window are not even opened.
                paths = [str(p) for p in store.table_files(name, home) if _day_in_window(p.parent.name, self.window)]
            elif isinstance(given, (str, Path)):
                paths = [str(given)]
            else:
                paths = [str(p) for p in given]
            if not paths:
                self._view(name, self.spark.sql(_empty_relation(schema)))
                return
            # mergeSchema: files written by different versions may lack a column (DuckDB: union_by_name).
            frame = self.spark.read.option("mergeSchema", "true").parquet(*paths)
        present = set(frame.columns)
        cols = []
        for f in schema:
            spark_type = _SPARK_TYPES[duck_type(f.type)]
            source = f"`{f.name}`" if f.name in present else "NULL"
            cols.append(f"CAST({source} AS {spark_type}) AS {f.name}")
        where = self.window.positions_where(f"_raw_{name}") if spatial else self.window.where(spatial=False)
        if "day" in present:
            # A folder partitioned by day=YYYY-MM-DD given as one path: Spark prunes the days itself.
            where = " AND ".join([where] + _day_bounds(self.window))
        frame.selectExpr(*cols, *(["day"] if "day" in present else [])).createOrReplaceTempView(f"_raw_{name}")
        self._views.append(f"_raw_{name}")
        frame = self.spark.sql(f"SELECT {', '.join(f.name for f in schema)} FROM _raw_{name} "
                               f"WHERE {self._to_spark(where, wrap=True)}")
        if cache:
            from pyspark import StorageLevel

            frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
            self._cached.append(frame)
        self._view(name, frame)

    def _view(self, name: str, frame: Any) -> None:
        frame.createOrReplaceTempView(name)
        if name not in self._views:
            self._views.append(name)

    def register(self, name: str, table: pa.Table) -> None:
        """A small lookup table under ``name`` (ports, cells, candidates): Spark broadcasts it in joins."""
        self._shapes.register(name, table.schema.empty_table())
        self._view(name, self.spark.createDataFrame(table) if table.num_rows else
                   self.spark.createDataFrame([], _struct(table.schema)))

    # --- queries ----------------------------------------------------------------------------------------

    def spark_sql(self, sql: str) -> str:
        """The Spark SQL text ``query`` runs for a DuckDB statement."""
        return self._to_spark(sql)

    def _to_spark(self, sql: str, wrap: bool = False) -> str:
        import sqlglot
        from sqlglot import exp
        from sqlglot.errors import ErrorLevel, UnsupportedError

        tree = sqlglot.parse_one(f"SELECT 1 WHERE {sql}" if wrap else sql, read="duckdb")
        if tree.find(exp.Qualify):
            # sqlglot rewrites QUALIFY into a subquery and can move ORDER BY ... LIMIT inside it, before
            # the filter: a different answer, without a warning (docs/reference/setup-recipes.md).
            raise UnsupportedError("QUALIFY is not in the SQL subset shared with Spark: filter the window "
                                   "results in a subquery or CTE with WHERE")

        def epoch(node: exp.Expression) -> exp.Expression:
            # unix_timestamp of a TIMESTAMP_NTZ counts whole seconds (towards zero, as DuckDB's integer
            # division does) without any time zone.
            if isinstance(node, exp.Anonymous) and str(node.this).lower() == "sw_epoch":
                (arg,) = node.expressions
                return exp.Anonymous(this="unix_timestamp",
                                     expressions=[exp.cast(arg, exp.DataType.build("TIMESTAMP_NTZ", dialect="spark"))])
            return node

        tree = tree.transform(epoch)
        if wrap:
            tree = tree.args["where"].this
        return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)

    def _duck_schema(self, sql: str) -> pa.Schema:
        return self._shapes.sql(sql).to_arrow_table().schema

    def query(self, sql: str) -> pa.Table:
        schema = self._duck_schema(sql)
        found = self.spark.sql(self._to_spark(sql)).toArrow()
        if found.num_columns != len(schema):
            raise RuntimeError(f"Spark returned {found.num_columns} columns where DuckDB plans {len(schema)}")
        found = found.rename_columns(schema.names)
        # Spark marks some columns NOT NULL; DuckDB's planned schema decides nullability and types.
        return found.cast(pa.schema([f.with_nullable(True) for f in schema])) if found.schema != schema \
            else found

    def rows(self, sql: str) -> list[dict[str, Any]]:
        return self.query(sql).to_pylist()

    def close(self) -> None:
        for frame in self._cached:
            frame.unpersist()
        self._cached.clear()
        try:
            for name in self._views:
                self.spark.catalog.dropTempView(name)
        finally:
            self._views.clear()
            self._shapes.close()
            if self._own_session:
                self.spark.stop()

    def __enter__(self) -> "SparkEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _day_bounds(window: Window) -> list[str]:
    """Partition filters on ``day`` so Spark lists and reads only the days the window touches."""
    bounds = []
    if window.since is not None:
        bounds.append(f"day >= DATE '{window.since:%Y-%m-%d}'")
    if window.until is not None:
        bounds.append(f"day <= DATE '{window.until:%Y-%m-%d}'")
    return bounds


def _day_in_window(folder: str, window: Window) -> bool:
    """Whether a ``day=YYYY-MM-DD`` folder can hold positions of the window (UTC days, as the store cuts)."""
    day = folder.partition("=")[2]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return True
    if window.since is not None and day < f"{window.since:%Y-%m-%d}":
        return False
    return window.until is None or day <= f"{window.until:%Y-%m-%d}"


def _struct(schema: pa.Schema) -> Any:
    from pyspark.sql.types import (DoubleType, IntegerType, LongType, StringType, StructField, StructType,
                                   TimestampNTZType)

    spark = {"BIGINT": LongType(), "INTEGER": IntegerType(), "DOUBLE": DoubleType(),
             "TIMESTAMP": TimestampNTZType(), "VARCHAR": StringType()}
    return StructType([StructField(f.name, spark[duck_type(f.type)], True) for f in schema])
