"""Evidence: files kept by SHA-256 under ``HOME/evidence/sha256``, read-only and re-verified on every read,
with their source, origin chain and Admiralty grade.

The same bytes added twice are stored once; each addition is its own evidence row, because the same file
obtained from two sources (or on two dates) is two acquisitions with different metadata. Corroboration
counts rows over one file as one origin. A ``url`` is where the analyst found the item: it is stored as
metadata and never fetched.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import Connection, select

from sanctionwatch.cases import audit
from sanctionwatch.cases.media import describe
from sanctionwatch.cases.records import parse_case_id, require_case
from sanctionwatch.errors import ConfigError, IntegrityError, NotFound
from sanctionwatch.store import Store
from sanctionwatch.store.blobs import get_blob, put_blob
from sanctionwatch.store.schema import case_claim_evidence, case_claims, case_evidence, case_letters, case_replies

KINDS = ("document", "image", "ais_track", "web_page", "trade_record", "dataset", "testimony",
         "physical_inspection", "blockchain_tx", "other")
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY = {1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
               5: "improbable", 6: "truth cannot be judged"}
# Project policy (domain.md 2.4), not a UN standard; an analyst may override with a reason.
DEFAULT_RELIABILITY = {"registry": "A", "court": "A", "un_body": "A", "commercial_imagery": "B", "ngo": "B",
                       "state": "C", "ais_provider": "C", "media": "C", "company": "F", "individual": "F",
                       "unknown": "F"}
SOURCE_KINDS = tuple(DEFAULT_RELIABILITY)
# A Member State reporting on a matter is an interested party: reports flag it beside the grade.
INTERESTED_PARTY_KINDS = ("state",)


def evidence_root(store: Store) -> Path:
    return store.home / "evidence" / "sha256"


def evidence_dict(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": state["id"], "sha256": state["sha256"], "size": state["size"], "media_type": state["media_type"],
        "filename": state["filename"], "kind": state["kind"], "title": state["title"],
        "description": state["description"],
        "source": {"name": state["source_name"], "kind": state["source_kind"],
                   "interested_party": state["source_kind"] in INTERESTED_PARTY_KINDS},
        "origin_chain": list(state["origin_chain"]), "reliability": state["reliability"],
        "reliability_reason": state["reliability_reason"], "credibility": state["credibility"],
        "grade": f"{state['reliability']}{state['credibility']}",
        "collected_at": state["collected_at"], "collected_by": state["collected_by"],
        "captured_at": state["captured_at"], "url": state["url"], "language": state["language"],
        "machine_translated": bool(state["machine_translated"]), "metadata": dict(state["meta"] or {}),
        "case_id": state["case_id"], "added_at": state["created_at"], "added_by": state["created_by"],
    }


def check_grade(reliability: str | None, credibility: int | str, source_kind: str,
                reliability_reason: str | None) -> tuple[str, int, str | None]:
    if source_kind not in DEFAULT_RELIABILITY:
        raise ConfigError(f"evidence add: --source-kind {source_kind!r}: use one of {', '.join(SOURCE_KINDS)}")
    default = DEFAULT_RELIABILITY[source_kind]
    grade = (reliability or default).strip().upper()
    if grade not in RELIABILITY:
        raise ConfigError(f"evidence add: --reliability {reliability!r}: must be one of A..F")
    try:
        cred = int(credibility)
    except (TypeError, ValueError):
        raise ConfigError(f"evidence add: --credibility {credibility!r}: must be 1..6") from None
    if cred not in CREDIBILITY:
        raise ConfigError(f"evidence add: --credibility {credibility}: must be 1..6")
    reason = (reliability_reason or "").strip() or None
    if grade != default and reason is None:
        raise ConfigError(f"evidence add: --reliability {grade} differs from the default {default} for a "
                          f"{source_kind} source: give --reason")
    return grade, cred, reason


def check_origin(origin_chain: Sequence[str] | str) -> list[str]:
    if isinstance(origin_chain, str):
        origin_chain = origin_chain.split(">")
    chain = [" ".join(str(part).split()) for part in origin_chain]
    chain = [part for part in chain if part]
    if not chain:
        raise ConfigError("evidence add: --origin is empty: name at least the originator (e.g. \"UN 1718 Committee\")")
    return chain


def add_evidence(file: Path | str | bytes, *, filename: str | None = None, kind: str | None, source: str,
                 source_kind: str, origin_chain: Sequence[str] | str, collected_by: str | None = None,
                 collected_at: datetime | str | None = None, captured_at: datetime | str | None = None,
                 reliability: str | None = None, reliability_reason: str | None = None,
                 credibility: int = 6, language: str | None = None, machine_translated: bool = False,
                 title: str | None = None, description: str | None = None, url: str | None = None,
                 resolution_m: float | None = None, case_id: int | str | None = None,
                 store: Store | None = None, actor: str | None = None) -> dict[str, Any]:
    """Store a file and record one acquisition of it. ``kind`` None: from the media type."""
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NotFound(f"evidence add: {path}: {exc.strerror or exc}") from exc
        filename = filename or path.name
    if not data:
        raise ConfigError(f"evidence add: {filename or 'the file'} is empty")
    if not source or not source.strip():
        raise ConfigError("evidence add: --source is empty")
    grade, cred, reason = check_grade(reliability, credibility, source_kind, reliability_reason)
    chain = check_origin(origin_chain)
    if resolution_m is not None and not float(resolution_m) > 0:
        raise ConfigError(f"evidence add: --resolution-m {resolution_m}: must be a positive number of metres")
    meta = describe(data, filename)
    if resolution_m is not None:
        meta["resolution_m"] = float(resolution_m)
    if kind is None:
        kind = ("image" if meta["media_type"].startswith("image/") else
                "web_page" if meta["media_type"] == "text/html" else "document")
    if kind not in KINDS:
        raise ConfigError(f"evidence add: --kind {kind!r}: use one of {', '.join(KINDS)}")
    captured = audit.to_utc(captured_at, "evidence add: --captured-at")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    cid = parse_case_id(case_id) if case_id is not None else None
    digest = hashlib.sha256(data).hexdigest()
    # The file goes in first: a row never names a file that is not there; a file without a row is harmless.
    put_blob(evidence_root(store), data)
    with store.write_exclusive() as conn:
        if cid is not None:
            require_case(conn, cid)
        state = audit.write_insert(conn, "evidence", {
            "case_id": cid, "sha256": digest, "size": len(data), "media_type": meta.pop("media_type"),
            "filename": filename, "kind": kind, "title": title, "description": description,
            "source_name": source.strip(), "source_kind": source_kind, "origin_chain": chain,
            "reliability": grade, "reliability_reason": reason, "credibility": cred,
            "collected_at": audit.to_utc(collected_at, "evidence add: --collected-at") or at,
            "collected_by": collected_by or actor, "captured_at": captured, "url": url,
            "language": language, "machine_translated": bool(machine_translated), "meta": meta,
            "created_at": at, "created_by": actor,
        }, action="evidence.add", actor=actor, at=at)
    return evidence_dict(state)


def require_evidence(conn: Connection, evidence_id: int) -> dict[str, Any]:
    row = conn.execute(select(case_evidence).where(case_evidence.c.id == evidence_id)).mappings().first()
    if row is None:
        raise NotFound(f"evidence {evidence_id} does not exist")
    return audit.row_state(case_evidence, row)


def get_evidence(evidence_id: int, *, store: Store | None = None) -> dict[str, Any]:
    store = audit.resolve(store)
    with store.read() as conn:
        return evidence_dict(require_evidence(conn, int(evidence_id)))


def read_evidence(evidence_id: int, *, store: Store | None = None) -> bytes:
    """The file's bytes, re-hashed: IntegrityError names the item and its file when they do not match."""
    store = audit.resolve(store)
    with store.read() as conn:
        state = require_evidence(conn, int(evidence_id))
    return _read_file(store, state)


def _read_file(store: Store, state: dict[str, Any]) -> bytes:
    name = f"evidence {state['id']} ({state['filename'] or state['sha256'][:12]})"
    try:
        return get_blob(evidence_root(store), state["sha256"])
    except NotFound:
        # No filesystem path: the message reaches API clients.
        raise NotFound(f"{name}: file missing from the evidence store") from None
    except IntegrityError as exc:
        actual = str(exc).rsplit(" ", 1)[-1]
        raise IntegrityError(f"{name}: file altered, SHA-256 now {actual}") from None


def evidence_cases(evidence_id: int, *, store: Store | None = None) -> set[int]:
    """The cases an evidence item belongs to or is used in (claims, letters, replies): who may see it."""
    with audit.resolve(store).read() as conn:
        return _evidence_cases(conn, evidence_id)


def _evidence_cases(conn: Any, evidence_id: int) -> set[int]:
    found = set(conn.execute(select(case_evidence.c.case_id).where(case_evidence.c.id == evidence_id,
                                                                   case_evidence.c.case_id.is_not(None))).scalars())
    found |= set(conn.execute(select(case_claims.c.case_id).join(
        case_claim_evidence, case_claim_evidence.c.claim_id == case_claims.c.id)
        .where(case_claim_evidence.c.evidence_id == evidence_id)).scalars())
    found |= set(conn.execute(select(case_letters.c.case_id).where(case_letters.c.evidence_id == evidence_id))
                 .scalars())
    found |= set(conn.execute(select(case_letters.c.case_id).join(
        case_replies, case_replies.c.letter_id == case_letters.c.id)
        .where(case_replies.c.evidence_id == evidence_id)).scalars())
    return found
