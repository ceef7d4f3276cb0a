"""Right of reply: letters to the parties a case concerns, deadlines, replies and their assessment."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from sanctionwatch import settings
from sanctionwatch.cases import audit
from sanctionwatch.cases.evidence import require_evidence
from sanctionwatch.cases.records import parse_case_id, require_case
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store
from sanctionwatch.store.schema import case_letters, case_replies

PARTY_KINDS = ("state", "entity", "individual", "un_body", "other")


def reply_dict(state: dict[str, Any], deadline: str | None = None) -> dict[str, Any]:
    return {"id": state["id"], "letter_id": state["letter_id"], "received_at": state["received_at"],
            "summary": state["summary"], "assessment": state["assessment"], "evidence_id": state["evidence_id"],
            "late": bool(deadline and state["received_at"] > deadline), "created_at": state.get("created_at")}


def letter_dict(state: dict[str, Any], replies: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": state["id"], "case_id": state["case_id"], "claim_id": state["claim_id"],
            "evidence_id": state["evidence_id"], "party": state["party"], "party_kind": state["party_kind"],
            "subject": state["subject"], "summary": state["summary"], "sent_at": state["sent_at"],
            "deadline": state["deadline"], "created_at": state["created_at"], "created_by": state["created_by"],
            "replies": [reply_dict(r, state["deadline"]) for r in replies]}


def _deadline(value: datetime | date | str | None) -> datetime | None:
    """A deadline given as a day runs to the end of that day: a reply on the day is on time."""
    day_only = isinstance(value, date) and not isinstance(value, datetime) or \
        isinstance(value, str) and len(value.strip()) == 10
    due = audit.to_utc(value, "letter send: --deadline")
    return due + timedelta(days=1, seconds=-1) if due is not None and day_only else due


def letter_status(letter: dict[str, Any], as_of: datetime) -> str:
    """replied (a reply received by ``as_of``), awaiting (deadline after ``as_of``) or no_reply."""
    stamp = audit.iso(as_of) or ""
    if any(r["received_at"] <= stamp for r in letter["replies"]):
        return "replied"
    return "awaiting" if letter["deadline"] > stamp else "no_reply"


def letters_of_case(conn: Connection, case_id: int) -> list[dict[str, Any]]:
    letters = [audit.row_state(case_letters, r) for r in conn.execute(
        select(case_letters).where(case_letters.c.case_id == case_id).order_by(case_letters.c.id)).mappings()]
    if not letters:
        return []
    replies: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(select(case_replies).where(case_replies.c.letter_id.in_([x["id"] for x in letters]))
                            .order_by(case_replies.c.id)).mappings():
        replies.setdefault(row["letter_id"], []).append(audit.row_state(case_replies, row))
    return [letter_dict(x, replies.get(x["id"], [])) for x in letters]


def send_letter(case_id: int | str, *, party: str, party_kind: str, subject: str, summary: str,
                sent_at: datetime | str | None = None, deadline: datetime | str | None = None,
                claim_id: int | None = None, evidence_id: int | None = None, store: Store | None = None,
                actor: str | None = None) -> dict[str, Any]:
    """Record a letter giving a party the evidence and a deadline to reply (default: sent + reply_days).
    A letter about a draft claim moves the claim to sent_for_reply."""
    if party_kind not in PARTY_KINDS:
        raise ConfigError(f"letter send: --party-kind {party_kind!r}: use one of {', '.join(PARTY_KINDS)}")
    for name, value in (("--party", party), ("--subject", subject), ("--summary", summary)):
        if not value or not value.strip():
            raise ConfigError(f"letter send: {name} is empty")
    cid = parse_case_id(case_id)
    at = audit.now()
    sent = audit.to_utc(sent_at, "letter send: --sent-at") or at
    due = _deadline(deadline) or sent + timedelta(days=int(settings.get("reply_days")))
    if due <= sent:
        raise ConfigError(f"letter send: deadline {audit.iso(due)} is not after the sending date {audit.iso(sent)}")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    with store.write_exclusive() as conn:
        require_case(conn, cid)
        if claim_id is not None:
            from sanctionwatch.cases.claims import require_claim

            claim = require_claim(conn, int(claim_id))
            if claim["case_id"] != cid:
                raise ConfigError(f"letter send: claim {claim_id} belongs to case C-{claim['case_id']:04d}, "
                                  f"not C-{cid:04d}")
        if evidence_id is not None:
            require_evidence(conn, int(evidence_id))
        state = audit.write_insert(conn, "letter", {
            "case_id": cid, "claim_id": claim_id, "evidence_id": evidence_id, "party": party.strip(),
            "party_kind": party_kind, "subject": subject.strip(), "summary": summary.strip(), "sent_at": sent,
            "deadline": due, "created_at": at, "created_by": actor}, action="letter.send", actor=actor, at=at)
        if claim_id is not None and claim["status"] == "draft":
            audit.write_update(conn, "claim", int(claim_id), {"status": "sent_for_reply", "updated_at": at},
                               action="claim.status", actor=actor, at=at)
    return letter_dict(state, [])


def record_reply(letter_id: int, *, received_at: datetime | str, summary: str, assessment: str | None = None,
                 evidence_id: int | None = None, store: Store | None = None, actor: str | None = None) -> dict[str, Any]:
    """A party's reply, with the analyst's assessment of it. A late reply is kept and marked late."""
    received = audit.to_utc(received_at, "letter reply: --received-at")
    if received is None:
        raise ConfigError("letter reply: --received-at is required")
    if not summary or not summary.strip():
        raise ConfigError("letter reply: --summary is empty")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        row = conn.execute(select(case_letters).where(case_letters.c.id == int(letter_id))).mappings().first()
        if row is None:
            raise NotFound(f"letter {letter_id} does not exist")
        letter = audit.row_state(case_letters, row)
        if audit.iso(received) < letter["sent_at"]:
            raise ConfigError(f"letter reply: received {audit.iso(received)} before letter {letter_id} was sent "
                              f"({letter['sent_at']})")
        if evidence_id is not None:
            require_evidence(conn, int(evidence_id))
        state = audit.write_insert(conn, "reply", {
            "letter_id": int(letter_id), "received_at": received, "summary": summary.strip(),
            "assessment": (assessment or "").strip() or None, "evidence_id": evidence_id, "created_at": at,
            "created_by": actor}, action="letter.reply", actor=actor, at=at)
    return reply_dict(state, letter["deadline"])
