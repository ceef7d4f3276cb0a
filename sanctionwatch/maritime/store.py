"""The AIS store: the canonical tables as Parquet under ``HOME/ais``, partitioned by UTC day.

Layout (Hive-style, so DuckDB and Spark read the same files)::

    HOME/ais/positions/day=2026-01-02/<ingest-id>.parquet
    HOME/ais/statics/day=2026-01-02/<ingest-id>.parquet
    HOME/ais/ingests/<ingest-id>.json        what one ingest read, kept and dropped, with counts

An ingest writes its files under a temporary name and renames them into place only when every file
of the ingest is written; the manifest is written last. Readers only ever see whole ingests.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from sanctionwatch import settings
from sanctionwatch.errors import StoreError
from sanctionwatch.maritime.schema import TABLES

TABLE_NAMES = ("positions", "statics")


def ais_home(home: Path | None = None) -> Path:
    return (home or settings.home()) / "ais"


def table_dir(table: str, home: Path | None = None) -> Path:
    if table not in TABLE_NAMES:
        raise ValueError(f"unknown AIS table {table!r}")
    return ais_home(home) / table


def table_files(table: str, home: Path | None = None) -> list[Path]:
    """The table's committed Parquet files (temporary files of an ingest in progress are skipped)."""
    root = table_dir(table, home)
    if not root.exists():
        return []
    return sorted(p for p in root.glob("day=*/*.parquet") if not p.name.startswith("."))


def ingests(home: Path | None = None) -> list[dict[str, Any]]:
    root = ais_home(home) / "ingests"
    if not root.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(root.glob("*.json"))]


# --- write side: one ingest = files under temporary names, renamed together, manifest last -------

def new_ingest_id(now: datetime | None = None) -> str:
    """Sortable and unique: UTC time of the ingest plus random hex."""
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


def write_ingest(con: Any, ingest_id: str, tables: dict[str, str], manifest: dict[str, Any],
                 home: Path | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> dict[str, list[str]]:
    """Write DuckDB tables (canonical columns) into the store as one ingest.

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
