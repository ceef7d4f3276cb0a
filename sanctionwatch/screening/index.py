"""Candidate retrieval: an inverted index from phonetic name keys (and identifiers) to list entities,
so a query scores a few dozen candidates instead of every entity.

Keys survive romanization differences because they are the phonetic keys of each reading of each
name (KY'ONG, Kyung and 경 share one); typos are caught by the first and last four letters of long
tokens. The index is derived data: built from the current releases, cached under the data home by
the ids of those releases, and rebuilt whenever a release becomes current.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sanctionwatch.lists.catalog import _merge, current_ids
from sanctionwatch.lists.records import cycle_gc_paused
from sanctionwatch.screening.names import name_forms
from sanctionwatch.screening.names.glossary import translate_org_name
from sanctionwatch.screening.query import Profile, profile_of
from sanctionwatch.store import Store
from sanctionwatch.store.schema import entities

log = logging.getLogger("sanctionwatch.screening")
# 2: candidate keys from the organisation glossary's newest version (more words translated means more
# candidates proposed; each matcher still scores them its own way).
# 3: list entities' values sorted, and no name made of the first of several values of a name part.
INDEX_FORMAT = "3"
GLOSSARY_VERSION = 2
_MAX_POSTINGS = 3000  # keys shared by more entities than this (e.g. "CO", "KIM") do not select candidates


@dataclass
class Entry:
    id: str
    schema: str
    caption: str
    references: list[str]
    sources: list[str]
    programs: list[str]
    profile: Profile
    record_hash: str
    data: dict[str, Any]


@dataclass
class ScreeningIndex:
    releases: dict[str, int]
    entries: list[Entry] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    by_identifier: dict[str, list[int]] = field(default_factory=dict)

    @property
    def signature(self) -> str:
        return signature_of(self.releases)

    def candidates(self, profile: Profile, limit: int = 40) -> list[int]:
        weights: dict[int, float] = defaultdict(float)
        n = max(len(self.entries), 1)
        # sorted keys and ties broken by entry: the sums and the cut at `limit` must not depend on the
        # order of a set of strings, which changes with each process's hash seed (forked or Spark workers)
        for key in sorted(_profile_keys(profile)):
            posting = self.postings.get(key)
            if not posting or len(posting) > _MAX_POSTINGS:
                continue
            idf = math.log(1 + n / len(posting)) * (0.5 if key[1] == ":" else 1.0)
            for idx in posting:
                weights[idx] += idf
        for prop in sorted(profile.identifiers):
            for value in sorted(profile.identifiers[prop]):
                for idx in self.by_identifier.get(value, ()):
                    weights[idx] += 100.0
        return [idx for idx, _ in heapq.nlargest(limit, weights.items(), key=lambda kv: (kv[1], -kv[0]))]


def signature_of(release_ids: dict[str, int]) -> str:
    text = INDEX_FORMAT + ";" + ";".join(f"{k}={v}" for k, v in sorted(release_ids.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _token_keys(form_keys: tuple[str, ...]) -> list[str]:
    out = []
    for key in form_keys:
        out.append("K" + key)
        if len(key) >= 6:
            out.append("P:" + key[:4])
            out.append("S:" + key[-4:])
    return out


def _profile_keys(profile: Profile) -> set[str]:
    keys: set[str] = set()
    organisation = profile.schema not in ("Person", "Vessel", "Airplane")
    for name in profile.names:
        readings = [name] + (list(translate_org_name(name, GLOSSARY_VERSION)) if organisation else [])
        for reading in readings:
            for form in name_forms(reading, korean_hint=profile.is_korean or reading is not name):
                keys.update(_token_keys(form.keys))
    return keys


def _entries(store: Store) -> tuple[dict[str, int], list[Entry]]:
    with store.read() as conn:
        current = current_ids(conn)
        source_of = {rid: name for name, rid in current.items()}
        rows = conn.execute(select(entities.c.entity_id, entities.c.data, entities.c.reference,
                                   entities.c.programs, entities.c.record_hash, entities.c.release_id,
                                   entities.c.related_ids)
                            .where(entities.c.release_id.in_(list(current.values())),
                                   entities.c.target.is_(True))).all()
        related_wanted = {(r.release_id, rid) for r in rows for rid in (r.related_ids or [])}
        related = {}
        if related_wanted:
            for rr in conn.execute(select(entities.c.entity_id, entities.c.release_id, entities.c.data, entities.c.schema)
                                   .where(entities.c.release_id.in_(list(current.values())),
                                          entities.c.schema.in_(["Passport", "Identification"]))):
                if (rr.release_id, rr.entity_id) in related_wanted:
                    related[(rr.release_id, rr.entity_id)] = rr.data
    grouped: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[r.entity_id].append(r)
    out = []
    for entity_id in sorted(grouped):
        group = grouped[entity_id]
        data = _merge([g.data for g in group])
        # Values come sorted from _merge (records.entity_data), whatever order a store holds them in: the
        # order of names decides ties between them.
        props = {k: list(v) for k, v in data.get("properties", {}).items()}
        for g in group:  # document numbers live on Passport/Identification entities
            for rid in g.related_ids or []:
                doc = related.get((g.release_id, rid))
                if doc:
                    target = "passportNumber" if doc["schema"] == "Passport" else "idNumber"
                    props.setdefault(target, []).extend(doc["properties"].get("number", []))
        out.append(Entry(
            id=entity_id, schema=data["schema"], caption=data.get("caption", entity_id),
            references=sorted({g.reference for g in group if g.reference}),
            sources=sorted({source_of[g.release_id] for g in group}),
            programs=sorted({p for g in group for p in (g.programs or [])}),
            profile=profile_of(data["schema"], props),
            record_hash=hashlib.sha256("".join(sorted(g.record_hash or "" for g in group)).encode()).hexdigest(),
            data=data,
        ))
    return current, out


def build_index(store: Store, *, use_cache: bool = True) -> ScreeningIndex:
    """The index of the current releases: from the cache under the data home when it matches them."""
    with store.read() as conn:
        current = current_ids(conn)
    path = _cache_path(store, signature_of(current))
    if use_cache and path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)  # our own file, written below; never user input
            if isinstance(cached, ScreeningIndex) and cached.signature == signature_of(current):
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    with cycle_gc_paused():
        index = _build(store)
    if use_cache:
        _save(index, _cache_path(store, index.signature))
    return index


def _build(store: Store) -> ScreeningIndex:
    current, items = _entries(store)
    return index_entries(current, items)


def index_entries(releases: dict[str, int], items: list[Entry]) -> ScreeningIndex:
    """The index of these entries (in this order: candidates are their positions)."""
    index = ScreeningIndex(releases=releases, entries=items)
    postings: dict[str, set[int]] = defaultdict(set)
    by_id: dict[str, set[int]] = defaultdict(set)
    for idx, entry in enumerate(items):
        for key in _profile_keys(entry.profile):
            postings[key].add(idx)
        for values in entry.profile.identifiers.values():
            for value in values:
                by_id[value].add(idx)
    index.postings = {k: sorted(v) for k, v in postings.items()}
    index.by_identifier = {k: sorted(v) for k, v in by_id.items()}
    log.info("screening index: %d entities, %d keys", len(items), len(index.postings))
    return index


def _cache_path(store: Store, signature: str) -> Path:
    return store.home / "index" / f"screening-{signature}.pickle"


def _save(index: ScreeningIndex, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("screening-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as fh:
        pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
