"""``/api/lists``: releases, the diff of two releases, and the change feed a client polls.

Thin over ``lists.catalog`` and ``lists.history``. A diff side is a release id or ``SOURCE@YYYY-MM-DD``
only: ``history.diff_releases`` also accepts file paths for the CLI, which a request must never reach
(that would let a client make the server parse any file it can name).
"""

from __future__ import annotations

import re
from typing import Any, Optional

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from sanctionwatch.api.auth import Principal, require
from sanctionwatch.errors import ConfigError
from sanctionwatch.lists.catalog import list_releases
from sanctionwatch.lists.history import change_feed, diff_releases

router = APIRouter(prefix="/api/lists", tags=["lists"])

# A release id or SOURCE@YYYY-MM-DD, nothing that could name a file.
_SPEC = re.compile(r"^(\d{1,12}|[A-Za-z0-9_-]{1,100}@\d{4}-\d{2}-\d{2})$")
FEED_MAX = 1000


class Release(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    source: str
    date: Optional[str] = Field(None, description="Publication date (YYYY-MM-DD) as the list states it.")
    published: Optional[str] = None
    published_basis: Optional[str] = None
    sha256: str
    files: list[Any] = []
    loaded_at: Optional[str] = None
    designations: int
    entities: int
    current: bool
    forced: bool
    warnings: int
    note: Optional[str] = None


class Designation(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    reference: Optional[str] = None
    caption: Optional[str] = None
    schema_: Optional[str] = Field(None, alias="schema")
    programs: list[str] = []


class DiffSide(BaseModel):
    model_config = ConfigDict(extra="allow")
    release: Optional[int] = None
    source: Optional[str] = None
    published: Optional[str] = None
    date: Optional[str] = None


class Diff(BaseModel):
    model_config = ConfigDict(extra="allow")
    old: DiffSide
    new: DiffSide
    program: Optional[str] = None
    added: list[Designation]
    removed: list[Designation]
    changed: list[Designation]


class Change(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    source: str
    release_id: int
    previous_release_id: Optional[int] = None
    entity_id: str
    reference: Optional[str] = None
    caption: str
    change: str = Field(description="added, removed or changed")
    date: Optional[str] = None
    changes: Optional[Any] = None


class ChangeFeed(BaseModel):
    changes: list[Change]
    next_since_id: int = Field(description="Pass as since_id on the next poll.")
    more: bool = Field(description="True when the page was full: poll again at once.")


def _store(request: Request) -> Any:
    return request.app.state.store


def _side(name: str, value: str) -> str:
    text = value.strip()
    if not _SPEC.match(text):
        raise ConfigError(f"{name}={value!r}: give a release id or SOURCE@YYYY-MM-DD")
    return text


@router.get("/releases", response_model=list[Release],
            summary="Loaded list releases, oldest first per source")
def releases(request: Request, source: Optional[str] = Query(None, max_length=100),
             _key: Principal = Depends(require("read"))) -> list[dict[str, Any]]:
    return list_releases(_store(request), source=source)


@router.get("/diff", response_model=Diff,
            summary="Additions, removals and changes between two releases")
def diff(request: Request,
         old: str = Query(..., max_length=120, description="Release id or SOURCE@YYYY-MM-DD."),
         new: str = Query(..., max_length=120, description="Release id or SOURCE@YYYY-MM-DD."),
         program: Optional[str] = Query(None, max_length=50, description="e.g. DPRK"),
         source: Optional[str] = Query(None, max_length=100),
         _key: Principal = Depends(require("read"))) -> dict[str, Any]:
    return diff_releases(_side("old", old), _side("new", new), program=program or None, source=source or None,
                         store=_store(request))


@router.get("/changes", response_model=ChangeFeed,
            summary="The list change feed, oldest first; poll with since_id")
def changes(request: Request, since_id: int = Query(0, ge=0, le=2**31 - 1),
            limit: int = Query(100, ge=1, le=FEED_MAX),
            _key: Principal = Depends(require("read"))) -> dict[str, Any]:
    rows = change_feed(_store(request), since_id=since_id, limit=limit)
    return {"changes": rows, "next_since_id": rows[-1]["id"] if rows else since_id, "more": len(rows) == limit}
