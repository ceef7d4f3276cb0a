"""Loading a list file as a release: parse, check, then switch atomically — or refuse and change nothing.

The order matters. Everything that can fail on the content (structure, counts, the drop guard) is
checked before the store is touched. The raw file is then kept by hash, and one transaction, holding
the store's load lock, inserts the release with its entities and list changes and moves the source's
current pointer. A crash or a kill at any point leaves either the old current release or the new one.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import Connection, insert, select, update

from sanctionwatch import settings
from sanctionwatch.errors import LoadRefused, NotFound, SanctionwatchError, SourceFormatError
from sanctionwatch.lists import registry
from sanctionwatch.lists.diff import diff_targets
from sanctionwatch.lists.parsed import ParsedList
from sanctionwatch.lists.records import ReleaseRows, build_rows, cycle_gc_paused
from sanctionwatch.lists.sources.base import ListSource, RawFile
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.blobs import put_blob
from sanctionwatch.store.schema import entities, list_changes, releases, sources

log = logging.getLogger("sanctionwatch.lists")
Progress = Callable[[str, int, int], None]
_INSERT_BATCH = 2000


@dataclass
class LoadResult:
    status: str                 # loaded | unchanged | historical
    source: str
    release_id: int
    published: str | None
    designations: int
    entities: int
    sha256: str
    added: int = 0
    removed: int = 0
    changed: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def release_label(source: str, published: datetime | str | None, release_id: int | None = None) -> str:
    if isinstance(published, datetime):
        published = published.date().isoformat()
    return f"{source} {published or 'undated'}" + (f" (release {release_id})" if release_id is not None else "")


def _label_of(release: dict[str, Any]) -> str:
    return release_label(release["source"], release["published_date"] or release["published_at"], release["id"])


def read_files(paths: Iterable[str | Path]) -> list[RawFile]:
    files = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise NotFound(f"{path}: no such file")
        files.append(RawFile(name=str(path), data=path.read_bytes()))
    return files


def parse_release(source: ListSource, files: Sequence[RawFile]) -> ParsedList:
    try:
        return source.parse(list(files))
    except SanctionwatchError:
        raise
    except Exception as exc:  # a parser bug or an input it never expected: one line, not a traceback
        names = ", ".join(f.name for f in files)
        raise SourceFormatError(f"cannot be read as {source.name}: {type(exc).__name__}: {exc}",
                                file=names) from exc


def _manifest_sha(files: Sequence[RawFile]) -> str:
    if len(files) == 1:
        return files[0].sha256
    lines = sorted(f"{f.basename.lower()} {f.sha256}" for f in files)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def current_release(conn: Connection, source: str) -> dict[str, Any] | None:
    row = conn.execute(select(releases).join(sources, sources.c.current_release_id == releases.c.id)
                       .where(sources.c.name == source)).mappings().first()
    return dict(row) if row else None


def target_rows(conn: Connection, release_id: int) -> dict[str, dict[str, Any]]:
    cols = [entities.c.entity_id, entities.c.reference, entities.c.caption, entities.c.programs,
            entities.c.record, entities.c.record_hash, entities.c.schema]
    rows = conn.execute(select(*cols).where(entities.c.release_id == release_id, entities.c.target.is_(True)))
    return {r.entity_id: dict(r._mapping) for r in rows}


def _check_bounds(source: ListSource, rows: ReleaseRows, label: str, still: str) -> None:
    n = rows.designations
    if n < source.min_designations or n > source.max_designations:
        raise LoadRefused(f"{label}: {n} designations, outside the {source.min_designations}–"
                          f"{source.max_designations} expected of {source.name} (truncated or wrong file?); "
                          f"release not loaded, {still}; use --force to accept it")


def _check_drop(old: dict[str, dict], new: dict[str, dict], label: str, still: str) -> None:
    if not old:
        return
    removed = [k for k in old if k not in new]
    share = len(removed) / len(old)
    limit = float(settings.get("max_drop_share"))
    if share > limit:
        examples = ", ".join(sorted(str(old[k]["reference"]) for k in removed)[:5])
        raise LoadRefused(f"{label}: would remove {len(removed)} of {len(old)} current designations "
                          f"({share:.1%}, more than {limit:.0%}; e.g. {examples}); release not loaded, "
                          f"{still}; use --force to accept the removals")


def _insert_rows(conn: Connection, release_id: int, rows: ReleaseRows, progress: Progress | None) -> None:
    total = len(rows.entity_rows)
    log.info("writing %d entities of release %d to the store", total, release_id)
    for start in range(0, total, _INSERT_BATCH):
        batch = [{**r, "release_id": release_id} for r in rows.entity_rows[start:start + _INSERT_BATCH]]
        conn.execute(insert(entities), batch)
        if progress:
            progress("writing", min(start + _INSERT_BATCH, total), total)


def _record_changes(conn: Connection, source: str, release_id: int, previous: dict | None,
                    old: dict[str, dict], new: dict[str, dict], date: datetime | None) -> tuple[int, int, int]:
    if previous is None:
        return len(new), 0, 0
    result = diff_targets(old, new)
    events = []
    for kind in ("added", "removed", "changed"):
        for item in result[kind]:
            events.append({"source": source, "release_id": release_id, "previous_release_id": previous["id"],
                           "entity_id": item["id"], "reference": item["reference"], "caption": item["caption"],
                           "change": kind, "date": date, "changes": item.get("changes")})
    if events:
        conn.execute(insert(list_changes), events)
    return len(result["added"]), len(result["removed"]), len(result["changed"])


def load_release(store: Store, source: ListSource, files: Sequence[RawFile], *, force: bool = False,
                 published: datetime | None = None, note: str | None = None,
                 progress: Progress | None = None) -> LoadResult:
    with cycle_gc_paused():
        return _load_release(store, source, files, force=force, published=published, note=note,
                             progress=progress)


def _load_release(store: Store, source: ListSource, files: Sequence[RawFile], *, force: bool,
                  published: datetime | None, note: str | None, progress: Progress | None) -> LoadResult:
    with store.read() as conn:
        before = current_release(conn, source.name)
    still = (f"{_label_of(before)} still current"
             if before else f"no {source.name} release loaded")
    names = ", ".join(f.basename for f in files)
    try:
        log.info("parsing %s as %s", names, source.name)
        if progress:
            progress("parsing", 0, 1)
        parsed = parse_release(source, files)
    except SanctionwatchError as exc:
        raise exc.annotate(f"{source.name}: ", f"; release not loaded, {still}")
    stated = parsed.published or published
    when = utc(stated)
    day = stated.date().isoformat() if stated else None
    basis = parsed.published_basis if parsed.published else ("given" if published else "none")
    label = f"{release_label(source.name, day)} ({names})"
    rows = build_rows(parsed)
    if not force:
        _check_bounds(source, rows, label, still)
    digest = _manifest_sha(files)
    new_targets = rows.targets()

    with store.write_exclusive() as conn:
        existing = conn.execute(select(releases.c.id, releases.c.published_at)
                                .where(releases.c.source == source.name, releases.c.sha256 == digest)).first()
        if existing:
            return LoadResult("unchanged", source.name, existing.id, _iso(existing.published_at),
                              rows.designations, len(rows.entity_rows), digest,
                              message=f"{label}: identical to release {existing.id}; nothing to do")
        previous = current_release(conn, source.name)  # re-read under the lock: another load may have won
        still = (f"{_label_of(previous)} still current"
                 if previous else f"no {source.name} release loaded")
        older = bool(previous and when and utc(previous["published_at"]) and when < utc(previous["published_at"]))
        old_targets = target_rows(conn, previous["id"]) if previous else {}
        if not older and not force:
            _check_drop(old_targets, new_targets, label, still)

        for raw in files:
            put_blob(store.blob_dir, raw.data)
        now = datetime.now(timezone.utc)
        release_id = conn.execute(insert(releases).values(
            source=source.name, published_at=when, published_date=day, published_basis=basis, sha256=digest,
            files=[{"name": f.name, "sha256": f.sha256, "size": len(f.data)} for f in files],
            loaded_at=now, parser_version=source.parser_version, designations=rows.designations,
            entities=len(rows.entity_rows), counts=rows.counts, warnings=rows.warnings, forced=force,
            note=note)).inserted_primary_key[0]
        _insert_rows(conn, release_id, rows, progress)
        if older:
            status = "historical"
            added = removed = changed = 0
            message = f"{label}: stored as release {release_id}, older than the current one; {still}"
        else:
            added, removed, changed = _record_changes(conn, source.name, release_id, previous,
                                                      old_targets, new_targets, when)
            _set_current(conn, source.name, release_id, now)
            status = "loaded"
            message = (f"{label}: loaded as release {release_id}, now current: {rows.designations} designations"
                       + (f" ({added} added, {removed} removed, {changed} changed)" if previous else ""))
        log.info("committing release %d", release_id)
    return LoadResult(status, source.name, release_id, _iso(when), rows.designations, len(rows.entity_rows),
                      digest, added, removed, changed, rows.warnings, message)


def _set_current(conn: Connection, source: str, release_id: int, now: datetime) -> None:
    done = conn.execute(update(sources).where(sources.c.name == source)
                        .values(current_release_id=release_id, updated_at=now)).rowcount
    if not done:
        conn.execute(insert(sources).values(name=source, current_release_id=release_id, updated_at=now))


def _iso(value: datetime | None) -> str | None:
    value = utc(value)
    return value.isoformat().replace("+00:00", "Z") if value else None


def load_lists(paths: Iterable[str | Path | RawFile], *, source: str | None = None,
               force: bool = False, published: datetime | None = None, note: str | None = None,
               store: Store | None = None, progress: Progress | None = None) -> list[LoadResult]:
    """Load files as releases: files of one source form one release (OFAC's CSV set)."""
    files = [p if isinstance(p, RawFile) else read_files([p])[0] for p in paths]
    store = store or open_store()
    try:
        groups = registry.group_by_source(files, source)
    except SanctionwatchError as exc:
        still = "nothing loaded, current releases unchanged"
        if source:
            with store.read() as conn:
                before = current_release(conn, registry.normalize_name(source))
            if before:
                still = f"release not loaded, {_label_of(before)} still current"
        raise exc.annotate("", f"; {still}")
    return [load_release(store, src, group, force=force, published=published, note=note, progress=progress)
            for src, group in groups]


def update_lists(names: Sequence[str] = (), *, force: bool = False, store: Store | None = None,
                 progress: Progress | None = None) -> list[LoadResult | SanctionwatchError]:
    """Download each source from its official URL and load it. One source failing does not stop the
    others; its error is returned in its place (and its previous release stays current)."""
    from sanctionwatch.lists.fetch import fetch, source_urls

    store = store or open_store()
    wanted = [registry.get_source(n) for n in names] or [cls() for cls in registry.source_classes()
                                                         if cls.update_urls]
    outcomes: list[LoadResult | SanctionwatchError] = []
    for source in wanted:
        urls = source_urls(source)
        if not urls:
            outcomes.append(SourceFormatError(f"{source.name}: no machine-readable official file to download "
                                              f"({source.url}); load a file with `lists load`"))
            continue
        with store.read() as conn:
            before = current_release(conn, source.name)
        still = (f"{_label_of(before)} still current"
                 if before else "nothing loaded")
        try:
            downloads = [fetch(url) for url in urls.values()]
            files = [d.file for d in downloads]
            modified = max((d.last_modified for d in downloads if d.last_modified), default=None)
            result = load_release(store, source, files, force=force, published=modified, progress=progress,
                                  note="downloaded from " + ", ".join(urls.values()))
            outcomes.append(result)
        except SanctionwatchError as exc:
            if not str(exc).startswith(source.name):
                exc.annotate(f"{source.name}: ", f"; {still}")
            outcomes.append(exc)
    return outcomes
