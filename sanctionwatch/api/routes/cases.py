"""``/api/cases``, ``/api/claims``, ``/api/letters``, ``/api/evidence``: cases and their evidence, claims,
letters and replies, over ``sanctionwatch.cases``.

Per-case access: a key limited to some cases (``case_ids``) sees only those. Anything else answers 404
with the same message whether the case exists or not, so a limited key cannot probe which case ids
exist. Evidence is visible when it belongs to a visible case, or is attached to a claim, letter or reply
of one; evidence outside every case is for keys without a case limit. A limited key cannot open cases
(it could not see them afterwards): 403.

Uploads are stored by SHA-256 through ``cases.add_evidence``; the client's file name is kept only as
metadata (its last path component, control characters removed), never used as a path.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from sanctionwatch import cases as core
from sanctionwatch.api import limits
from sanctionwatch.api.auth import Principal, can_see_case, require
from sanctionwatch.api.errors import error_response
from sanctionwatch.cases.catalogue import get_typology
from sanctionwatch.cases.claims import RELATIONS, require_claim
from sanctionwatch.cases.evidence import KINDS, SOURCE_KINDS, evidence_cases
from sanctionwatch.cases.letters import PARTY_KINDS
from sanctionwatch.cases.records import case_ref, parse_case_id
from sanctionwatch.errors import ConfigError, IntegrityError, NotFound
from sanctionwatch.store.schema import case_claims, case_letters

router = APIRouter(tags=["cases"])

READ_CHUNK = 1024 * 1024
# Row ids are INTEGER columns (32-bit on PostgreSQL); a larger number can only be absent.
MAX_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
_FILENAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


# --- response shapes (extra keys allowed: the core may add fields without breaking clients) -------------

class Case(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    ref: str = Field(description="C-0001")
    typology: str
    title: str
    summary: str
    status: str
    period_start: Optional[str] = None
    period_end: Optional[str] = None
    opened_at: str
    opened_by: str


class Dossier(BaseModel):
    model_config = ConfigDict(extra="allow")
    case: Case
    typology: dict[str, Any]
    links: list[dict[str, Any]]
    claims: list[dict[str, Any]] = Field(description="Each with its evidence, grades and corroboration status.")
    correspondence: list[dict[str, Any]] = Field(description="Letters, deadlines and replies.")
    evidence: list[dict[str, Any]]
    as_of: str


class Source(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    kind: str
    interested_party: bool


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    sha256: str
    size: int
    media_type: str
    filename: Optional[str] = None
    kind: str
    title: Optional[str] = None
    description: Optional[str] = None
    source: Source
    origin_chain: list[str]
    reliability: str
    reliability_reason: Optional[str] = None
    credibility: int
    grade: str = Field(description="Admiralty grade, e.g. B2")
    collected_at: Optional[str] = None
    collected_by: Optional[str] = None
    captured_at: Optional[str] = None
    url: Optional[str] = Field(None, description="Where the analyst found it; never fetched by the server.")
    language: Optional[str] = None
    machine_translated: bool
    metadata: dict[str, Any]
    case_id: Optional[int] = None
    added_at: str
    added_by: str
    file_url: str = Field(description="Where to download the re-verified bytes.")


class Claim(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    case_id: int
    text: str
    status: str
    created_at: str
    created_by: str
    updated_at: str
    corrections: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    reviews: list[dict[str, Any]]


class Attachment(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    claim_id: int
    evidence_id: int
    relation: str
    created_at: str
    created_by: str


class Reply(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    letter_id: int
    received_at: str
    summary: str
    assessment: Optional[str] = None
    evidence_id: Optional[int] = None
    late: bool


class Letter(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    case_id: int
    claim_id: Optional[int] = None
    evidence_id: Optional[int] = None
    party: str
    party_kind: str
    subject: str
    summary: str
    sent_at: str
    deadline: str
    created_at: str
    created_by: str
    replies: list[Reply]


class Verification(BaseModel):
    model_config = ConfigDict(extra="allow")
    ok: bool
    entries: int
    evidence_checked: int
    problems: list[str]
    first_broken: Optional[str] = None
    head: str


# --- request bodies -----------------------------------------------------------------------------------

class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    typology: str = Field(max_length=100, description="A typology id of the catalogue, e.g. sts-transfer.")
    title: str = Field(min_length=1, max_length=500)
    summary: str = Field("", max_length=20000)
    period_start: Optional[str] = Field(None, max_length=40, description="ISO date or time")
    period_end: Optional[str] = Field(None, max_length=40)


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=20000)
    evidence_ids: list[RowId] = Field([], max_length=500, description="Supporting evidence items.")


class AttachIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    evidence_id: RowId
    relation: Literal[RELATIONS] = "supports"  # type: ignore[valid-type]


class LetterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    party: str = Field(min_length=1, max_length=500)
    party_kind: Literal[PARTY_KINDS]  # type: ignore[valid-type]
    subject: str = Field(min_length=1, max_length=1000)
    summary: str = Field(min_length=1, max_length=20000)
    sent_at: Optional[str] = Field(None, max_length=40)
    deadline: Optional[str] = Field(None, max_length=40, description="Default: sent_at + the reply_days setting.")
    claim_id: Optional[RowId] = None
    evidence_id: Optional[RowId] = None


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    received_at: str = Field(max_length=40)
    summary: str = Field(min_length=1, max_length=20000)
    assessment: Optional[str] = Field(None, max_length=20000)
    evidence_id: Optional[RowId] = None


# --- access ------------------------------------------------------------------------------------------

def _store(request: Request) -> Any:
    return request.app.state.store


def _case_id(value: str) -> int:
    cid = parse_case_id(value)
    if not 0 < cid <= MAX_ID:
        raise HTTPException(404, f"case {value!r} does not exist")
    return cid


def _visible_case(principal: Principal, case_id: int) -> int:
    if not can_see_case(principal, case_id):
        # The core's message for a missing case, so that a limited key learns nothing from the answer.
        raise HTTPException(404, f"case {case_ref(case_id)} does not exist")
    return case_id


def _visible_evidence(request: Request, principal: Principal, evidence_id: int) -> None:
    if principal.case_ids is None:
        return
    allowed = any(can_see_case(principal, c) for c in evidence_cases(evidence_id, store=_store(request)))
    if not allowed:
        raise HTTPException(404, f"evidence {evidence_id} does not exist")


def _with_url(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "file_url": f"/api/evidence/{item['id']}/file"}


def _filename(name: Optional[str]) -> Optional[str]:
    """The client's file name as metadata: last path component, no control characters, bounded."""
    if not name:
        return None
    base = _FILENAME_UNSAFE.sub("", re.split(r"[\\/]", name)[-1]).strip()
    return base[-200:] or None


# --- cases -------------------------------------------------------------------------------------------

@router.get("/api/cases", response_model=list[Case], summary="Cases this key may see, by id")
def list_cases(request: Request, typology: Optional[str] = Query(None, max_length=100),
               since: Optional[str] = Query(None, max_length=40, description="Cases whose period overlaps it"),
               until: Optional[str] = Query(None, max_length=40),
               principal: Principal = Depends(require("read"))) -> list[dict[str, Any]]:
    rows = core.list_cases(store=_store(request), typology=typology, since=since, until=until)
    return [c for c in rows if can_see_case(principal, c["id"])]


@router.post("/api/cases", response_model=Case, status_code=201, summary="Open a case under a typology")
def open_case(request: Request, body: CaseIn, principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    if principal.case_ids is not None:
        scope = ", ".join(case_ref(c) for c in principal.case_ids) or "(none)"
        raise HTTPException(403, f"API key {principal.key_id} ({principal.name}) is limited to cases {scope}; "
                                 f"it cannot open new ones")
    try:
        get_typology(body.typology)
    except NotFound as exc:
        raise ConfigError(str(exc)) from None   # a wrong field of the body, not a missing resource: 400
    return core.open_case(body.typology, body.title, summary=body.summary, period_start=body.period_start,
                          period_end=body.period_end, store=_store(request), actor=principal.actor)


# Before /api/cases/{case_id}, which would otherwise take "verify" for a case id.
@router.get("/api/cases/verify", response_model=Verification,
            summary="Re-hash the evidence files and walk the audit chain (admin)")
def verify(request: Request, _key: Principal = Depends(require("admin"))) -> dict[str, Any]:
    return core.verify_cases(store=_store(request))


@router.get("/api/cases/{case_id}", response_model=Dossier,
            summary="A case's dossier: links, claims with evidence and corroboration, letters and replies")
def dossier(request: Request, case_id: str, as_of: Optional[str] = Query(None, max_length=40),
            principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    cid = _visible_case(principal, _case_id(case_id))
    data = core.case_dossier(cid, store=_store(request), as_of=as_of)
    data["evidence"] = [_with_url(e) for e in data["evidence"]]
    return data


@router.post("/api/cases/{case_id}/evidence", response_model=Evidence, status_code=201,
             summary="Upload an evidence file with its source, origin chain and grade")
def upload_evidence(
        request: Request, case_id: str,
        file: UploadFile = File(..., description="The item; stored by its SHA-256."),
        source: str = Form(..., min_length=1, max_length=500, description="Who provided it."),
        source_kind: Literal[SOURCE_KINDS] = Form(...),  # type: ignore[valid-type]
        origin: str = Form(..., min_length=1, max_length=2000,
                           description="Origin chain, originator first: 'UN 1718 Committee > News agency Z'."),
        kind: Optional[Literal[KINDS]] = Form(  # type: ignore[valid-type]
            None, description="Default: from the media type."),
        reliability: Optional[Literal["A", "B", "C", "D", "E", "F"]] = Form(
            None, description="Admiralty reliability; default by source kind (a different one needs a reason)."),
        reliability_reason: Optional[str] = Form(None, max_length=2000),
        credibility: int = Form(6, ge=1, le=6),
        collected_at: Optional[str] = Form(None, max_length=40),
        captured_at: Optional[str] = Form(None, max_length=40),
        language: Optional[str] = Form(None, max_length=20),
        machine_translated: bool = Form(False),
        title: Optional[str] = Form(None, max_length=1000),
        description: Optional[str] = Form(None, max_length=20000),
        url: Optional[str] = Form(None, max_length=2000, description="Where it was found; stored, never fetched."),
        resolution_m: Optional[float] = Form(None, gt=0, le=1e6),
        principal: Principal = Depends(require("analyst"))) -> Any:
    cid = _visible_case(principal, _case_id(case_id))
    limit = limits.setting("api_max_upload_bytes")
    chunks: list[bytes] = []
    size = 0
    # The middleware bounds the whole body; this bounds the file itself, whatever the body's framing.
    while block := file.file.read(READ_CHUNK):
        size += len(block)
        if size > limit:
            return error_response(413, f"evidence upload to case {case_ref(cid)} is over the limit of {limit} "
                                       f"bytes (setting SANCTIONWATCH_API_MAX_UPLOAD_BYTES)")
        chunks.append(block)
    item = core.add_evidence(b"".join(chunks), filename=_filename(file.filename), kind=kind, source=source,
                             source_kind=source_kind, origin_chain=origin, collected_at=collected_at,
                             captured_at=captured_at, reliability=reliability,
                             reliability_reason=reliability_reason, credibility=credibility, language=language,
                             machine_translated=machine_translated, title=title, description=description, url=url,
                             resolution_m=resolution_m, case_id=cid, store=_store(request), actor=principal.actor)
    return _with_url(item)


# --- claims ------------------------------------------------------------------------------------------

@router.post("/api/cases/{case_id}/claims", response_model=Claim, status_code=201,
             summary="Add a claim, optionally resting on evidence items")
def add_claim(request: Request, case_id: str, body: ClaimIn,
              principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    cid = _visible_case(principal, _case_id(case_id))
    for evidence_id in body.evidence_ids:
        _visible_evidence(request, principal, evidence_id)
    return core.add_claim(cid, body.text, evidence_ids=body.evidence_ids, store=_store(request),
                          actor=principal.actor)


@router.post("/api/claims/{claim_id}/evidence", response_model=Attachment, status_code=201,
             summary="Attach an evidence item to a claim as supporting or contradicting it")
def attach(request: Request, claim_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: AttachIn,
           principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    with _store(request).read() as conn:
        claim = require_claim(conn, claim_id)
    if not can_see_case(principal, claim["case_id"]):
        raise HTTPException(404, f"claim {claim_id} does not exist")
    _visible_evidence(request, principal, body.evidence_id)
    return core.attach_evidence(claim_id, body.evidence_id, relation=body.relation, store=_store(request),
                                actor=principal.actor)


# --- letters and replies -----------------------------------------------------------------------------

@router.post("/api/cases/{case_id}/letters", response_model=Letter, status_code=201,
             summary="Record a letter giving a party the evidence and a deadline to reply")
def send_letter(request: Request, case_id: str, body: LetterIn,
                principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    cid = _visible_case(principal, _case_id(case_id))
    if body.claim_id is not None:
        # The core refuses a claim of another case naming that case: a limited key must not learn that a
        # claim of a case it cannot see exists, nor which case it belongs to.
        with _store(request).read() as conn:
            owner = conn.execute(select(case_claims.c.case_id).where(case_claims.c.id == body.claim_id)).scalar()
        if owner is None or not can_see_case(principal, owner):
            raise HTTPException(404, f"claim {body.claim_id} does not exist")
    if body.evidence_id is not None:
        _visible_evidence(request, principal, body.evidence_id)
    return core.send_letter(cid, party=body.party, party_kind=body.party_kind, subject=body.subject,
                            summary=body.summary, sent_at=body.sent_at, deadline=body.deadline,
                            claim_id=body.claim_id, evidence_id=body.evidence_id, store=_store(request),
                            actor=principal.actor)


@router.post("/api/letters/{letter_id}/replies", response_model=Reply, status_code=201,
             summary="Record a party's reply to a letter, with its assessment")
def record_reply(request: Request, letter_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: ReplyIn,
                 principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    with _store(request).read() as conn:
        owner = conn.execute(select(case_letters.c.case_id).where(case_letters.c.id == letter_id)).scalar()
    if owner is None or not can_see_case(principal, owner):
        raise HTTPException(404, f"letter {letter_id} does not exist")
    if body.evidence_id is not None:
        _visible_evidence(request, principal, body.evidence_id)
    return core.record_reply(letter_id, received_at=body.received_at, summary=body.summary,
                             assessment=body.assessment, evidence_id=body.evidence_id, store=_store(request),
                             actor=principal.actor)


# --- evidence ----------------------------------------------------------------------------------------

@router.get("/api/evidence/{evidence_id}", response_model=Evidence, summary="An evidence item's metadata and grade")
def evidence(request: Request, evidence_id: Annotated[int, Path(ge=1, le=MAX_ID)],
             principal: Principal = Depends(require("read"))) -> dict[str, Any]:
    _visible_evidence(request, principal, evidence_id)
    return _with_url(core.get_evidence(evidence_id, store=_store(request)))


@router.get("/api/evidence/{evidence_id}/file", response_class=Response,
            responses={200: {"description": "The file's bytes, re-hashed against the recorded SHA-256.",
                             "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                 "format": "binary"}}}}},
            summary="Download an evidence file (re-verified; 409 when it no longer matches its hash)")
def evidence_file(request: Request, evidence_id: Annotated[int, Path(ge=1, le=MAX_ID)],
                  principal: Principal = Depends(require("read"))) -> Response:
    _visible_evidence(request, principal, evidence_id)
    item = core.get_evidence(evidence_id, store=_store(request))
    try:
        data = core.read_evidence(evidence_id, store=_store(request))
    except IntegrityError as exc:
        # The stored bytes no longer match the hash recorded when they were added: refuse to serve them.
        return error_response(409, str(exc))
    except NotFound as exc:
        # The item exists (get_evidence above), its stored file does not: the store is inconsistent, as
        # for an altered file; the message names the item, never a filesystem path.
        return error_response(409, str(exc))
    name = _filename(item["filename"]) or f"evidence-{evidence_id}"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    # Always a download, never rendered: an uploaded HTML or SVG file must not run in the app's origin.
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "X-Evidence-SHA256": item["sha256"],
        "X-Evidence-Media-Type": item["media_type"],
    })
