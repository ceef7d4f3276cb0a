"""Corroboration: is a claim established by independent origins?

Two items are independent only if the roots of their origin chains (the originators) differ, compared
case- and space-insensitively: a wire story citing a government release is not independent of it
(domain.md 2.3, 2.5). Rows over the same file (same SHA-256) also count as one origin, whoever supplied
it: the same leaked document from two hands is one document. A claim is established when its supporting
items come from at least ``corroboration_min`` independent origins and not all of them are secondary media.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import select

from sanctionwatch import settings
from sanctionwatch.cases import audit
from sanctionwatch.cases.claims import attachments, require_claim
from sanctionwatch.cases.evidence import evidence_dict
from sanctionwatch.store import Store
from sanctionwatch.store.schema import case_evidence


def root_key(origin_chain: Sequence[str]) -> str:
    return " ".join(origin_chain[0].split()).casefold() if origin_chain else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def assess(items: Sequence[dict[str, Any]], required: int | None = None) -> dict[str, Any]:
    """``items``: evidence dicts with ``relation``. Pure: the same items give the same verdict."""
    required = int(settings.get("corroboration_min")) if required is None else int(required)
    supporting = sorted((i for i in items if i.get("relation", "supports") == "supports"), key=lambda i: i["id"])
    contradicting = sorted((i for i in items if i.get("relation") == "contradicts"), key=lambda i: i["id"])

    # Union-find over items: same root or same file -> same origin.
    parent = list(range(len(supporting)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by: dict[tuple[str, str], int] = {}
    for index, item in enumerate(supporting):
        for key in (("root", root_key(item["origin_chain"])), ("sha", item["sha256"])):
            if key in first_by:
                parent[find(index)] = find(first_by[key])
            else:
                first_by[key] = index
    groups: dict[int, list[dict[str, Any]]] = {}
    for index, item in enumerate(supporting):
        groups.setdefault(find(index), []).append(item)
    roots = sorted({g[0]["origin_chain"][0] for g in groups.values()}, key=str.casefold)
    independent = len(groups)
    media_only = bool(supporting) and all(i["source"]["kind"] == "media" for i in supporting)
    established = independent >= required and not media_only

    reasons: list[str] = []
    if not supporting:
        reasons.append("no supporting evidence")
    elif independent < required:
        reasons.append(f"{_plural(len(supporting), 'item')}, {_plural(independent, 'independent origin')}: "
                       f"{'; '.join(roots)} (needs {required})")
    if media_only:
        reasons.append("rests on secondary media alone")
    by_file: dict[str, list[dict[str, Any]]] = {}
    for item in supporting:
        by_file.setdefault(item["sha256"], []).append(item)
    for sha, same in sorted(by_file.items(), key=lambda kv: kv[1][0]["id"]):
        if len({root_key(i["origin_chain"]) for i in same}) > 1:
            reasons.append(f"items {', '.join(str(i['id']) for i in same)} are the same file "
                           f"(SHA-256 {sha[:12]}...) and count as one origin")
    if not established:
        for item in supporting:
            if item["credibility"] == 1:
                reasons.append(f"evidence {item['id']} is graded {item['reliability']}1 (confirmed by other "
                               f"sources) but the claim is not established")
    for item in contradicting:
        reasons.append(f"evidence {item['id']} ({item['source']['name']}) contradicts the claim")
    return {"status": "established" if established else "unverified", "independent_origins": independent,
            "required": required, "roots": roots, "reasons": reasons}


def claim_items(conn: Any, claim_id: int) -> list[dict[str, Any]]:
    links = attachments(conn, [claim_id])
    if not links:
        return []
    rows = conn.execute(select(case_evidence).where(case_evidence.c.id.in_([a["evidence_id"] for a in links]))
                        ).mappings()
    by_id = {r["id"]: evidence_dict(audit.row_state(case_evidence, r)) for r in rows}
    return [{**by_id[a["evidence_id"]], "relation": a["relation"]} for a in links]


def corroboration(claim_id: int, *, store: Store | None = None) -> dict[str, Any]:
    store = audit.resolve(store)
    with store.read() as conn:
        require_claim(conn, int(claim_id))
        items = claim_items(conn, int(claim_id))
    return assess(items)
