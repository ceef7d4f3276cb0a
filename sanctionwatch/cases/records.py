"""Cases and their links to list entities, vessels, maritime events, media items and other cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from sanctionwatch.cases import audit
from sanctionwatch.cases.catalogue import get_typology
from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store
from sanctionwatch.store.schema import case_links, cases

LINK_KINDS = ("entity", "vessel", "event", "media", "case")


def case_ref(case_id: int) -> str:
    return f"C-{case_id:04d}"


def parse_case_id(value: int | str) -> int:
    """``3``, ``"3"`` or ``"C-0003"`` -> 3."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.upper().startswith("C-"):
        text = text[2:]
    try:
        return int(text)
    except ValueError:
        raise ConfigError(f"case {value!r}: not a case id (a number or C-0001)") from None


def case_dict(state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["id"], "ref": case_ref(state["id"]), "typology": state["typology"],
            "title": state["title"], "summary": state["summary"], "status": state["status"],
            "period_start": state["period_start"], "period_end": state["period_end"],
            "opened_at": state["opened_at"], "opened_by": state["opened_by"]}


def link_dict(state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["id"], "case_id": state["case_id"], "kind": state["kind"], "ref": state["ref"],
            "label": state["label"], "data": state["data"], "created_at": state["created_at"],
            "created_by": state["created_by"]}


def require_case(conn: Connection, case_id: int) -> dict[str, Any]:
    row = conn.execute(select(cases).where(cases.c.id == case_id)).mappings().first()
    if row is None:
        raise NotFound(f"case {case_ref(case_id)} does not exist")
    return audit.row_state(cases, row)


def open_case(typology: str, title: str, *, summary: str = "", period_start: datetime | str | None = None,
              period_end: datetime | str | None = None, store: Store | None = None,
              actor: str | None = None) -> dict[str, Any]:
    """Open a case under a typology of the catalogue."""
    get_typology(typology)
    if not title or not title.strip():
        raise ConfigError("open case: the title is empty")
    start = audit.to_utc(period_start, "open case: period start")
    end = audit.to_utc(period_end, "open case: period end")
    if start and end and end < start:
        raise ConfigError(f"open case: period end {audit.iso(end)} is before its start {audit.iso(start)}")
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        state = audit.write_insert(conn, "case", {
            "typology": typology, "title": title.strip(), "summary": summary or "", "status": "open",
            "period_start": start, "period_end": end, "opened_at": at, "opened_by": actor,
        }, action="case.open", actor=actor, at=at)
    return case_dict(state)


def get_case(case_id: int | str, *, store: Store | None = None) -> dict[str, Any]:
    store = audit.resolve(store)
    with store.read() as conn:
        return case_dict(require_case(conn, parse_case_id(case_id)))


def list_cases(*, store: Store | None = None, typology: str | None = None, since: datetime | str | None = None,
               until: datetime | str | None = None) -> list[dict[str, Any]]:
    """Cases by id. ``since``/``until`` keep cases whose period (or, without one, opening day) overlaps them."""
    since_ = audit.to_utc(since, "list cases: since")
    until_ = audit.to_utc(until, "list cases: until")
    store = audit.resolve(store)
    query = select(cases).order_by(cases.c.id)
    if typology:
        query = query.where(cases.c.typology == typology)
    with store.read() as conn:
        rows = [audit.row_state(cases, r) for r in conn.execute(query).mappings()]
    out = []
    for state in rows:
        start = audit.parse_iso(state["period_start"] or state["opened_at"])
        end = audit.parse_iso(state["period_end"] or state["period_start"] or state["opened_at"])
        if since_ and end < since_:
            continue
        if until_ and start > until_:
            continue
        out.append(case_dict(state))
    return out


def link(case_id: int | str, kind: str, ref: str, *, label: str | None = None, data: dict[str, Any] | None = None,
         store: Store | None = None, actor: str | None = None) -> dict[str, Any]:
    """Link a case to something it concerns. Linking the same (kind, ref) again returns the first link
    unchanged: a link records that the case concerns the thing, once."""
    if kind not in LINK_KINDS:
        raise ConfigError(f"link: kind {kind!r}: use one of {', '.join(LINK_KINDS)}")
    ref = str(ref).strip()
    if not ref:
        raise ConfigError("link: the reference is empty")
    cid = parse_case_id(case_id)
    store = audit.resolve(store)
    actor = actor or audit.default_actor()
    at = audit.now()
    with store.write_exclusive() as conn:
        require_case(conn, cid)
        if kind == "case":
            other = parse_case_id(ref)
            require_case(conn, other)
            ref = case_ref(other)
        existing = conn.execute(select(case_links).where(case_links.c.case_id == cid, case_links.c.kind == kind,
                                                         case_links.c.ref == ref)).mappings().first()
        if existing is not None:
            return link_dict(audit.row_state(case_links, existing))
        state = audit.write_insert(conn, "link", {
            "case_id": cid, "kind": kind, "ref": ref, "label": label, "data": data,
            "created_at": at, "created_by": actor,
        }, action="case.link", actor=actor, at=at)
    return link_dict(state)
