"""The peer: OpenSanctions' nomenklatura logic-v2 (the default algorithm of yente), run as yente runs it.

Runs INSIDE the peer virtual environment (benchmarks/.peer-venv, made by peer_env.py); it imports
nothing from sanctionwatch, only nomenklatura and followthemoney. run.py calls it in a subprocess.

How yente scores (checked in the installed nomenklatura 4.17.4 and in yente's source):
``LogicV2.compare(query, result, config)`` with two followthemoney entities and a ``ScoringConfig``;
yente passes ``ScoringConfig.defaults()`` and ``compare`` fills each unset option of
``LogicV2.CONFIG`` with its default. The query entity is built like yente's
``Entity.from_example``: each value added uncleaned with ``fuzzy=True`` (so "Iraq" becomes "iq"),
then ``combine_names`` (names from firstName/lastName parts) and country hints. The list side
is our own FtM export (already cleaned values), read with ``ValueEntity(..., cleaned=True)``.
A result is a match at yente's default threshold 0.7 (``SCORE_THRESHOLD``).

Modes (JSON lines in, JSON lines out; ``-`` or no --input means stdin/stdout):

  score   {"id", "query": {"schema", "properties"}, "candidate": {"schema", "properties"}}
          -> {"id", "score"}
  speed   same input (rows with "warmup": true only warm up); on ONE core (the process is pinned to
          one CPU): the first pass over the pairs, then whole passes for at least --seconds; prints
          one JSON object with pairs/second for dict -> entities -> score (the work our
          compare_entities does from dicts), first pass and repeated, for compare() alone
          (entities built beforehand, as yente has them from its Elasticsearch hits), and for
          compare() with entities shared across pairs (one per distinct query / list entry, as yente
          reuses its query entity and the id-keyed caches serve list entries already seen).
  screen  --targets FILE (FtM JSON lines of the list); input {"id", "schema", "properties"}
          -> {"id", "n_scored", "results": [{"id", "score"}, ... best --limit first]}.
          BRUTE FORCE: every query is scored against every target entity whose schema can match.
          logic-v2 has no index or candidate generation of its own; in yente, Elasticsearch
          proposes the candidates (MATCH_PAGE * MATCH_CANDIDATES of them) and logic-v2 only
          scores those. Brute force therefore gives logic-v2 every chance: its recall here is an
          upper bound of yente's, and its false-positive count too (ES can only drop candidates).
          --workers N splits the queries over N processes (a quality measurement, not a speed one).
  info    prints the versions of nomenklatura, followthemoney and rigour.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from typing import Any, Iterable, Iterator

from followthemoney import ValueEntity, model, registry
from followthemoney.helpers import combine_names
from nomenklatura.matching.logic_v2.model import LogicV2

ALGORITHM = LogicV2
THRESHOLD = 0.7  # yente settings.SCORE_THRESHOLD default


def versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"algorithm": ALGORITHM.NAME}
    for dist in ("nomenklatura", "followthemoney", "rigour"):
        try:
            out[dist] = version(dist)
        except Exception:  # pragma: no cover - informational only
            out[dist] = "?"
    out["python"] = sys.version.split()[0]
    return out


_SERIAL = itertools.count()


def query_entity(data: dict[str, Any], prefix: str = "q") -> ValueEntity:
    """A query entity built as yente's Entity.from_example builds one.

    Each gets a new id: logic-v2 memoises name analysis in lru_caches keyed on the entity, whose
    hash and equality are its id alone, so a reused id would return another entity's names.
    """
    schema = model.get(data.get("schema") or "LegalEntity")
    if schema is None:
        raise ValueError(f"unknown schema {data.get('schema')!r}")
    entity = ValueEntity(schema, {"id": f"{prefix}-{next(_SERIAL)}"})
    for prop_name, values in (data.get("properties") or {}).items():
        prop = schema.get(prop_name)
        if prop is None:
            continue
        if isinstance(values, str):
            values = [values]
        for value in values:
            if value is None or value == "":
                continue
            entity.unsafe_add(prop, str(value), cleaned=False, fuzzy=True)
    combine_names(entity)
    countries = entity.get_type_values(registry.country)
    for prop, value in list(entity.itervalues()):
        hint = prop.type.country_hint(value)
        if hint is not None and hint not in countries:
            entity.add("country", hint, cleaned=True)
    return entity


def list_entity(data: dict[str, Any]) -> ValueEntity | None:
    schema = model.get(data.get("schema", ""))
    if schema is None:
        return None
    body = {"id": data.get("id"), "properties": data.get("properties") or {}}
    return ValueEntity(schema, body, cleaned=True)


def read_lines(path: str | None) -> Iterator[dict[str, Any]]:
    handle = sys.stdin if path in (None, "-") else open(path, encoding="utf-8")
    try:
        for line in handle:
            line = line.strip()
            if line:
                yield json.loads(line)
    finally:
        if handle is not sys.stdin:
            handle.close()


def open_output(path: str | None):
    if path in (None, "-"):
        return sys.stdout
    return open(path, "w", encoding="utf-8")


def pin_one_core() -> int | None:
    """Pin this process to one CPU; returns the CPU or None where affinity is not available."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[0]})
        return cpus[0]
    except (AttributeError, OSError):
        return None


# --- modes -----------------------------------------------------------------------------------


def cmd_score(args: argparse.Namespace) -> None:
    config = ALGORITHM.default_config()
    out = open_output(args.output)
    for row in read_lines(args.input):
        query = query_entity(row["query"], "q")
        candidate = query_entity(row["candidate"], "c")
        score = ALGORITHM.compare(query, candidate, config).score
        out.write(json.dumps({"id": row["id"], "score": round(float(score), 6)}) + "\n")
    out.flush()


def cmd_speed(args: argparse.Namespace) -> None:
    rows = list(read_lines(args.input))
    warmup = [r for r in rows if r.get("warmup")]
    rows = [r for r in rows if not r.get("warmup")]
    cpu = pin_one_core()
    config = ALGORITHM.default_config()

    def build(row: dict[str, Any]) -> tuple[ValueEntity, ValueEntity]:
        return query_entity(row["query"], "q"), query_entity(row["candidate"], "c")

    # Warm-up on pairs of OTHER names (the "warmup" rows): loads rigour's reference data and compiles
    # its patterns, as a running yente has done long before, without warming the string caches for
    # the timed names. Then: the first pass over the timed pairs (string-level lru caches cold), then
    # repeated passes (warm). Every pass builds NEW entities (new ids), so no pair is ever served from
    # the id-keyed name caches filled by an earlier pass or pair.
    for row in warmup:
        q, c = build(row)
        ALGORITHM.compare(q, c, config)

    def from_dicts() -> float:
        start = time.perf_counter()
        for row in rows:
            q, c = build(row)
            ALGORITHM.compare(q, c, config)
        return time.perf_counter() - start

    def compare_only() -> float:
        built = [build(r) for r in rows]  # untimed
        start = time.perf_counter()
        for q, c in built:
            ALGORITHM.compare(q, c, config)
        return time.perf_counter() - start

    def timed(fn) -> tuple[float, int]:
        passes, total = 0, 0.0
        while total < args.seconds or passes < args.min_passes:
            total += fn()
            passes += 1
        return total, passes

    def compare_shared() -> float:
        # as yente and the brute force score: one entity per distinct query and per distinct list
        # entry, reused across its pairs, so the id-keyed caches serve each entity's name analysis
        # after its first pair (new ids each pass: nothing carries over between passes)
        cache: dict[str, ValueEntity] = {}

        def get(data: dict[str, Any], prefix: str) -> ValueEntity:
            key = prefix + json.dumps(data, sort_keys=True)
            if key not in cache:
                cache[key] = query_entity(data, prefix)
            return cache[key]

        built = [(get(r["query"], "q"), get(r["candidate"], "c")) for r in rows]  # untimed
        start = time.perf_counter()
        for q, c in built:
            ALGORITHM.compare(q, c, config)
        return time.perf_counter() - start

    t_first = from_dicts()
    t_dict, p_dict = timed(from_dicts)
    t_cmp, p_cmp = timed(compare_only)
    t_shr, p_shr = timed(compare_shared)
    result = {
        "pairs": len(rows),
        "warmup_pairs": len(warmup),
        "cpu": cpu,
        "first_pass_pairs_per_s": len(rows) / t_first,
        "from_dicts_pairs_per_s": len(rows) * p_dict / t_dict,
        "from_dicts_passes": p_dict,
        "compare_only_pairs_per_s": len(rows) * p_cmp / t_cmp,
        "compare_only_passes": p_cmp,
        "compare_shared_pairs_per_s": len(rows) * p_shr / t_shr,
        "compare_shared_passes": p_shr,
        "versions": versions(),
    }
    print(json.dumps(result))


def _screen_chunk(payload: tuple[list[dict[str, Any]], str, int]) -> list[dict[str, Any]]:
    queries, targets_path, limit = payload
    config = ALGORITHM.default_config()
    targets = _load_targets(targets_path)
    out = []
    for row in queries:
        query = query_entity(row, "q")  # one entity per query, scored against every target
        scored: list[tuple[float, str]] = []
        n = 0
        for target in targets:
            if not query.schema.can_match(target.schema):
                continue
            n += 1
            score = ALGORITHM.compare(query, target, config).score
            if score > 0.0:
                scored.append((score, target.id or ""))
        scored.sort(key=lambda t: -t[0])
        out.append(
            {
                "id": row["id"],
                "n_scored": n,
                "results": [{"id": i, "score": round(float(s), 6)} for s, i in scored[:limit]],
            }
        )
    return out


_TARGETS: dict[str, list[ValueEntity]] = {}


def _load_targets(path: str) -> list[ValueEntity]:
    if path not in _TARGETS:
        targets = []
        for data in read_lines(path):
            if not data.get("target"):
                continue
            entity = list_entity(data)
            if entity is not None and entity.schema.matchable:
                targets.append(entity)
        _TARGETS[path] = targets
    return _TARGETS[path]


def cmd_screen(args: argparse.Namespace) -> None:
    queries = list(read_lines(args.input))
    targets = _load_targets(args.targets)  # loaded before forking, shared copy-on-write
    workers = max(1, args.workers)
    size = max(1, (len(queries) + workers * 8 - 1) // (workers * 8))
    chunks = [(queries[i : i + size], args.targets, args.limit) for i in range(0, len(queries), size)]
    start = time.perf_counter()
    out = open_output(args.output)
    if workers == 1:
        results: Iterable[list[dict[str, Any]]] = map(_screen_chunk, chunks)
        for chunk in results:
            for line in chunk:
                out.write(json.dumps(line) + "\n")
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            for chunk in pool.imap(_screen_chunk, chunks):
                for line in chunk:
                    out.write(json.dumps(line) + "\n")
    out.flush()
    elapsed = time.perf_counter() - start
    summary = {"queries": len(queries), "targets": len(targets), "workers": workers, "seconds": elapsed}
    print(json.dumps(summary), file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("score", help="score pairs")
    p.add_argument("--input", "-i", default="-")
    p.add_argument("--output", "-o", default="-")
    p = sub.add_parser("speed", help="pairs/second on one core")
    p.add_argument("--input", "-i", default="-")
    p.add_argument("--seconds", type=float, default=5.0, help="least time of each timed phase")
    p.add_argument("--min-passes", type=int, default=1)
    p = sub.add_parser("screen", help="brute-force screening of queries against a list")
    p.add_argument("--targets", required=True, help="FtM JSON lines of the list")
    p.add_argument("--input", "-i", default="-")
    p.add_argument("--output", "-o", default="-")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--workers", type=int, default=1)
    sub.add_parser("info", help="versions")
    args = parser.parse_args(argv)
    if args.mode == "score":
        cmd_score(args)
    elif args.mode == "speed":
        cmd_speed(args)
    elif args.mode == "screen":
        cmd_screen(args)
    else:
        print(json.dumps(versions()))


if __name__ == "__main__":
    main()
