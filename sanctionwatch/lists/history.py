"""Comparing releases: ``OLD``/``NEW`` are release ids, ``SOURCE@DATE`` or list files.

Files are parsed without being loaded, so any two published versions can be compared even when
neither is in the store.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.lists import registry
from sanctionwatch.lists.diff import diff_targets
from sanctionwatch.lists.releases import _iso, parse_release, read_files, target_rows
from sanctionwatch.lists.records import build_rows, cycle_gc_paused
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import list_changes, releases

_AT_DATE = re.compile(r"^(?P<source>[\w-]+)@(?P<date>\d{4}-\d{2}-\d{2})$")


def _side(spec: str, store: Store | None, source: str | None) -> tuple[dict[str, dict], dict[str, Any]]:
    spec = spec.strip()
    path = Path(spec)
    if path.is_file():
        files = read_files([path])
        (src, group), *rest = registry.group_by_source(files, source)
        with cycle_gc_paused():
            parsed = parse_release(src, group)
            rows = build_rows(parsed)
        date = parsed.published.date().isoformat() if parsed.published else None
        return rows.targets(), {"file": str(path), "source": src.name, "published": _iso(parsed.published),
                                "date": date}
    store = store or open_store()
    with store.read() as conn:
        if spec.isdigit():
            row = conn.execute(select(releases).where(releases.c.id == int(spec))).first()
        elif match := _AT_DATE.match(spec):
            name = registry.normalize_name(match["source"])
            candidates = conn.execute(select(releases).where(releases.c.source == name)
                                      .order_by(releases.c.id.desc())).all()
            row = next((r for r in candidates if r.published_date == match["date"]), None)
        else:
            raise ConfigError(f"{spec!r} is neither a file, a release id, nor SOURCE@YYYY-MM-DD")
        if row is None:
            raise NotFound(f"no release {spec!r} (see `sanctionwatch lists releases`)")
        return target_rows(conn, row.id), {"release": row.id, "source": row.source,
                                           "published": _iso(row.published_at), "date": row.published_date}


def diff_releases(old: str, new: str, *, program: str | None = None, source: str | None = None,
                  store: Store | None = None) -> dict[str, Any]:
    old_targets, old_info = _side(old, store, source)
    new_targets, new_info = _side(new, store, source)
    result: dict[str, Any] = {"old": old_info, "new": new_info, "program": program}
    result.update(diff_targets(old_targets, new_targets, program))
    dated = new_info.get("date")
    for item in result["removed"]:
        # A delisting is dated by the first release that no longer has it: it happened on or before then.
        item["delisted_by"] = dated
        item["listed_until_at_least"] = old_info.get("date")
    for item in result["added"]:
        item["listed_by"] = dated
    return result


def change_feed(store: Store | None = None, *, since_id: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    """List events recorded as releases became current, oldest first: a feed a client can poll."""
    store = store or open_store()
    with store.read() as conn:
        rows = conn.execute(select(list_changes).where(list_changes.c.id > since_id)
                            .order_by(list_changes.c.id).limit(limit)).mappings().all()
    return [{**dict(r), "date": _iso(r["date"])} for r in rows]
