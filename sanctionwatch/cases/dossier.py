"""Everything a report needs about one case, as plain JSON-able data with every list sorted by id.

``as_of`` fixes the date at which letters are judged (replied, awaiting, no reply); replies received
after it are left out, so a report built "as of" a date says what was known then. Without it, the time of
the case's newest record is used, so the same store always gives the same dossier.
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
from sanctionwatch.store.schema import case_claims, case_evidence, case_links

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
    stamps += [r["received_at"] for x in letters for r in x["replies"]]
    stamps += [e["added_at"] for e in evidence.values()]
    when = audit.to_utc(as_of, "dossier: as of") or audit.parse_iso(max(stamps))
    stamp = audit.iso(when)

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
