"""Reading the lists: releases, statistics, and one entity with its sanctions and provenance.

Entities that share an id across sources (a ship keyed by its IMO number in the UN 1718 list and
in OFAC's SDN list) are merged when read, each value still naming the source and release it came from.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from followthemoney.proxy import EntityProxy
from sqlalchemy import Connection, func, or_, select

from sanctionwatch.errors import NotFound
from sanctionwatch.lists.records import entity_data
from sanctionwatch.lists.releases import _iso
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import entities, releases, sources


def _release_dict(row: Any, current: set[int]) -> dict[str, Any]:
    return {
        "id": row.id, "source": row.source, "date": row.published_date, "published": _iso(row.published_at),
        "published_basis": row.published_basis, "sha256": row.sha256, "files": row.files,
        "loaded_at": _iso(row.loaded_at), "designations": row.designations, "entities": row.entities,
        "current": row.id in current, "forced": row.forced, "warnings": len(row.warnings or []),
        "note": row.note,
    }


def current_ids(conn: Connection) -> dict[str, int]:
    return {r.name: r.current_release_id for r in conn.execute(select(sources)) if r.current_release_id}


def list_releases(store: Store | None = None, source: str | None = None) -> list[dict[str, Any]]:
    store = store or open_store()
    with store.read() as conn:
        current = set(current_ids(conn).values())
        query = select(releases).order_by(releases.c.source, releases.c.id)
        if source:
            query = query.where(releases.c.source == source)
        return [_release_dict(r, current) for r in conn.execute(query)]


def get_release(conn: Connection, release_id: int) -> dict[str, Any]:
    row = conn.execute(select(releases).where(releases.c.id == release_id)).first()
    if row is None:
        raise NotFound(f"release {release_id} does not exist (see `sanctionwatch lists releases`)")
    return _release_dict(row, set(current_ids(conn).values())) | {"warning_texts": row.warnings}


def list_stats(store: Store | None = None) -> list[dict[str, Any]]:
    """Rows ``{source, program, schema, count}`` of designations in the current releases."""
    store = store or open_store()
    with store.read() as conn:
        out = []
        for name, release_id in sorted(current_ids(conn).items()):
            counts = conn.execute(select(releases.c.counts).where(releases.c.id == release_id)).scalar_one()
            out.extend({"source": name, **row} for row in counts)
        return out


def _find_ids(conn: Connection, key: str, current: list[int]) -> list[str]:
    key = key.strip()
    hits = conn.execute(select(entities.c.entity_id).where(
        entities.c.release_id.in_(current),
        or_(entities.c.entity_id == key, func.lower(entities.c.reference) == key.lower()))).scalars().all()
    if not hits and key.isdigit() and len(key) == 7:
        hits = conn.execute(select(entities.c.entity_id).where(
            entities.c.release_id.in_(current), entities.c.entity_id == f"imo-{key}")).scalars().all()
    return sorted(set(hits))


def show_entity(key: str, store: Store | None = None) -> dict[str, Any]:
    """The entity with this id, reference (KPi.008, an OFAC ent_num) or IMO number, merged over the
    current releases, with its sanctions, related entities and each value's provenance."""
    store = store or open_store()
    with store.read() as conn:
        current = current_ids(conn)
        release_source = {rid: name for name, rid in current.items()}
        ids = _find_ids(conn, key, list(current.values()))
        if not ids:
            raise NotFound(f"no entity with id, reference or IMO {key!r} in the current releases")
        if len(ids) > 1:
            raise NotFound(f"{key!r} names {len(ids)} entities ({', '.join(ids[:5])}); give the id")
        entity_id = ids[0]
        rows = conn.execute(select(entities).where(entities.c.entity_id == entity_id,
                                                   entities.c.release_id.in_(list(current.values())))).all()
        related_ids = sorted({rid for r in rows for rid in (r.related_ids or [])})
        related_rows = conn.execute(select(entities).where(
            entities.c.entity_id.in_(related_ids), entities.c.release_id.in_([r.release_id for r in rows]))).all() \
            if related_ids else []
        published = {r.id: _iso(r.published_at) for r in conn.execute(
            select(releases.c.id, releases.c.published_at).where(releases.c.id.in_(list(current.values()))))}

    def provenance(row: Any) -> list[dict[str, Any]]:
        return [{"prop": p, "value": v, "original": o, "lang": lang, "source": release_source[row.release_id],
                 "release": row.release_id, "published": published[row.release_id]}
                for p, v, o, lang in row.statements]

    merged = _merge([r.data for r in rows])
    grouped: dict[str, list[Any]] = defaultdict(list)
    for r in related_rows:
        grouped[r.entity_id].append(r)
    related = []
    for rid, group in sorted(grouped.items()):
        data = _merge([g.data for g in group])
        data["provenance"] = [s for g in group for s in provenance(g)]
        related.append(data)
    result = merged
    result["sanctions"] = [r for r in related if r["schema"] == "Sanction"]
    result["related"] = [r for r in related if r["schema"] != "Sanction"]
    result["listings"] = [{"source": release_source[r.release_id], "release": r.release_id,
                           "reference": r.reference, "programs": r.programs, "listed_on": r.listed_on,
                           "keys": r.keys} for r in rows if r.target]
    result["provenance"] = [s for r in rows for s in provenance(r)]
    return result


def _merge(dicts: list[dict[str, Any]]) -> dict[str, Any]:
    proxy: EntityProxy | None = None
    datasets: list[str] = []
    for data in dicts:
        datasets.extend(data.get("datasets", []))
        other = EntityProxy.from_dict({"id": data["id"], "schema": data["schema"],
                                       "properties": data.get("properties", {})}, cleaned=True)
        proxy = other if proxy is None else proxy.merge(other)
    assert proxy is not None
    out = entity_data(proxy)
    out["caption"] = proxy.caption
    out["datasets"] = sorted(set(datasets))
    return out


__all__ = ["list_releases", "list_stats", "show_entity", "get_release", "current_ids"]
