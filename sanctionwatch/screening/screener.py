"""``screen()``: one query against the current lists — the function the CLI, the API and library users call."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from sanctionwatch.lists.catalog import current_ids
from sanctionwatch.screening import audit
from sanctionwatch.screening.index import ScreeningIndex, build_index, signature_of
from sanctionwatch.screening.matchers import get_matcher
from sanctionwatch.screening.query import Query
from sanctionwatch.store import Store, open_store

_INDEXES: dict[str, ScreeningIndex] = {}


@dataclass
class ScreenResult:
    query: dict[str, Any]
    algorithm: str
    threshold: float
    releases: dict[str, int]
    results: list[dict[str, Any]]
    screening_id: int | None = None
    fingerprint: str = ""
    total_candidates: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def current_index(store: Store) -> ScreeningIndex:
    """The index of the current releases, kept per process and rebuilt when a release becomes current."""
    with store.read() as conn:
        sig = signature_of(current_ids(conn))
    key = f"{store.engine.url}|{sig}"
    index = _INDEXES.get(key)
    if index is None:
        _INDEXES.clear()
        index = _INDEXES[key] = build_index(store)
    return index


def rank(query: Query, index: ScreeningIndex, *, algorithm: str | None = None, threshold: float | None = None,
         limit: int = 10, exclude: Iterable[str] = ()) -> tuple[list[dict[str, Any]], int, float, str]:
    """Score the query against its candidates; no store access (used by batch workers too)."""
    matcher = get_matcher(algorithm)
    limit_score = matcher.DEFAULT_THRESHOLD if threshold is None else threshold
    profile = query.profile()
    excluded = set(exclude)
    cands = index.candidates(profile, limit=max(40, limit * 4))
    scored = []
    for idx in cands:
        entry = index.entries[idx]
        if entry.id in excluded:
            continue
        result = matcher.score(profile, entry.profile)
        if result.score <= 0:
            continue
        scored.append((result.score, entry, result))
    scored.sort(key=lambda item: (-item[0], item[1].id))
    out = []
    for score, entry, result in scored[:limit]:
        out.append({
            "id": entry.id, "caption": entry.caption, "schema": entry.schema,
            "reference": entry.references[0] if entry.references else None, "references": entry.references,
            "datasets": entry.sources, "programs": entry.programs, "score": score,
            "match": score >= limit_score, "features": result.feature_scores(),
            "explanations": result.explanations(), "record_hash": entry.record_hash,
        })
    return out, len(cands), limit_score, matcher.NAME


def screen(query: dict[str, Any] | Query, *, store: Store | None = None, index: ScreeningIndex | None = None,
           threshold: float | None = None, limit: int = 10, algorithm: str | None = None,
           exclude_entity_ids: Iterable[str] = (), actor: str | None = None, channel: str = "library",
           record: bool = True) -> ScreenResult:
    q = query if isinstance(query, Query) else Query.from_dict(query)
    if index is None:
        store = store or open_store()
        index = current_index(store)
    results, total, limit_score, name = rank(q, index, algorithm=algorithm, threshold=threshold, limit=limit,
                                             exclude=exclude_entity_ids)
    qdict = q.to_dict()
    fp = audit.fingerprint(qdict)
    outcome = ScreenResult(qdict, name, limit_score, dict(index.releases), results, None, fp, total)
    if not index.releases:
        outcome.warnings.append("no list is loaded: nothing to screen against (sanctionwatch lists load ...)")
    if record:
        store = store or open_store()
        # Read (decisions) then write (the audit row): Store.write waits for other writers on SQLite.
        with store.write() as conn:
            _attach_decisions(conn, fp, results)
            [outcome.screening_id] = audit.record_screenings(conn, [audit_row(outcome, actor, channel)])
    return outcome


def audit_row(outcome: ScreenResult, actor: str | None, channel: str) -> dict[str, Any]:
    return {"created_at": datetime.now(timezone.utc), "actor": actor or audit.default_actor(), "channel": channel,
            "query": outcome.query, "fingerprint": outcome.fingerprint, "releases": outcome.releases,
            "algorithm": outcome.algorithm, "threshold": f"{outcome.threshold:.3f}", "results": outcome.results}


def _attach_decisions(conn: Any, fp: str, results: list[dict[str, Any]]) -> None:
    found = audit.decisions_for(conn, fp, [r["id"] for r in results])
    for r in results:
        d = found.get(r["id"])
        if d is None:
            continue
        summary = {"decision": d["decision"], "note": d["note"], "actor": d["actor"], "id": d["id"],
                   "created_at": d["created_at"].isoformat() if hasattr(d["created_at"], "isoformat")
                   else d["created_at"]}
        if d["record_hash"] == r["record_hash"]:
            r["decision"] = summary
        else:
            r["previous_decision"] = summary | {"stale": "the listed entity changed since this decision"}
