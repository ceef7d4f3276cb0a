"""Differences between two releases (or two files) of a list: added, removed, changed designations.

Designations are keyed by their stable entity id (the UN reference number, not the DATAID that a
record may be given anew), so a re-keyed record is one designation that changed, not a removal
plus an addition.
"""

from __future__ import annotations

from typing import Any

from sanctionwatch.lists.programs import matches_program


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["entity_id"], "reference": row["reference"], "caption": row["caption"],
            "schema": row["schema"], "programs": row["programs"] or []}


def field_changes(old: dict[str, list[str]], new: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    changes = {}
    for name in sorted(set(old) | set(new)):
        before, after = set(old.get(name, [])), set(new.get(name, []))
        if before != after:
            changes[name] = {"removed": sorted(before - after), "added": sorted(after - before)}
    return changes


def diff_targets(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]],
                 program: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """``old``/``new`` map entity id to target rows (entity_id, reference, caption, schema, programs,
    record, record_hash). A designation counts under ``program`` if it is in it on either side."""
    def wanted(key: str) -> bool:
        rows = [r for r in (old.get(key), new.get(key)) if r]
        return any(matches_program(r["programs"] or [], program) for r in rows)

    added = [_summary(new[k]) for k in sorted(new) if k not in old and wanted(k)]
    removed = [_summary(old[k]) for k in sorted(old) if k not in new and wanted(k)]
    changed = []
    for key in sorted(set(old) & set(new)):
        if old[key]["record_hash"] == new[key]["record_hash"] or not wanted(key):
            continue
        item = _summary(new[key])
        item["changes"] = field_changes(old[key]["record"] or {}, new[key]["record"] or {})
        changed.append(item)
    return {"added": added, "removed": removed, "changed": changed}
