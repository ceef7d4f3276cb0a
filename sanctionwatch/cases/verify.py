"""Check the case records: the audit chain, every row against the state its latest entry recorded, and
every evidence file against its SHA-256. Problems are listed chain first (by sequence number), then rows,
then files; the first one is the "first broken link" the CLI prints.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from sanctionwatch.cases import audit
from sanctionwatch.cases.evidence import evidence_root
from sanctionwatch.store import Store
from sanctionwatch.store.blobs import blob_path
from sanctionwatch.store.schema import case_audit, case_evidence


def _chain(entries: list[dict[str, Any]]) -> list[str]:
    problems = []
    prev_seq, prev_hash = 0, audit.GENESIS
    for e in entries:
        digest = audit.entry_hash(e["seq"], audit.iso(e["at"]) or "", e["actor"], e["action"], e["object_kind"],
                                  e["object_id"], e["payload"], e["prev_hash"])
        if digest != e["hash"]:
            problems.append(f"audit entry {e['seq']} ({e['action']}): content does not match its hash")
        if e["prev_hash"] != prev_hash:
            missing = e["seq"] - 1
            what = (f"entry {missing} changed or removed" if missing > 0
                    else "it should be the first entry")
            problems.append(f"audit entry {e['seq']}: previous-hash link broken ({what})")
        elif e["seq"] != prev_seq + 1:
            problems.append(f"audit entry {e['seq']}: sequence gap after entry {prev_seq}")
        prev_seq, prev_hash = e["seq"], e["hash"]
    return problems


def _rows(conn: Any, entries: list[dict[str, Any]]) -> list[str]:
    latest: dict[tuple[str, int], dict[str, Any]] = {}
    for e in entries:
        latest[(e["object_kind"], e["object_id"])] = e
    problems = []
    seen: set[tuple[str, int]] = set()
    for kind, table in audit.TABLES.items():
        for row in conn.execute(select(table).order_by(table.c.id)).mappings():
            state = audit.row_state(table, row)
            key = (kind, state["id"])
            seen.add(key)
            entry = latest.get(key)
            if entry is None:
                problems.append(f"{kind} {state['id']}: no audit entry records it")
                continue
            recorded = entry["payload"] if isinstance(entry["payload"], dict) else {}
            fields = sorted(k for k in set(state) | set(recorded) if state.get(k) != recorded.get(k))
            if fields:
                problems.append(f"{kind} {state['id']}: row differs from audit entry {entry['seq']} "
                                f"({', '.join(fields)})")
    for key, entry in sorted(latest.items(), key=lambda kv: kv[1]["seq"]):
        if key not in seen and key[0] in audit.TABLES:
            problems.append(f"{key[0]} {key[1]}: row removed (last recorded by audit entry {entry['seq']})")
    return problems


def _files(store: Store, conn: Any) -> tuple[int, list[str]]:
    root = evidence_root(store)
    problems = []
    checked: dict[str, str | None] = {}
    rows = conn.execute(select(case_evidence.c.id, case_evidence.c.sha256, case_evidence.c.filename)
                        .order_by(case_evidence.c.id)).all()
    for evidence_id, sha, filename in rows:
        if sha not in checked:
            path = blob_path(root, sha)
            if not path.exists():
                checked[sha] = "file missing"
            else:
                h = hashlib.sha256()
                with path.open("rb") as fh:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        h.update(block)
                actual = h.hexdigest()
                checked[sha] = None if actual == sha else f"file altered, SHA-256 now {actual}"
            if checked[sha]:
                problems.append(f"evidence {evidence_id} ({filename or sha[:12]}): {checked[sha]}")
    return len(checked), problems


def verify_cases(*, store: Store | None = None) -> dict[str, Any]:
    store = audit.resolve(store)
    with store.read() as conn:
        entries = [dict(r) for r in conn.execute(select(case_audit).order_by(case_audit.c.seq)).mappings()]
        problems = _chain(entries) + _rows(conn, entries)
        files, file_problems = _files(store, conn)
    problems += file_problems
    return {"ok": not problems, "entries": len(entries), "evidence_checked": files, "problems": problems,
            "first_broken": problems[0] if problems else None,
            "head": entries[-1]["hash"] if entries else audit.GENESIS}
