"""From a parsed list to what the store keeps: entity rows, flattened designation records, counts.

The flattened record of a designation (its own fields plus those of its sanction, documents and
addresses, and its source keys) is what diffs compare, so that a new passport or a new DATAID
shows up as a field-level change of the designation it belongs to.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from followthemoney import EntityProxy, StatementEntity, registry

from sanctionwatch.lists.parsed import Designation, ParsedList


@contextlib.contextmanager
def cycle_gc_paused():
    """Building a release allocates a few hundred thousand small objects and no garbage cycles worth
    collecting; the cycle collector's repeated passes over them tripled the time to build the rows
    of OFAC's 2024 list (5.6 s with, 1.9 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class ReleaseRows:
    entity_rows: list[dict[str, Any]]
    counts: list[dict[str, Any]]
    designations: int
    warnings: list[str] = field(default_factory=list)

    def targets(self) -> dict[str, dict[str, Any]]:
        return {r["entity_id"]: r for r in self.entity_rows if r["target"]}


def statements_of(entity: StatementEntity) -> list[list[str | None]]:
    # Read the entity's statement sets directly: ``entity.statements`` also hashes a key for every
    # statement, which is most of a large list's load time and not needed here.
    return sorted([s.prop, s.value, s.original_value, s.lang]
                  for stmts in entity._statements.values() for s in stmts if s.prop != "id")


def entity_data(entity: EntityProxy) -> dict[str, Any]:
    """``entity.to_dict()`` with its properties and each one's values sorted: FtM keeps values as sets
    (of statements) and hands them back in an order that changes with the process's hash seed, so two
    loads of one file would store, export and screen the same entity differently."""
    data = entity.to_dict()
    data["properties"] = {prop: sorted(values) for prop, values in sorted(data.get("properties", {}).items())}
    return data


def _plain_props(entity: StatementEntity) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for prop in entity.iterprops():
        if prop.type == registry.entity:
            continue
        out[prop.name] = sorted(entity.get(prop))
    return out


def flatten(designation: Designation) -> dict[str, list[str]]:
    record: dict[str, set[str]] = {}
    for name, values in _plain_props(designation.entity).items():
        record.setdefault(name, set()).update(values)
    for rel in designation.related:
        for name, values in _plain_props(rel).items():
            record.setdefault(f"{rel.schema.name}.{name}", set()).update(values)
    for key, value in designation.keys.items():
        record.setdefault(f"key.{key}", set()).add(str(value))
    record["programs"] = set(designation.programs)
    record["schema"] = {designation.entity.schema.name}
    return {k: sorted(v) for k, v in sorted(record.items()) if v}


def record_hash(record: dict[str, list[str]]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _merge_duplicates(designations: list[Designation], warnings: list[str]) -> list[Designation]:
    """One ship listed twice (or one record repeated) must stay one entity in a release."""
    by_id: dict[str, Designation] = {}
    for d in designations:
        key = d.entity.id or ""
        if key not in by_id:
            by_id[key] = d
            continue
        first = by_id[key]
        warnings.append(f"designations {first.reference} and {d.reference} share entity id {key}; merged")
        first.entity.merge(d.entity)
        first.related.extend(d.related)
        first.programs = sorted(set(first.programs) | set(d.programs))
        refs = first.keys.get("other_references", "")
        first.keys["other_references"] = ";".join(filter(None, [refs, d.reference]))
        for k, v in d.keys.items():
            first.keys.setdefault(k, v)
    return list(by_id.values())


def build_rows(parsed: ParsedList) -> ReleaseRows:
    warnings = parsed.report.warnings()
    designations = _merge_duplicates(parsed.designations, warnings)
    rows: dict[str, dict[str, Any]] = {}
    counts: Counter = Counter()
    for d in designations:
        entity = d.entity
        record = flatten(d)
        related_ids = sorted({r.id for r in d.related if r.id and r.id != entity.id})
        rows[entity.id] = {
            "entity_id": entity.id,
            "schema": entity.schema.name,
            "caption": entity.caption,
            "target": True,
            "reference": d.reference,
            "programs": sorted(set(d.programs)),
            "keys": dict(d.keys),
            "listed_on": d.listed_on,
            "related_ids": related_ids,
            "record": record,
            "record_hash": record_hash(record),
            "data": entity_data(entity),
            "statements": statements_of(entity),
        }
        for program in sorted(set(d.programs)) or [""]:
            counts[(program, entity.schema.name)] += 1
    # A related entity shared by several designations (one owner of many vessels) is one row; when
    # two different objects describe it, their values are merged. Serialised once, at the end.
    related: dict[str, StatementEntity] = {}
    for d in designations:
        for rel in d.related:
            if not rel.id or rel.id in rows:
                continue
            known = related.setdefault(rel.id, rel)
            if known is not rel:
                known.merge(rel)
    for rel_id, rel in related.items():
        rows[rel_id] = {
            "entity_id": rel_id, "schema": rel.schema.name, "caption": rel.caption, "target": False,
            "reference": None, "programs": None, "keys": None, "listed_on": None, "related_ids": None,
            "record": None, "record_hash": None, "data": entity_data(rel), "statements": statements_of(rel),
        }
    count_rows = [{"program": p, "schema": s, "count": n} for (p, s), n in sorted(counts.items())]
    return ReleaseRows(entity_rows=list(rows.values()), counts=count_rows,
                       designations=len(designations), warnings=warnings)

