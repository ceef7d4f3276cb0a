"""The screening audit trail and analysts' decisions.

Every screening is one inserted row; a decision is another. Decisions are looked up by the query's
fingerprint and the entity, and apply only while the entity's record is what the analyst saw.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, insert, select

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store
from sanctionwatch.store.schema import decisions, screenings

DECISIONS = ("match", "no_match", "unsure")


def default_actor() -> str:
    try:
        return os.environ.get("SANCTIONWATCH_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def fingerprint(query: dict[str, Any]) -> str:
    """Of the cleaned query, with values sorted: the same question asked twice has one fingerprint."""
    canon = {"schema": query["schema"],
             "properties": {k: sorted(v) for k, v in sorted(query["properties"].items()) if v}}
    return hashlib.sha256(json.dumps(canon, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def record_screenings(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    if conn.dialect.name == "postgresql" or len(rows) == 1:
        ids = []
        for row in rows:
            ids.append(conn.execute(insert(screenings).values(**row)).inserted_primary_key[0])
        return ids
    conn.execute(insert(screenings), rows)
    last = conn.execute(select(screenings.c.id).order_by(screenings.c.id.desc()).limit(1)).scalar_one()
    return list(range(last - len(rows) + 1, last + 1))


def decisions_for(conn: Connection, fp: str, entity_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not entity_ids:
        return {}
    rows = conn.execute(select(decisions).where(decisions.c.fingerprint == fp,
                                                decisions.c.entity_id.in_(entity_ids))
                        .order_by(decisions.c.id)).mappings().all()
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        latest[row["entity_id"]] = dict(row)
    return latest


def record_decision(store: Store, *, screening_id: int, entity_id: str, decision: str, note: str | None = None,
                    actor: str | None = None) -> dict[str, Any]:
    """Record an analyst's decision on one result of an earlier screening."""
    if decision not in DECISIONS:
        raise ConfigError(f"decision {decision!r}: use one of {', '.join(DECISIONS)}")
    # Read (the screening) then write (the decision): Store.write waits for other writers on SQLite.
    with store.write() as conn:
        row = conn.execute(select(screenings).where(screenings.c.id == screening_id)).mappings().first()
        if row is None:
            raise NotFound(f"screening {screening_id} does not exist")
        result = next((r for r in row["results"] if r["id"] == entity_id), None)
        if result is None:
            raise NotFound(f"entity {entity_id} is not among the results of screening {screening_id}")
        values = {"created_at": datetime.now(timezone.utc), "actor": actor or default_actor(),
                  "screening_id": screening_id, "fingerprint": row["fingerprint"], "entity_id": entity_id,
                  "record_hash": result["record_hash"], "decision": decision, "note": note}
        values["id"] = conn.execute(insert(decisions).values(**values)).inserted_primary_key[0]
    values["created_at"] = values["created_at"].isoformat().replace("+00:00", "Z")
    return values
