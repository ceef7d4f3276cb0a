"""``POST /api/decisions``: an analyst's decision on one result of an earlier screening, recorded by
``screening.audit.record_decision`` (insert-only) with the key as the actor. It is shown on later
screenings of the same query against the same entity until the entity's record changes."""

from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from sanctionwatch.api.auth import Principal, require
from sanctionwatch.screening.audit import DECISIONS, record_decision

router = APIRouter(prefix="/api/decisions", tags=["screening"])


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    screening_id: int = Field(ge=1, le=2**31 - 1, description="The id a screening returned.")
    entity_id: str = Field(min_length=1, max_length=200, description="One result's entity id.")
    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    note: Optional[str] = Field(None, max_length=5000)


class Decision(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    created_at: str
    actor: str = Field(description="key:<id>:<name> of the key that decided")
    screening_id: int
    fingerprint: str
    entity_id: str
    record_hash: Optional[str] = None
    decision: str
    note: Optional[str] = None


@router.post("", response_model=Decision, status_code=201, summary="Record a decision on a screening result")
def decide(request: Request, body: DecisionIn, principal: Principal = Depends(require("screen"))) -> dict[str, Any]:
    return record_decision(request.app.state.store, screening_id=body.screening_id, entity_id=body.entity_id,
                           decision=body.decision, note=body.note, actor=principal.actor)
