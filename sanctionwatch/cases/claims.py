"""Claims: statements of fact in a case, each resting on evidence items, reviewed, corrected by new
entries (the earlier text is kept), and moved through draft -> sent_for_reply -> final."""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Connection, select

from sanctionwatch.cases import audit
from sanctionwatch.cases.evidence import require_evidence
from sanctionwatch.cases.records import parse_case_id, require_case
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store
from sanctionwatch.store.schema import case_claim_evidence, case_claims, case_corrections, case_reviews

STATUSES = ("draft", "sent_for_reply", "final", "corrected", "withdrawn")
RELATIONS = ("supports", "contradicts")
VIEWS = ("concur", "minority")


def require_claim(conn: Connection, claim_id: int) -> dict[str, Any]:
    row = conn.execute(select(case_claims).where(case_claims.c.id == claim_id)).mappings().first()
    if row is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return audit.row_state(case_claims, row)


def attachments(conn: Connection, claim_ids: Sequence[int]) -> list[dict[str, Any]]:
    rows = conn.execute(select(case_claim_evidence).where(case_claim_evidence.c.claim_id.in_(list(claim_ids)))
                        .order_by(case_claim_evidence.c.evidence_id, case_claim_evidence.c.id)).mappings()
    return [audit.row_state(case_claim_evidence, r) for r in rows]


def review_dict(state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["id"], "claim_id": state["claim_id"], "at": state["created_at"],
            "reviewer": state["reviewer"], "view": state["view"], "text": state["text"]}


def correction_dict(state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["id"], "claim_id": state["claim_id"], "at": state["created_at"], "text": state["text"],
            "previous_text": state["previous_text"], "reason": state["reason"], "by": state["created_by"]}


def claim_dict(conn: Connection, claim_id: int) -> dict[str, Any]:
    state = require_claim(conn, claim_id)
    reviews = conn.execute(select(case_reviews).where(case_reviews.c.claim_id == claim_id)
                           .order_by(case_reviews.c.id)).mappings()
    corrections = conn.execute(select(case_corrections).where(case_corrections.c.claim_id == claim_id)
                               .order_by(case_corrections.c.id)).mappings()
    return {
        "id": state["id"], "case_id": state["case_id"], "text": state["text"], "status": state["status"],
        "created_at": state["created_at"], "created_by": state["created_by"], "updated_at": state["updated_at"],
        "corrections": [correction_dict(audit.row_state(case_corrections, r)) for r in corrections],
        "evidence": [{"id": a["evidence_id"], "relation": a["relation"], "created_at": a["created_at"]}
                     for a in attachments(conn, [claim_id])],
        "reviews": [review_dict(audit.row_state(case_reviews, r)) for r in reviews],
    }


def _attach(conn: Connection, claim_id: int, evidence_id: int, relation: str, actor: str, at: Any) -> dict[str, Any]:
    if relation not in RELATIONS:
        raise ConfigError(f"claim {claim_id}: relation {relation!r}: use one of {', '.join(RELATIONS)}")
    require_evidence(conn, evidence_id)
    existing = conn.execute(select(case_claim_evidence).where(case_claim_evidence.c.claim_id == claim_id,
                                                              case_claim_evidence.c.evidence_id == evidence_id)
                            ).mappings().first()
    if existing is not None:
        state = audit.row_state(case_claim_evidence, existing)
        if state["relation"] != relation:
            raise ConfigError(f"claim {claim_id}: evidence {evidence_id} is already attached as "
                              f"'{state['relation']}'; add a review or a correction instead")
        return state
    return audit.write_insert(conn, "attachment", {
        "claim_id": claim_id, "evidence_id": evidence_id, "relation": relation, "created_at": at,
        "created_by": actor}, action="claim.attach", actor=actor, at=at)


def add_claim(case_id: int | str, text: str, *, evidence_ids: Sequence[int] = (), store: Store | None = None,
              actor: str | None = None) -> dict[str, Any]:
    if not text or not text.strip():
        raise ConfigError("claim add: the text is empty")
    cid = parse_case_id(case_id)
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        require_case(conn, cid)
        state = audit.write_insert(conn, "claim", {
            "case_id": cid, "text": text.strip(), "status": "draft", "created_at": at, "created_by": actor,
            "updated_at": at}, action="claim.add", actor=actor, at=at)
        for evidence_id in evidence_ids:
            _attach(conn, state["id"], int(evidence_id), "supports", actor, at)
        return claim_dict(conn, state["id"])


def attach_evidence(claim_id: int, evidence_id: int, *, relation: str = "supports", store: Store | None = None,
                    actor: str | None = None) -> dict[str, Any]:
    """Attach an item to a claim as supporting or contradicting it; attaching it again is a no-op."""
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    with store.write_exclusive() as conn:
        require_claim(conn, int(claim_id))
        return _attach(conn, int(claim_id), int(evidence_id), relation, actor, audit.now())


def add_review(claim_id: int, *, reviewer: str, view: str, text: str, store: Store | None = None,
               actor: str | None = None) -> dict[str, Any]:
    """A reviewer's view of a claim: concurrence, or a minority view the report prints beside it."""
    if view not in VIEWS:
        raise ConfigError(f"claim review: view {view!r}: use one of {', '.join(VIEWS)}")
    if not reviewer or not reviewer.strip():
        raise ConfigError("claim review: the reviewer is empty")
    if view == "minority" and not (text or "").strip():
        raise ConfigError("claim review: a minority view needs its text")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        require_claim(conn, int(claim_id))
        state = audit.write_insert(conn, "review", {
            "claim_id": int(claim_id), "reviewer": reviewer.strip(), "view": view, "text": (text or "").strip(),
            "created_at": at, "created_by": actor}, action="claim.review", actor=actor, at=at)
    return review_dict(state)


def correct_claim(claim_id: int, text: str, *, reason: str, store: Store | None = None,
                  actor: str | None = None) -> dict[str, Any]:
    """Replace a claim's text; the correction (old text, new text, reason, who, when) is a new entry."""
    if not text or not text.strip():
        raise ConfigError(f"claim correct: claim {claim_id}: the new text is empty")
    if not reason or not reason.strip():
        raise ConfigError(f"claim correct: claim {claim_id}: give the reason for the correction")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        current = require_claim(conn, int(claim_id))
        if current["text"] == text.strip():
            raise ConfigError(f"claim correct: claim {claim_id}: the new text is the same as the current one")
        audit.write_insert(conn, "correction", {
            "claim_id": int(claim_id), "text": text.strip(), "previous_text": current["text"],
            "reason": reason.strip(), "created_at": at, "created_by": actor},
            action="claim.correction", actor=actor, at=at)
        audit.write_update(conn, "claim", int(claim_id), {"text": text.strip(), "status": "corrected",
                                                          "updated_at": at},
                           action="claim.correct", actor=actor, at=at)
        return claim_dict(conn, int(claim_id))


def set_claim_status(claim_id: int, status: str, *, store: Store | None = None,
                     actor: str | None = None) -> dict[str, Any]:
    """A claim cannot become final while a letter about it (or about its whole case) still awaits its
    reply within the deadline: the party's answer must be able to reach the finding (S/2006/997 para 28)."""
    if status not in STATUSES:
        raise ConfigError(f"claim status: {status!r}: use one of {', '.join(STATUSES)}")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        current = require_claim(conn, int(claim_id))
        if status == "final":
            from sanctionwatch.cases.letters import letters_of_case, letter_status

            for letter in letters_of_case(conn, current["case_id"]):
                if letter["claim_id"] not in (None, int(claim_id)):
                    continue
                if letter_status(letter, at) == "awaiting":
                    raise ConfigError(f"claim {claim_id}: letter {letter['id']} to {letter['party']} awaits a reply "
                                      f"until {letter['deadline']}; the claim cannot be final before then")
        audit.write_update(conn, "claim", int(claim_id), {"status": status, "updated_at": at},
                           action="claim.status", actor=actor, at=at)
        return claim_dict(conn, int(claim_id))
