"""Batch screening of a CSV or Parquet file: rows mapped to queries, scored on all cores, written back
(as CSV) with the best matches; a bad row is reported with its line number and does not stop the batch.

The Spark engine (``spark_batch.py``) reuses the reader, the per-row scoring and the writer here, so
both engines give the same output for the same input."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable

from sanctionwatch.errors import ConfigError, SanctionwatchError
from sanctionwatch.lists.export import escape_cell
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.query import Query
from sanctionwatch.screening.screener import rank

# CSV column -> query property, when the user names none. Matching is case-insensitive.
DEFAULT_COLUMNS = {"name": "name", "full_name": "name", "schema": "schema", "birth_date": "birthDate",
                   "date_of_birth": "birthDate", "birthdate": "birthDate", "country": "country",
                   "nationality": "nationality", "gender": "gender", "imo": "imoNumber", "mmsi": "mmsi",
                   "call_sign": "callSign", "passport": "passportNumber", "id_number": "idNumber"}
OUTPUT_COLUMNS = ["match", "score", "match_id", "match_caption", "match_reference", "match_datasets", "error"]


@dataclass
class BatchRow:
    line: int
    values: dict[str, str]
    query: Query | None
    error: str | None = None


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"Full Name=name,DOB=birthDate"`` -> {csv column: property}."""
    if not spec:
        return {}
    mapping = {}
    for part in spec.split(","):
        column, sep, prop = part.partition("=")
        if not sep or not column.strip() or not prop.strip():
            raise ConfigError(f"--columns: {part!r} is not COLUMN=property")
        mapping[column.strip()] = prop.strip()
    return mapping


def read_batch(fh: IO[str], columns: dict[str, str],
               default_schema: str = "LegalEntity") -> tuple[list[str], list[BatchRow]]:
    """The input's header and its rows, in one pass over the file."""
    reader = csv.DictReader(fh)
    rows = list(_csv_rows(reader, columns, default_schema))
    return list(reader.fieldnames or []), rows


def read_rows(fh: IO[str], columns: dict[str, str], default_schema: str = "LegalEntity") -> Iterable[BatchRow]:
    return _csv_rows(csv.DictReader(fh), columns, default_schema)


def is_parquet(path: Path) -> bool:
    """Told by content (Parquet files begin with ``PAR1``), not by the file name."""
    with path.open("rb") as fh:
        return fh.read(4) == b"PAR1"


def read_input(path: Path, columns: dict[str, str],
               default_schema: str = "LegalEntity") -> tuple[list[str], list[BatchRow]]:
    """Header and rows of a CSV (UTF-8, with or without BOM) or Parquet file; both engines read through here."""
    if is_parquet(path):
        return read_parquet(path, columns, default_schema)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return read_batch(fh, columns, default_schema)


def read_parquet(path: Path, columns: dict[str, str],
                 default_schema: str = "LegalEntity") -> tuple[list[str], list[BatchRow]]:
    """A Parquet file's rows numbered 1, 2, ... (errors say "row N"); every cell becomes the text a CSV
    of the same table would hold, so screening and the echoed columns are as for that CSV."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise ConfigError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    fieldnames = list(pf.schema_arrow.names)

    def numbered() -> Iterable[tuple[int, dict[str, str]]]:
        n = 0
        for chunk in pf.iter_batches(batch_size=8192):
            for record in chunk.to_pylist():
                n += 1
                yield n, {k: _cell_text(v) for k, v in record.items()}

    return fieldnames, list(_rows(fieldnames, numbered(), columns, default_schema, "Parquet", "row"))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an IMO number in a float column (nulls beside it) is still 8914934
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _csv_rows(reader: csv.DictReader, columns: dict[str, str], default_schema: str) -> Iterable[BatchRow]:
    if not reader.fieldnames:
        raise ConfigError("input CSV has no header row")
    # line_num is read after each row is parsed: the number of the row's last physical line
    numbered = ((reader.line_num, row) for row in reader)
    return _rows(list(reader.fieldnames), numbered, columns, default_schema, "CSV", "line")


def _rows(fieldnames: list[str], numbered: Iterable[tuple[int, dict[str, str]]], columns: dict[str, str],
          default_schema: str, kind: str, unit: str) -> Iterable[BatchRow]:
    lower = {c.lower().strip(): c for c in fieldnames}
    mapping = columns or {lower[k]: v for k, v in DEFAULT_COLUMNS.items() if k in lower}
    missing = [c for c in mapping if c not in fieldnames]
    if missing:
        raise ConfigError(f"input {kind} has no column {', '.join(missing)} (columns: {', '.join(fieldnames)})")
    if "name" not in mapping.values() and not any(v in ("imoNumber", "mmsi") for v in mapping.values()):
        raise ConfigError(f"input {kind}: no name column found among {', '.join(fieldnames)}; use --columns")
    return _queries(numbered, mapping, default_schema, unit)


def _queries(numbered: Iterable[tuple[int, dict[str, str]]], mapping: dict[str, str], default_schema: str,
             unit: str) -> Iterable[BatchRow]:
    for line, row in numbered:
        props: dict[str, list[str]] = {}
        schema = default_schema
        for column, prop in mapping.items():
            value = (row.get(column) or "").strip()
            if not value:
                continue
            if prop == "schema":
                schema = value
            else:
                props.setdefault(prop, []).append(value)
        try:
            yield BatchRow(line, row, Query.from_dict({"schema": schema, "properties": props}, f"{unit} {line}"))
        except SanctionwatchError as exc:
            yield BatchRow(line, row, None, str(exc))


_WORKER_INDEX: ScreeningIndex | None = None
_WORKER_OPTS: dict[str, Any] = {}
_WORKER_QUERIES: list[Query | dict[str, Any]] = []
_CHUNK = 256
_FORK_LOCK = threading.Lock()


def _init(index: ScreeningIndex | None, opts: dict[str, Any]) -> None:
    global _WORKER_INDEX, _WORKER_OPTS
    if index is not None:
        _WORKER_INDEX = index
    _WORKER_OPTS = opts


def _init_worker(opts: dict[str, Any]) -> None:
    _init(None, opts)
    # A worker allocates a few short-lived tuples per token pair it aligns; at the default threshold (700
    # allocations) the youngest generation is swept every few candidates. The workers live for one batch:
    # sweeping every 20,000 allocations keeps what waits for collection small and was 5-10 % faster on
    # the benchmark's 100,000 names (57.6-62.4 s in six runs against 61.4-67.4 s in five, same hour).
    gc.set_threshold(20_000, 20, 20)


def screen_row(query: Query, index: ScreeningIndex, opts: dict[str, Any]) -> list[dict[str, Any]]:
    """One row's results: what every batch worker runs, local or on a Spark executor."""
    results, _, _, _ = rank(query, index, **opts)
    return results


def _work(query: Query | dict[str, Any]) -> list[dict[str, Any]]:
    assert _WORKER_INDEX is not None
    if not isinstance(query, Query):
        query = Query.from_dict(query)
    return screen_row(query, _WORKER_INDEX, _WORKER_OPTS)


def _work_chunk(start: int) -> list[list[dict[str, Any]]]:
    """Results of the queries from ``start`` on: the queries are inherited through fork, not sent."""
    return [_work(q) for q in _WORKER_QUERIES[start:start + _CHUNK]]


def screen_batch(queries: list[Query | dict], *, index: ScreeningIndex, workers: int | None = None,
                 threshold: float | None = None, limit: int = 3, algorithm: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[list[dict[str, Any]]]:
    """Results for each query, in order. Workers are forked with the index already in memory; queries
    given as dicts are read by the workers, so a bad one raises its ConfigError here once the queries
    before it are screened (batch files are read row by row first: ``read_input``)."""
    opts = {"threshold": threshold, "limit": limit, "algorithm": algorithm}
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(queries) < 200:
        _init(index, opts)
        out = []
        for q in queries:
            out.append(_work(q))
            if progress and (len(out) % 500 == 0 or len(out) == len(queries)):
                progress(len(out), len(queries))
        return out
    global _WORKER_INDEX, _WORKER_QUERIES
    # What exists now (the index, the lists' prepared names) lives as long as the workers: kept out of the
    # collector's sweeps, so a worker neither walks it nor copies the pages it would touch (Python's gc
    # docs advise freezing before fork). A host that froze its heap itself keeps its own freeze.
    freezing = gc.get_freeze_count() == 0
    out = []
    try:
        if freezing:
            gc.freeze()
        ctx = multiprocessing.get_context("fork")
        # The workers inherit the index and the queries at fork, without pickling: one batch at a time
        # sets them and forks, so that two batches started from two threads never swap their queries.
        with _FORK_LOCK:
            _WORKER_INDEX, _WORKER_QUERIES = index, queries
            try:
                pool = ctx.Pool(workers, initializer=_init_worker, initargs=(opts,))
            finally:
                _WORKER_QUERIES = []
        with pool:
            starts = range(0, len(queries), _CHUNK)
            for start, chunk in zip(starts, pool.imap(_work_chunk, starts)):
                if len(chunk) != min(_CHUNK, len(queries) - start):  # a worker started after the fork
                    raise SanctionwatchError(f"batch: a worker lost rows {start + 1}-{start + len(chunk)} and on; "
                                             "run again")
                out.extend(chunk)
                if progress:
                    progress(len(out), len(queries))
    finally:
        if freezing:
            gc.unfreeze()
    return out


def write_results(out: IO[str], rows: list[BatchRow], results: dict[int, list[dict[str, Any]]],
                  fieldnames: list[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fieldnames + OUTPUT_COLUMNS)
    for row in rows:
        best = (results.get(row.line) or [None])[0]
        extra = ["", "", "", "", "", "", row.error or ""] if best is None else [
            "true" if best["match"] else "false", f"{best['score']:.4f}", best["id"], best["caption"],
            best["reference"] or "", ";".join(best["datasets"]), ""]
        if best is None and row.error is None:
            extra[0], extra[1] = "false", "0"
        writer.writerow([escape_cell(str(row.values.get(f) or "")) for f in fieldnames] +
                        [escape_cell(str(v)) for v in extra])


def record_batch(store: Any, rows: list[BatchRow], results: list[list[dict[str, Any]]], index: ScreeningIndex,
                 threshold: float | None, algorithm: str | None, actor: str | None = None) -> None:
    """One audit row per screened row, written in one transaction."""
    from sanctionwatch.screening import audit
    from sanctionwatch.screening.matchers import get_matcher
    from sanctionwatch.screening.screener import ScreenResult, audit_row

    matcher = get_matcher(algorithm)
    limit = matcher.DEFAULT_THRESHOLD if threshold is None else threshold
    audit_rows = []
    for row, res in zip(rows, results):
        qdict = row.query.to_dict()
        outcome = ScreenResult(qdict, matcher.NAME, limit, dict(index.releases), res, None, audit.fingerprint(qdict))
        audit_rows.append(audit_row(outcome, actor, "batch"))
    with store.engine.begin() as conn:
        audit.record_screenings(conn, audit_rows)


@dataclass
class BatchSummary:
    rows: int
    screened: int
    matches: int
    errors: list[str] = field(default_factory=list)  # one line per row not screened, in input order
    output: str = ""
    engine: str = "local"


def finish_batch(output: Path, fieldnames: list[str], rows: list[BatchRow], good: list[BatchRow],
                 results: list[list[dict[str, Any]]], *, store: Any, index: ScreeningIndex,
                 threshold: float | None, algorithm: str | None, record: bool = True,
                 engine: str = "local") -> BatchSummary:
    """Audit rows, then the output file (written beside, then renamed), for either engine."""
    if record:
        record_batch(store, good, results, index, threshold, algorithm)
    by_line = {row.line: res for row, res in zip(good, results)}
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        write_results(out, rows, by_line, fieldnames)
    tmp.replace(output)
    matches = sum(1 for res in results if res and res[0]["match"])
    return BatchSummary(len(rows), len(good), matches, [r.error for r in rows if r.error], str(output), engine)


def screen_file(input: Path, output: Path, *, columns: dict[str, str] | None = None,
                schema: str = "LegalEntity", threshold: float | None = None, limit: int = 3,
                algorithm: str | None = None, workers: int | None = None, store: Any = None,
                index: ScreeningIndex | None = None, record: bool = True,
                progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """The local batch: CSV or Parquet in, CSV out, one audit row per screened row."""
    from sanctionwatch.screening.screener import current_index
    from sanctionwatch.store import open_store

    fieldnames, rows = read_input(Path(input), columns or {}, schema)
    if index is None or record:
        store = store or open_store()
    index = index or current_index(store)
    good = [r for r in rows if r.query is not None]
    results = screen_batch([r.query for r in good], index=index, workers=workers, threshold=threshold,
                           limit=limit, algorithm=algorithm, progress=progress)
    return finish_batch(Path(output), fieldnames, rows, good, results, store=store, index=index,
                        threshold=threshold, algorithm=algorithm, record=record)
