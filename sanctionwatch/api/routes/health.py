"""Liveness and readiness, without a key: orchestrators and load balancers probe them.

``/healthz`` says the process answers and touches nothing. ``/readyz`` says whether there is anything to
screen against, with each list's current release date and its age, so monitoring can alert on stale
lists. Neither returns list contents.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from sanctionwatch.errors import StoreError
from sanctionwatch.lists.catalog import list_releases

router = APIRouter(tags=["Health"])


class StatusResponse(BaseModel):
    status: str = Field("ok", examples=["ok"])


class ListFreshness(BaseModel):
    source: str
    release_id: int
    date: str | None = Field(None, description="Publication date the list states (YYYY-MM-DD).")
    published: str | None = None
    loaded_at: str | None = None
    age_days: int | None = Field(None, description="Whole days since publication (since loading when the "
                                                  "list states no date).")


class ReadyResponse(BaseModel):
    status: str = Field(..., examples=["ok", "not ready"])
    ready: bool
    lists: list[ListFreshness]
    checked_at: str
    detail: str | None = None


@router.get("/healthz", response_model=StatusResponse, summary="Liveness: the server process answers")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _age_days(release: dict[str, Any], today: date) -> int | None:
    stamp = release.get("date") or release.get("published") or release.get("loaded_at")
    if not stamp:
        return None
    try:
        day = date.fromisoformat(str(stamp)[:10])
    except ValueError:
        return None
    return (today - day).days


@router.get("/readyz", response_model=ReadyResponse, summary="Readiness: lists are loaded, with their age",
            responses={503: {"model": ReadyResponse, "description": "No list is loaded, or the store is "
                                                                     "unreachable."}})
def readyz(request: Request) -> Any:
    now = datetime.now(timezone.utc)
    try:
        current = [r for r in list_releases(request.app.state.store) if r["current"]]
    except (StoreError, SQLAlchemyError) as exc:
        body = ReadyResponse(status="not ready", ready=False, lists=[], checked_at=now.isoformat(),
                             detail=f"store unreachable: {str(exc).splitlines()[0][:200]}")
        return JSONResponse(body.model_dump(), status_code=503)
    lists = [ListFreshness(source=r["source"], release_id=r["id"], date=r["date"], published=r["published"],
                           loaded_at=r["loaded_at"], age_days=_age_days(r, now.date())) for r in current]
    if not lists:
        body = ReadyResponse(status="not ready", ready=False, lists=[], checked_at=now.isoformat(),
                             detail="no list is loaded: nothing to screen against (sanctionwatch lists load ...)")
        return JSONResponse(body.model_dump(), status_code=503)
    return ReadyResponse(status="ok", ready=True, lists=lists, checked_at=now.isoformat())
