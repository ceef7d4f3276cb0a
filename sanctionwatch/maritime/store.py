"""The AIS store: the canonical tables as Parquet under ``HOME/ais``, partitioned by UTC day.

Layout (Hive-style, so DuckDB and Spark read the same files)::

    HOME/ais/positions/day=2026-01-02/<ingest-id>.parquet
    HOME/ais/statics/day=2026-01-02/<ingest-id>.parquet
    HOME/ais/ingests/<ingest-id>.json        what one ingest read, kept and dropped, with counts

An ingest writes its files under a temporary name and renames them into place only when every file
of the ingest is written; the manifest is written last and is the commit point: ``table_files``
lists only files whose ingest has a manifest, so readers only ever see whole ingests, even after a
process was killed between two renames. Writers hold ``ingest_lock`` (``HOME/ais/ingest.lock``) from
before their duplicate check to after their manifest; the next writer removes what a killed one left.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from sanctionwatch import settings
from sanctionwatch.errors import LockTimeout, StoreError
from sanctionwatch.maritime.schema import TABLES

LOCK_NAME = "ingest.lock"

TABLE_NAMES = ("positions", "statics")


def ais_home(home: Path | None = None) -> Path:
    return (home or settings.home()) / "ais"


def table_dir(table: str, home: Path | None = None) -> Path:
    if table not in TABLE_NAMES:
        raise ValueError(f"unknown AIS table {table!r}")
    return ais_home(home) / table


def table_files(table: str, home: Path | None = None) -> list[Path]:
    """The table's committed Parquet files: those whose ingest has a manifest. Temporary files and
    the files of an ingest in progress, failed or killed before its manifest are skipped."""
    root = table_dir(table, home)
    if not root.exists():
        return []
    committed = committed_ids(home)
    return sorted(p for p in root.glob("day=*/*.parquet")
                  if not p.name.startswith(".") and p.stem in committed)


def committed_ids(home: Path | None = None) -> set[str]:
    """Ids of the ingests whose manifest is in place."""
    root = ais_home(home) / "ingests"
    if not root.exists():
        return set()
    return {p.stem for p in root.glob("*.json") if not p.name.startswith(".")}


def ingests(home: Path | None = None) -> list[dict[str, Any]]:
    root = ais_home(home) / "ingests"
    if not root.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(root.glob("*.json"))]


# --- write side: one ingest = files under temporary names, renamed together, manifest last -------

@contextlib.contextmanager
def ingest_lock(home: Path | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's ingest lock, waiting up to ``timeout`` seconds (default: the
    ``lock_timeout`` setting), else raise LockTimeout.

    An ingest checks its rows against the stored ones and then writes: two ingests at once could
    both pass the check with the same rows. ``flock`` is released by the kernel when its process
    dies, so a killed ingest never leaves the store locked."""
    if timeout is None:
        timeout = float(settings.get("lock_timeout"))
    root = ais_home(home)
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"another AIS ingest holds {path} for more than {timeout:g} s; "
                                      "nothing was changed") from None
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_orphans(home: Path | None = None) -> list[Path]:
    """Remove what killed ingests left: Parquet files without a manifest, temporary files and
    scratch folders. Call only while holding ``ingest_lock``: every writer holds it from before its
    first file to after its manifest, so under the lock nothing without a manifest is still being
    written. Returns the removed paths."""
    root = ais_home(home)
    if not root.exists():
        return []
    committed = committed_ids(home)
    removed: list[Path] = []
    for table in TABLE_NAMES:
        folder = table_dir(table, home)
        if not folder.exists():
            continue
        for day in folder.glob("day=*"):
            for path in day.iterdir():
                temporary = path.name.startswith(".") and path.name.endswith(".tmp")
                orphan = (path.suffix == ".parquet" and not path.name.startswith(".")
                          and path.stem not in committed)
                if temporary or orphan:
                    path.unlink(missing_ok=True)
                    removed.append(path)
            if not any(day.iterdir()):
                day.rmdir()
    for path in (root / "ingests").glob(".*.json.tmp"):
        path.unlink(missing_ok=True)
        removed.append(path)
    for path in root.glob(".scratch-*"):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def new_ingest_id(now: datetime | None = None) -> str:
    """Sortable and unique: UTC time of the ingest plus random hex."""
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


def write_ingest(con: Any, ingest_id: str, tables: dict[str, str], manifest: dict[str, Any],
                 home: Path | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> dict[str, list[str]]:
    """Write DuckDB tables (canonical columns) into the store as one ingest. The caller holds
    ``ingest_lock`` across its duplicate check and this write.

    Each table is sorted by (day, mmsi, ts) once, then one Parquet file per UTC day is written under a
    hidden temporary name inside its ``day=`` folder. Only when every file is written are they renamed
    to ``<ingest-id>.parquet``; the manifest is written last. On any failure every file of the ingest
    is removed again, so the store is left as it was. Returns the written files per table (relative
    to the AIS home)."""
    root = ais_home(home)
    temporary: list[tuple[Path, Path]] = []
    committed: list[Path] = []
    written: dict[str, list[str]] = {name: [] for name in tables}
    try:
        jobs = []
        for name, relation in tables.items():
            sorted_name = f"_sorted_{name}"
            cols = ", ".join(f.name for f in TABLES[name])
            con.execute(f"CREATE OR REPLACE TEMP TABLE {sorted_name} AS SELECT {cols}, "
                        f"CAST(ts AS DATE) AS _day FROM {relation} ORDER BY _day, mmsi, ts")
            days = [r[0] for r in con.sql(f"SELECT DISTINCT _day FROM {sorted_name} ORDER BY 1").fetchall()]
            jobs += [(name, sorted_name, cols, day) for day in days]
        for done, (name, sorted_name, cols, day) in enumerate(jobs):
            folder = table_dir(name, home) / f"day={day:%Y-%m-%d}"
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"{ingest_id}.parquet"
            temp = folder / f".{ingest_id}.parquet.tmp"
            temporary.append((temp, final))
            con.execute(f"COPY (SELECT {cols} FROM {sorted_name} WHERE _day = DATE '{day:%Y-%m-%d}') "
                        f"TO '{_sql_path(temp)}' (FORMAT parquet, COMPRESSION zstd)")
            written[name].append(str(final.relative_to(root)))
            if progress:
                progress("write", done + 1, len(jobs))
        for temp, final in temporary:
            os.replace(temp, final)
            committed.append(final)
        ingest_dir = root / "ingests"
        ingest_dir.mkdir(parents=True, exist_ok=True)
        manifest_temp = ingest_dir / f".{ingest_id}.json.tmp"
        temporary.append((manifest_temp, ingest_dir / f"{ingest_id}.json"))
        manifest_temp.write_text(json.dumps({**manifest, "files": written}, indent=1, default=str))
        os.replace(manifest_temp, ingest_dir / f"{ingest_id}.json")
    except BaseException as exc:
        for path in [t for t, _ in temporary] + committed:
            path.unlink(missing_ok=True)
            if path.parent.name.startswith("day=") and not any(path.parent.iterdir()):
                path.parent.rmdir()
        if isinstance(exc, Exception) and not isinstance(exc, StoreError):
            raise StoreError(f"AIS store {root}: ingest {ingest_id} not written: {exc}") from exc
        raise
    finally:
        for name in tables:
            con.execute(f"DROP TABLE IF EXISTS _sorted_{name}")
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
