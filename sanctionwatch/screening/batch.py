"""Batch screening of a CSV: rows mapped to queries, scored on all cores, written back with the best
matches; a bad row is reported with its line number and does not stop the batch."""

from __future__ import annotations

import csv
import multiprocessing
import os
from dataclasses import dataclass
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
    rows = list(_rows(reader, columns, default_schema))
    return list(reader.fieldnames or []), rows


def read_rows(fh: IO[str], columns: dict[str, str], default_schema: str = "LegalEntity") -> Iterable[BatchRow]:
    return _rows(csv.DictReader(fh), columns, default_schema)


def _rows(reader: csv.DictReader, columns: dict[str, str], default_schema: str) -> Iterable[BatchRow]:
    if not reader.fieldnames:
        raise ConfigError("input CSV has no header row")
    lower = {c.lower().strip(): c for c in reader.fieldnames}
    mapping = columns or {lower[k]: v for k, v in DEFAULT_COLUMNS.items() if k in lower}
    missing = [c for c in mapping if c not in reader.fieldnames]
    if missing:
        raise ConfigError(f"input CSV has no column {', '.join(missing)} (columns: {', '.join(reader.fieldnames)})")
    if "name" not in mapping.values() and not any(v in ("imoNumber", "mmsi") for v in mapping.values()):
        raise ConfigError(f"input CSV: no name column found among {', '.join(reader.fieldnames)}; use --columns")
    for row in reader:
        line = reader.line_num
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
            yield BatchRow(line, row, Query.from_dict({"schema": schema, "properties": props}, f"line {line}"))
        except SanctionwatchError as exc:
            yield BatchRow(line, row, None, str(exc))


_WORKER_INDEX: ScreeningIndex | None = None
_WORKER_OPTS: dict[str, Any] = {}


def _init(index: ScreeningIndex | None, opts: dict[str, Any]) -> None:
    global _WORKER_INDEX, _WORKER_OPTS
    if index is not None:
        _WORKER_INDEX = index
    _WORKER_OPTS = opts


def _work(query: Query) -> list[dict[str, Any]]:
    assert _WORKER_INDEX is not None
    results, _, _, _ = rank(query, _WORKER_INDEX, **_WORKER_OPTS)
    return results


def screen_batch(queries: list[Query | dict], *, index: ScreeningIndex, workers: int | None = None,
                 threshold: float | None = None, limit: int = 3, algorithm: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[list[dict[str, Any]]]:
    """Results for each query, in order. Workers are forked with the index already in memory."""
    items = [q if isinstance(q, Query) else Query.from_dict(q) for q in queries]
    opts = {"threshold": threshold, "limit": limit, "algorithm": algorithm}
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) < 200:
        _init(index, opts)
        out = []
        for i, q in enumerate(items):
            out.append(_work(q))
            if progress and i % 500 == 0:
                progress(i, len(items))
        return out
    global _WORKER_INDEX
    _WORKER_INDEX = index  # inherited by the forked workers without pickling it
    ctx = multiprocessing.get_context("fork")
    out = []
    with ctx.Pool(workers, initializer=_init, initargs=(None, opts)) as pool:
        for i, result in enumerate(pool.imap(_work, items, chunksize=256)):
            out.append(result)
            if progress and i % 500 == 0:
                progress(i, len(items))
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
