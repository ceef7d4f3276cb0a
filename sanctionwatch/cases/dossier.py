"""Everything a report needs about one case, as plain JSON-able data with every list sorted by id.

``as_of`` shows the case as it stood at that time: links, evidence, claims, attachments, reviews and
corrections recorded after it are left out; each claim's text and status are those its latest audit
entry up to then recorded; letters count from their sending date and replies from their receipt, and
letters are judged (replied, awaiting, no reply) at that time. Without it, the time of the case's
newest record is used (record times only: a mistyped future date cannot move it), so the same store
always gives the same dossier.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from sanctionwatch.cases import audit
from sanctionwatch.cases.claims import attachments, claim_dict
from sanctionwatch.cases.corroborate import assess
from sanctionwatch.cases.evidence import evidence_dict
from sanctionwatch.cases.letters import letter_status, letters_of_case
from sanctionwatch.cases.records import case_dict, parse_case_id, require_case
from sanctionwatch.cases.catalogue import get_typology
from sanctionwatch.store import Store
from sanctionwatch.store.schema import case_audit, case_claims, case_evidence, case_links

_TYPOLOGY_KEYS = ("id", "name", "description", "paragraphs", "signals", "event_types", "measure_ids", "cap_ids",
                  "reference")


def case_dossier(case_id: int | str, *, store: Store | None = None, as_of: datetime | str | None = None) -> dict[str, Any]:
    cid = parse_case_id(case_id)
    store = audit.resolve(store)
    with store.read() as conn:
        case = require_case(conn, cid)
        links = [audit.row_state(case_links, r) for r in conn.execute(
            select(case_links).where(case_links.c.case_id == cid).order_by(case_links.c.id)).mappings()]
        claim_ids = list(conn.execute(select(case_claims.c.id).where(case_claims.c.case_id == cid)
                                      .order_by(case_claims.c.id)).scalars())
        claims = [claim_dict(conn, i) for i in claim_ids]
        attached = attachments(conn, claim_ids) if claim_ids else []
        letters = letters_of_case(conn, cid)
        wanted = {a["evidence_id"] for a in attached}
        wanted |= {x["evidence_id"] for x in letters if x["evidence_id"]}
        wanted |= {r["evidence_id"] for x in letters for r in x["replies"] if r["evidence_id"]}
        query = select(case_evidence).where(or_(case_evidence.c.case_id == cid,
                                                case_evidence.c.id.in_(sorted(wanted) or [-1])))
        evidence = {r["id"]: evidence_dict(audit.row_state(case_evidence, r))
                    for r in conn.execute(query.order_by(case_evidence.c.id)).mappings()}

    stamps = [case["opened_at"]] + [x["created_at"] for x in links] + [a["created_at"] for a in attached]
    stamps += [c["updated_at"] for c in claims] + [r["at"] for c in claims for r in c["reviews"]]
    stamps += [x["created_at"] for x in letters]
    stamps += [r["created_at"] for x in letters for r in x["replies"] if r.get("created_at")]
    stamps += [e["added_at"] for e in evidence.values()]
    given = audit.to_utc(as_of, "dossier: as of")
    when = given or audit.parse_iso(max(stamps))
    stamp = audit.iso(when)
    if given is not None:
        links, claims, letters, evidence = _as_of(store, stamp, links, claims, letters, evidence)

    out_claims = []
    for claim in claims:
        items = [{**evidence[e["id"]], "relation": e["relation"]} for e in claim["evidence"]]
        out_claims.append({
            "id": claim["id"], "text": claim["text"], "status": claim["status"], "created_at": claim["created_at"],
            "corrections": [{k: c[k] for k in ("at", "text", "previous_text", "reason", "by")}
                            for c in claim["corrections"]],
            "corroboration": assess(items),
            "evidence": sorted(items, key=lambda i: i["id"]),
            "reviews": [{k: r[k] for k in ("at", "reviewer", "view", "text")} for r in claim["reviews"]],
        })
    correspondence = []
    for letter in letters:
        if letter["sent_at"] > stamp:
            continue
        known = [r for r in letter["replies"] if r["received_at"] <= stamp]
        correspondence.append({
            "id": letter["id"], "party": letter["party"], "party_kind": letter["party_kind"],
            "subject": letter["subject"], "summary": letter["summary"], "sent_at": letter["sent_at"],
            "deadline": letter["deadline"], "claim_id": letter["claim_id"], "evidence_id": letter["evidence_id"],
            "status": letter_status({**letter, "replies": known}, when),
            "replies": [{k: r[k] for k in ("received_at", "summary", "assessment", "evidence_id", "late")}
                        for r in known],
        })
    typology = get_typology(case["typology"])
    return {
        "case": case_dict(case),
        "typology": {k: typology[k] for k in _TYPOLOGY_KEYS if k in typology},
        "links": [{k: x[k] for k in ("id", "kind", "ref", "label", "data")} for x in links],
        "claims": out_claims,
        "correspondence": correspondence,
        "evidence": [evidence[i] for i in sorted(evidence)],
        "as_of": stamp,
    }


def _as_of(store: Store, stamp: str, links: list[dict[str, Any]], claims: list[dict[str, Any]],
           letters: list[dict[str, Any]], evidence: dict[int, dict[str, Any]]) -> tuple[Any, Any, Any, Any]:
    """The records as they stood at ``stamp`` (ISO). Claims take the text and status of their latest
    audit entry up to then: the trail holds every state a row had."""
    links = [x for x in links if x["created_at"] <= stamp]
    evidence = {i: e for i, e in evidence.items() if e["added_at"] <= stamp}
    states: dict[int, dict[str, Any]] = {}
    if claims:
        with store.read() as conn:
            rows = conn.execute(select(case_audit.c.object_id, case_audit.c.payload)
                                .where(case_audit.c.object_kind == "claim",
                                       case_audit.c.object_id.in_([c["id"] for c in claims]),
                                       case_audit.c.at <= audit.parse_iso(stamp))
                                .order_by(case_audit.c.seq)).all()
        for object_id, payload in rows:
            states[object_id] = payload
    kept = []
    for claim in claims:
        state = states.get(claim["id"])
        if state is None:
            continue
        kept.append({**claim, "text": state["text"], "status": state["status"],
                     "corrections": [c for c in claim["corrections"] if c["at"] <= stamp],
                     "reviews": [r for r in claim["reviews"] if r["at"] <= stamp],
                     "evidence": [e for e in claim["evidence"] if e["id"] in evidence
                                  and e.get("created_at", stamp) <= stamp]})
    letters = [x for x in letters if x["created_at"] <= stamp or x["sent_at"] <= stamp]
    return links, kept, letters, evidence
