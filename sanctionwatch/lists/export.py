"""Exports of the current releases: FtM JSON lines (readable by ``ftm`` and OpenSanctions tools) and
a CSV shaped like OpenSanctions' ``targets.simple.csv``, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from typing import IO, Any, Iterator

from followthemoney import model
from sqlalchemy import func, select

from sanctionwatch.lists.catalog import _merge, current_ids
from sanctionwatch.lists.releases import _iso
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import entities, list_changes, releases

SIMPLE_COLUMNS = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                  "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen",
                  "last_change"]
# OWASP ASVS 1.2.10: a cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def escape_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _current_entities(store: Store) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    """Each entity of the current releases, merged across sources, with its per-release rows."""
    with store.read() as conn:
        current = current_ids(conn)
        rows = conn.execute(select(entities.c.entity_id, entities.c.data, entities.c.target,
                                   entities.c.programs, entities.c.release_id, entities.c.related_ids,
                                   releases.c.source, releases.c.published_at)
                            .join(releases, releases.c.id == entities.c.release_id)
                            .where(entities.c.release_id.in_(list(current.values())))
                            .order_by(entities.c.entity_id)).all()
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.entity_id].append(row)
    for entity_id in sorted(grouped):
        group = grouped[entity_id]
        yield _merge([g.data for g in group]), group


def export_ftm(out: IO[str], store: Store | None = None) -> int:
    store = store or open_store()
    n = 0
    for data, group in _current_entities(store):
        data["target"] = any(g.target for g in group)
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


def _first_seen(store: Store) -> dict[str, str]:
    with store.read() as conn:
        rows = conn.execute(select(entities.c.entity_id, releases.c.published_at, releases.c.loaded_at)
                            .join(releases, releases.c.id == entities.c.release_id)
                            .where(entities.c.target.is_(True))).all()
    seen: dict[str, str] = {}
    for r in rows:
        when = _iso(r.published_at or r.loaded_at) or ""
        if r.entity_id not in seen or when < seen[r.entity_id]:
            seen[r.entity_id] = when
    return seen


def export_csv(out: IO[str], store: Store | None = None) -> int:
    store = store or open_store()
    first_seen = _first_seen(store)
    current = list(_current_entities(store))
    all_data = {data["id"]: data for data, _ in current}
    with store.read() as conn:
        last_change = {r.entity_id: _iso(r.date) for r in conn.execute(
            select(list_changes.c.entity_id, func.max(list_changes.c.date).label("date"))
            .group_by(list_changes.c.entity_id))}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SIMPLE_COLUMNS)
    n = 0
    for data, group in current:
        rows = [g for g in group if g.target]
        if not rows:
            continue
        entity_id = data["id"]
        props = data.get("properties", {})
        related = [all_data[r] for t in rows for r in (t.related_ids or []) if r in all_data]
        identifiers = set()
        schema = model.get(data["schema"])
        for name, values in props.items():
            prop = schema.get(name) if schema else None
            if prop is not None and prop.type.name == "identifier":
                identifiers.update(values)
        for rel in related:
            if rel["schema"] in ("Passport", "Identification"):
                identifiers.update(rel["properties"].get("number", []))
        sanctions = [" - ".join(filter(None, [";".join(s["properties"].get("authority", [])),
                                              ";".join(s["properties"].get("program", []))]))
                     for s in related if s["schema"] == "Sanction"]
        addresses = [a["caption"] for a in related if a["schema"] == "Address"] + props.get("address", [])
        last_seen = max((_iso(t.published_at) or "") for t in rows)
        cells = [
            entity_id, data["schema"], data.get("caption", ""),
            ";".join(sorted(set(props.get("alias", []) + props.get("weakAlias", []) + props.get("previousName", [])
                                + [n for n in props.get("name", []) if n != data.get("caption")]))),
            ";".join(sorted(props.get("birthDate", []))),
            ";".join(sorted(set(props.get("nationality", []) + props.get("country", []) + props.get("flag", [])
                                + props.get("citizenship", [])))),
            ";".join(sorted(set(addresses))),
            ";".join(sorted(identifiers)),
            ";".join(sorted(set(sanctions))),
            ";".join(sorted(props.get("phone", []))),
            ";".join(sorted(props.get("email", []))),
            ";".join(sorted({p for t in rows for p in (t.programs or [])})),
            ";".join(sorted({t.source for t in rows})),
            first_seen.get(entity_id, ""), last_seen, last_change.get(entity_id) or first_seen.get(entity_id, ""),
        ]
        writer.writerow([escape_cell(str(c)) for c in cells])
        n += 1
    return n
