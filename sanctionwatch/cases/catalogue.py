"""The typology catalogue shipped in ``sanctionwatch/data/cases/typologies.json``."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from sanctionwatch.errors import ConfigError, NotFound

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "cases" / "typologies.json"
EVENT_TYPES = ("gap", "encounter", "loitering", "port_visit", "zone_entry", "identity", "designated_vessel")
_FIELDS = ("id", "name", "description", "paragraphs", "measure_ids", "signals", "event_types")


@functools.lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Any], ...]:
    try:
        entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))["typologies"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"typology catalogue {CATALOGUE}: {exc}") from exc
    seen: set[str] = set()
    for entry in entries:
        missing = [f for f in _FIELDS if f not in entry]
        where = f"typology catalogue {CATALOGUE.name}, {entry.get('id', '?')}"
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        if entry["id"] in seen:
            raise ConfigError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if not entry["paragraphs"]:
            raise ConfigError(f"{where}: no resolution paragraph")
        unknown = set(entry["event_types"]) - set(EVENT_TYPES)
        if unknown:
            raise ConfigError(f"{where}: unknown event types {', '.join(sorted(unknown))}")
    return tuple(entries)


def typologies() -> list[dict[str, Any]]:
    """Every typology, in catalogue order (copies: callers may change them freely)."""
    return copy.deepcopy(list(_load()))


def get_typology(typology_id: str) -> dict[str, Any]:
    for entry in _load():
        if entry["id"] == typology_id:
            return copy.deepcopy(entry)
    raise NotFound(f"typology {typology_id!r} is not in the catalogue; known: "
                   f"{', '.join(e['id'] for e in _load())}")
