"""Imported partner-reported trade: one transaction per file, the same bytes once."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from sanctionwatch.errors import NotFound
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import trade_imports, trade_records
from sanctionwatch.trade.comtrade import parse_comtrade


def _actor() -> str:
    from sanctionwatch.cases.audit import default_actor

    return default_actor()


def import_trade(file: Path | str, *, flag_mixups: bool = False, store: Store | None = None,
                 actor: str | None = None) -> dict[str, Any]:
    """Parse a Comtrade file completely, then store it in one transaction. A bad row raises before anything
    is written; a file already imported (same SHA-256) is reported, not imported again."""
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound(f"trade import: {path}: {exc.strerror or exc}") from exc
    parsed = parse_comtrade(data, path.name, flag_mixups=flag_mixups)
    digest = hashlib.sha256(data).hexdigest()
    store = store or open_store()
    at = datetime.now(timezone.utc).replace(microsecond=0)
    with store.write_exclusive() as conn:
        known = conn.execute(select(trade_imports).where(trade_imports.c.sha256 == digest)).mappings().first()
        if known:
            return {**_import_dict(known), "already_imported": True}
        import_id = conn.execute(insert(trade_imports).values(
            filename=path.name, sha256=digest, format=parsed.format, rows=len(parsed.rows), flagged=parsed.mixups,
            imported_at=at, imported_by=actor or _actor())).inserted_primary_key[0]
        if parsed.rows:
            conn.execute(insert(trade_records), [{**row, "import_id": import_id} for row in parsed.rows])
        row = conn.execute(select(trade_imports).where(trade_imports.c.id == import_id)).mappings().one()
    return {**_import_dict(row), "already_imported": False}


def _import_dict(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "filename": row["filename"], "sha256": row["sha256"], "format": row["format"],
            "rows": row["rows"], "flagged": row["flagged"], "imported_at": row["imported_at"],
            "imported_by": row["imported_by"]}


def list_imports(*, store: Store | None = None) -> list[dict[str, Any]]:
    store = store or open_store()
    with store.read() as conn:
        return [_import_dict(r) for r in conn.execute(select(trade_imports).order_by(trade_imports.c.id)).mappings()]


def trade_rows(*, store: Store | None = None) -> list[dict[str, Any]]:
    """Every stored row with its file's name and hash. When two files hold the same flow (reporter, partner,
    flow, period, code), the newer import's row is the one kept: a revised download replaces the old."""
    store = store or open_store()
    j = trade_records.join(trade_imports, trade_records.c.import_id == trade_imports.c.id)
    query = (select(trade_records, trade_imports.c.filename, trade_imports.c.sha256.label("file_sha256"))
             .select_from(j).order_by(trade_records.c.import_id, trade_records.c.row_number))
    with store.read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    latest: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["reporter_code"], row["partner_code"], row["flow"], row["period"], row["hs"])
        latest[key] = row
    return sorted(latest.values(), key=lambda r: (r["import_id"], r["row_number"]))
