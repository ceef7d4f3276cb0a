"""``scan()``: articles in, mention groups with their links out, as plain data for the CLI, the API
and library users."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from sanctionwatch.media.groups import Group, group_mentions
from sanctionwatch.media.ingest import Document, iter_paths, read_document
from sanctionwatch.media.link import DEFAULT_MIN_SCORE, link_group
from sanctionwatch.media.mentions import Mention, find_mentions
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.store import Store, open_store

Progress = Callable[[str, int, int], None]


def _evidence(doc: Document, m: Mention) -> dict[str, Any]:
    a, b = m.sentence
    return {"text": m.text, "kind": m.kind, "start": m.start, "end": m.end, "zone": m.zone,
            "sentence": " ".join(doc.text[a:b].split()), "sentence_start": a, "sentence_end": b}


def group_dict(doc: Document, group: Group, linked: dict[str, Any]) -> dict[str, Any]:
    return {
        "group": group.id, "kind": group.kind, "label": group.label, "names": group.names,
        "identifiers": group.identifiers, "roles": group.roles, "nationalities": group.nationalities,
        "gender": group.gender, "age": group.age, "mentions": [_evidence(doc, m) for m in group.mentions],
        **linked,
    }


def scan_document(doc: Document, index: ScreeningIndex, *, min_score: float = DEFAULT_MIN_SCORE,
                  record: bool = False, store: Store | None = None) -> dict[str, Any]:
    mentions = find_mentions(doc)
    groups = group_mentions(mentions)
    # Ages in the text are as of publication; without a date, as of today.
    year = int(doc.published[:4]) if doc.published and doc.published[:4].isdigit() else date.today().year
    out_groups = [group_dict(doc, g, link_group(g, index, min_score=min_score, record=record, store=store,
                                                year=year))
                  for g in groups]
    others = [{"kind": m.kind, "text": m.text, "value": m.value, "start": m.start, "end": m.end}
              for m in mentions if m.kind in ("place", "date")]
    return {"document": doc.summary(), "groups": out_groups, "places_and_dates": others,
            "linked": sum(1 for g in out_groups if g["links"]), "releases": dict(index.releases)}


def scan(paths: Iterable[str | Path], *, store: Store | None = None, index: ScreeningIndex | None = None,
         min_score: float = DEFAULT_MIN_SCORE, record: bool = False,
         progress: Progress | None = None) -> dict[str, Any]:
    """Scan files and folders of articles against the current lists."""
    files = iter_paths(paths)
    if index is None:
        from sanctionwatch.screening.screener import current_index

        store = store or open_store()
        index = current_index(store)
    if record and store is None:
        store = open_store()
    started = time.perf_counter()
    documents = []
    for i, path in enumerate(files):
        if progress:
            progress("scanning", i, len(files))
        documents.append(scan_document(read_document(path), index, min_score=min_score, record=record, store=store))
    if progress:
        progress("scanning", len(files), len(files))
    elapsed = time.perf_counter() - started
    warnings = [] if index.releases else ["no list is loaded: mentions are found but nothing can be linked "
                                          "(sanctionwatch lists load ...)"]
    return {"documents": documents, "count": len(documents), "seconds": round(elapsed, 3),
            "min_score": min_score, "releases": dict(index.releases), "warnings": warnings}
