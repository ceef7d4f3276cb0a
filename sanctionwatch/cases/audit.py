"""The case audit trail: append-only and hash-chained.

Each entry's hash covers its sequence number, time, actor, action, object and payload and the hash of
the entry before it, so changing or removing any entry breaks the chain at that point. The payload is the
full state of the row written (as read back from the database), which lets ``verify_cases`` also catch a
row edited behind the library's back. Writers call ``write`` once per row inside ``store.write_exclusive()``,
which serialises appends on SQLite (BEGIN IMMEDIATE) and PostgreSQL (advisory lock): two writers can never
pick the same ``seq`` or the same previous hash.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Boolean, Connection, Table, insert, select, update

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import (case_audit, case_claim_evidence, case_claims, case_corrections,
                                        case_evidence, case_letters, case_links, case_replies, case_reviews,
                                        cases)

GENESIS = "0" * 64

# object_kind -> table: the audit entries name their rows by these kinds.
TABLES: dict[str, Table] = {
    "case": cases,
    "link": case_links,
    "evidence": case_evidence,
    "claim": case_claims,
    "attachment": case_claim_evidence,
    "review": case_reviews,
    "correction": case_corrections,
    "letter": case_letters,
    "reply": case_replies,
}


def default_actor() -> str:
    try:
        return os.environ.get("SANCTIONWATCH_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def resolve(store: Store | None) -> Store:
    return store if store is not None else open_store()


def now() -> datetime:
    # Whole seconds: the ISO form in payloads and dicts round-trips exactly through both databases.
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def to_utc(value: datetime | date | str | None, what: str) -> datetime | None:
    """Naive UTC, whole seconds. Accepts datetimes (aware ones are converted), dates and ISO strings."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            raise ConfigError(f"{what} {text!r}: not an ISO date or time (YYYY-MM-DD[THH:MM:SS[Z]])") from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.replace(microsecond=0)


def parse_iso(text: str) -> datetime:
    """An ISO string this module wrote (``YYYY-MM-DDTHH:MM:SSZ``) back to naive UTC."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def row_state(table: Table, row: Any) -> dict[str, Any]:
    """A row as plain JSON data, the same whichever database it was read from."""
    state: dict[str, Any] = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(value, datetime):
            value = iso(value)
        elif isinstance(column.type, Boolean) and value is not None:
            value = bool(value)
        state[column.name] = value
    return state


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(seq: int, at: str, actor: str, action: str, object_kind: str, object_id: int,
               payload: Any, prev_hash: str) -> str:
    body = {"seq": seq, "at": at, "actor": actor, "action": action, "object_kind": object_kind,
            "object_id": object_id, "payload": payload, "prev_hash": prev_hash}
    return hashlib.sha256(canonical(body)).hexdigest()


def _append(conn: Connection, *, at: datetime, actor: str, action: str, object_kind: str, object_id: int,
            payload: dict[str, Any]) -> int:
    last = conn.execute(select(case_audit.c.seq, case_audit.c.hash)
                        .order_by(case_audit.c.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    digest = entry_hash(seq, iso(at) or "", actor, action, object_kind, object_id, payload, prev)
    conn.execute(insert(case_audit).values(seq=seq, at=at, actor=actor, action=action, object_kind=object_kind,
                                           object_id=object_id, payload=payload, prev_hash=prev, hash=digest))
    return seq


def fetch(conn: Connection, kind: str, object_id: int) -> dict[str, Any]:
    table = TABLES[kind]
    row = conn.execute(select(table).where(table.c.id == object_id)).mappings().first()
    if row is None:
        raise NotFound(f"{kind} {object_id} does not exist")
    return row_state(table, row)


def write_insert(conn: Connection, kind: str, values: dict[str, Any], *, action: str, actor: str,
                 at: datetime) -> dict[str, Any]:
    """Insert one row and its audit entry; returns the row's state as stored."""
    table = TABLES[kind]
    key = conn.execute(insert(table).values(**values)).inserted_primary_key
    assert key is not None
    new_id = key[0]
    state = fetch(conn, kind, new_id)
    _append(conn, at=at, actor=actor, action=action, object_kind=kind, object_id=new_id, payload=state)
    return state


def write_update(conn: Connection, kind: str, object_id: int, values: dict[str, Any], *, action: str,
                 actor: str, at: datetime) -> dict[str, Any]:
    table = TABLES[kind]
    conn.execute(update(table).where(table.c.id == object_id).values(**values))
    state = fetch(conn, kind, object_id)
    _append(conn, at=at, actor=actor, action=action, object_kind=kind, object_id=object_id, payload=state)
    return state
