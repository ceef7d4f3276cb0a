"""Screening benchmark: our matcher and OpenSanctions' nomenklatura logic-v2 (yente's default) measured
IN THE SAME RUN, on the same inputs. Figures only, never asserted.

    .venv/bin/python benchmarks/screening/run.py [--quick] [--peer-only | --ours-only] [--json FILE]

What it does, in order (see benchmarks/README.md for what every figure means):
  0. makes sure the peer's own venv exists (peer_env.py: nomenklatura from PyPI, in benchmarks/.peer-venv);
     loads the UN consolidated list into a temporary SANCTIONWATCH_HOME and exports it as FtM JSON lines
     with our CLI (the peer screens against that export: the same entities, the same values);
  1. name bench (nomenklatura's 826 judged name pairs): precision / recall / F1 at 0.7, overall, per
     case_group and for the non-ASCII pairs; the peer is also cross-checked against upstream's frozen
     logic-v2 scores; plus watchman's ~22 cross-script pairs;
  2. yente's candidate-generation sets against the UN list: share of the 683 UN positives found (clean
     and with typos) and share of the 100,000 synthetic negatives flagged;
  3. our DPRK cross-script set (data/dprk_cross_script.csv): share found per script and system;
  4. speed: pairs per second on one core for both on the same pairs; ours end to end (queries/second
     against UN + OFAC), our batch of 100,000 names on 2 cores, the memory of our index.

The peer runs in a subprocess in its own venv (peer_logic_v2.py); our side is imported here. The peer
screens by brute force (logic-v2 has no index of its own: in yente, Elasticsearch proposes the candidates)
and so, on the 2 cores of this machine, on a documented SAMPLE of the negatives (and, with --quick, of
everything); the sample sizes are printed next to each figure, and ours is reported on the same sample too.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import gc
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import peer_env  # noqa: E402

THRESHOLD = 0.7  # yente's default SCORE_THRESHOLD; the name bench's threshold upstream
SEED = 1718

BENCH = "benchmarks"
NAME_CASES = f"{BENCH}/nomenklatura-name-bench/cases.csv"
NAME_FROZEN = f"{BENCH}/nomenklatura-name-bench/logicv2-frozen.csv"
YENTE = f"{BENCH}/yente-candidate-generation"
WATCHMAN = f"{BENCH}/watchman-cross-script/cross_script_pairs.csv"
UN_XML = "lists/un/consolidated_2026-02-27.xml"
OFAC_CSV = "lists/ofac/sdn-csv-2024-05-03/sdn.csv"
XSCRIPT = HERE / "data" / "dprk_cross_script.csv"

# Warm-up pairs for the speed runs, of names found in none of the timed sets: they load each side's
# reference data (transliteration tables, name lists) without warming its caches for the timed names.
WARMUP = [
    ("Person", "Erika Mustermann", "Erika Musterman"), ("Person", "Пётр Сидоров", "Pyotr Sidorov"),
    ("Person", "王小明", "Wang Xiaoming"), ("Person", "박민수", "Bak Min-su"), ("Person", "أحمد يوسف", "Ahmad Yusuf"),
    ("Person", "Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"), ("Company", "Acme Widgets GmbH", "ACME Widgets Ltd"),
    ("Organization", "Example Relief Foundation", "Exemplary Relief Foundation"), ("Vessel", "OCEAN STARLING", "OCEAN STARLNG"),
    ("LegalEntity", "Quuxbridge Holdings SA", "Quuxbridge Holding S.A."),
    # a bracketed acronym and "of <country>": ours checks both against the country names, loaded once
    ("Company", "Zyxwal Trading Company (ZTC) of Panama", "Zyxwal Trading Company"),
]


def warmup_pairs() -> list[dict[str, Any]]:
    out = []
    for i, (schema, a, b) in enumerate(WARMUP):
        props_q: dict[str, list[str]] = {"name": [a]}
        props_c: dict[str, list[str]] = {"name": [b]}
        if schema == "Person":
            props_q.update(birthDate=["1970-05-01"], nationality=["de"], gender=["female"])
            props_c.update(birthDate=["1970"], nationality=["at"])
        out.append({"id": f"wu-{i}", "warmup": True, "query": {"schema": schema, "properties": props_q},
                    "candidate": {"schema": schema, "properties": props_c}})
    return out


# ---------------------------------------------------------------------------------------------------
# small helpers


def shared_data() -> Path:
    """SANCTIONWATCH_SHARED_DATA (our settings), a relative path taken from the repository root."""
    try:
        from sanctionwatch import settings

        path = Path(settings.shared_data())
    except ImportError:
        path = Path(os.environ.get("SANCTIONWATCH_SHARED_DATA", "../shared/data")).expanduser()
    return path if path.is_absolute() else (ROOT / path).resolve()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for key, label in (("HANGUL", "Hangul"), ("CJK", "Han"), ("CYRILLIC", "Cyrillic"), ("ARABIC", "Arabic"),
                               ("HIRAGANA", "Japanese"), ("KATAKANA", "Japanese"), ("GREEK", "Greek"),
                               ("HEBREW", "Hebrew"), ("THAI", "Thai"), ("LATIN", "Latin")):
                if key in name:
                    return label
            return "other"
    return "other"


def rss_mib() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class pinned_to_one_core:
    """Pin this process to one CPU for a timing, then restore its affinity."""

    def __enter__(self) -> int | None:
        try:
            self.before = os.sched_getaffinity(0)
            cpu = sorted(self.before)[0]
            os.sched_setaffinity(0, {cpu})
            return cpu
        except (AttributeError, OSError):
            self.before = None
            return None

    def __exit__(self, *exc: Any) -> None:
        if self.before is not None:
            os.sched_setaffinity(0, self.before)


def fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def ratio(ours: float | None, peer: float | None) -> str:
    if ours is None or peer is None or peer == 0:
        return "—"
    return f"{ours / peer:.2f}x"


def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  " + "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for row in cells:
        print("  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))


def prf(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float | int]:
    tp = fp = fn = tn = 0
    for truth, predicted in pairs:
        if truth and predicted:
            tp += 1
        elif predicted:
            fp += 1
        elif truth:
            fn += 1
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": tp + fp + fn + tn, "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1}


def share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def share_cell(counts: tuple[int, int] | None) -> str:
    """'653 = 96.03%' (hits and share of n); '—' when that side was not run."""
    if counts is None:
        return "—"
    hits, total = counts
    return f"{hits:,} = {100 * hits / total:.2f}%" if total else "—"


# ---------------------------------------------------------------------------------------------------
# the list: loaded into a temporary home, exported as FtM for the peer, mapped for "found"


@dataclass
class ListData:
    home: Path
    ftm: Path
    entities: list[dict[str, Any]]  # targets only
    reference_of: dict[str, str]  # entity id -> UN reference (from the Sanction entities' unscId)
    by_name: dict[str, set[str]] = field(default_factory=dict)  # normalised name/alias -> entity ids


def load_store(home: Path, paths: list[Path]):
    from sanctionwatch import load_lists, open_store

    home.mkdir(parents=True, exist_ok=True)
    store = open_store(url=f"sqlite:///{home}/sw.db", home=home)
    load_lists(paths, store=store)
    return store


def export_ftm(home: Path, out: Path) -> None:
    """Our CLI, as a user would: sanctionwatch lists export --format ftm, in that home."""
    env = dict(os.environ, SANCTIONWATCH_HOME=str(home), SANCTIONWATCH_DATABASE_URL=f"sqlite:///{home}/sw.db")
    cli = Path(sys.executable).with_name("sanctionwatch")
    cmd = [str(cli)] if cli.exists() else [sys.executable, "-m", "sanctionwatch"]
    done = subprocess.run(cmd + ["lists", "export", "--format", "ftm", "--output", str(out)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"sanctionwatch lists export failed ({done.returncode}):\n{done.stderr}")


def read_list(home: Path, ftm: Path) -> ListData:
    all_entities = read_jsonl(ftm)
    reference_of = {}
    for e in all_entities:
        if e.get("schema") == "Sanction":
            for ent in e["properties"].get("entity", []):
                for ref in e["properties"].get("unscId", []):
                    reference_of[ent] = ref
    targets = [e for e in all_entities if e.get("target")]
    data = ListData(home, ftm, targets, reference_of)
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in targets:
        for prop in ("name", "alias", "weakAlias", "previousName"):
            for value in e["properties"].get(prop, []):
                by_name[norm(value)].add(e["id"])
    data.by_name = dict(by_name)
    return data


def strip(entity: dict[str, Any]) -> dict[str, Any]:
    return {"schema": entity["schema"], "properties": entity["properties"]}


# ---------------------------------------------------------------------------------------------------
# inputs


def name_bench_pairs(root: Path) -> list[dict[str, Any]]:
    out = []
    for i, row in enumerate(read_csv(root / NAME_CASES)):
        out.append({
            "id": f"nb-{i}", "set": "name_bench", "group": row["case_group"], "truth": row["is_match"].lower() == "true",
            "non_ascii": not (is_ascii(row["name1"]) and is_ascii(row["name2"])), "row": row,
            "query": {"schema": row["schema"], "properties": {"name": [row["name1"]]}},
            "candidate": {"schema": row["schema"], "properties": {"name": [row["name2"]]}},
        })
    return out


def watchman_pairs(root: Path) -> list[dict[str, Any]]:
    out = []
    with (root / WATCHMAN).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            query, expected, *_ = next(csv.reader([line]))
            out.append({
                "id": f"wm-{len(out)}", "set": "watchman", "script": script_of(query), "truth": True,
                "query": {"schema": "Person", "properties": {"name": [query]}},
                "candidate": {"schema": "Person", "properties": {"name": [expected]}},
            })
    return out


def person_query(row: dict[str, str]) -> dict[str, Any]:
    """A yente fixture row as a query, the way yente's benchmark.py builds its EntityExample."""
    props: dict[str, list[str]] = {"name": [row["full_name"]]}
    for prop, column in (("birthDate", "date_of_birth"), ("nationality", "nationality"), ("firstName", "first_name"),
                         ("lastName", "last_name"), ("middleName", "middle_name"), ("birthPlace", "place_of_birth"),
                         ("gender", "gender")):
        if row.get(column):
            props[prop] = [row[column]]
    return {"schema": "Person", "properties": props}


def map_positives(untreated: list[dict[str, str]], un: ListData) -> tuple[list[set[str] | None], dict[str, int]]:
    """Expected UN entity ids for each positive row.

    The fixtures were made (upstream) from OpenSanctions' un_sc_sanctions export: full_name is that
    entity's first `name`. A row is mapped to the entities of our UN export whose name or an alias
    equals it (NFKC, case-folded, whitespace collapsed); failing that, with a trailing " na" dropped
    (an upstream artefact: "FAIZULLAH KHAN NOORZAI na"). Several entities with the name: those whose
    birth dates share the row's year, else all of them (one person listed under two regimes). Rows
    mapped to nothing are people delisted since upstream made the file; they are left out, and counted.
    The treated (typo) file is row-aligned with the untreated one, so the same mapping serves both.
    """
    stats = {"exact": 0, "fallback": 0, "ambiguous": 0, "unmapped": 0}
    by_id = {e["id"]: e for e in un.entities}
    out: list[set[str] | None] = []
    for row in untreated:
        name = norm(row["full_name"])
        ids = set(un.by_name.get(name, ()))
        if ids:
            stats["exact"] += 1
        else:
            trimmed = name[:-3] if name.endswith(" na") else name
            ids = set(un.by_name.get(trimmed, ()))
            if ids:
                stats["fallback"] += 1
        ids = {i for i in ids if by_id[i]["schema"] == "Person"}
        if len(ids) > 1:
            year = (row.get("date_of_birth") or "")[:4]
            narrowed = {i for i in ids if any(d.startswith(year) for d in by_id[i]["properties"].get("birthDate", []))}
            ids = narrowed if year and narrowed else ids
            if len(ids) > 1:
                stats["ambiguous"] += 1
        if not ids:
            stats["unmapped"] += 1
            out.append(None)
        else:
            out.append(ids)
    return out, stats


@dataclass
class Query:
    id: str
    set: str
    query: dict[str, Any]
    expected: set[str] = field(default_factory=set)  # lower-cased entity ids and references
    meta: dict[str, str] = field(default_factory=dict)


def expected_keys(ids: Iterable[str], un: ListData) -> set[str]:
    keys = set()
    for i in ids:
        keys.add(i.lower())
        if i in un.reference_of:
            keys.add(un.reference_of[i].lower())
    return keys


def build_queries(root: Path, un: ListData, args: argparse.Namespace) -> dict[str, Any]:
    rnd = random.Random(SEED)
    untreated = read_csv(root / YENTE / "positives_un_untreated.csv")
    treated = read_csv(root / YENTE / "positives_un_treated.csv")
    mapping, map_stats = map_positives(untreated, un)
    pos_clean, pos_typo = [], []
    for i, (clean, typo, ids) in enumerate(zip(untreated, treated, mapping)):
        if ids is None:
            continue
        keys = expected_keys(ids, un)
        pos_clean.append(Query(f"pc-{i}", "positives_clean", person_query(clean), keys))
        pos_typo.append(Query(f"pt-{i}", "positives_typos", person_query(typo), keys))
    n_pos_all = len(pos_clean)
    if args.positives is not None and args.positives < len(pos_clean):
        pick = sorted(rnd.sample(range(len(pos_clean)), args.positives))
        pos_clean = [pos_clean[i] for i in pick]
        pos_typo = [pos_typo[i] for i in pick]

    negatives: list[Query] = []
    for name in ("negatives_global.csv", "negatives_us.csv"):
        for i, row in enumerate(read_csv(root / YENTE / name)):
            negatives.append(Query(f"n{name[10]}-{i}", "negatives", person_query(row)))
    n_neg_all = len(negatives)
    if args.negatives is not None and args.negatives < len(negatives):
        negatives = [negatives[i] for i in sorted(rnd.sample(range(len(negatives)), args.negatives))]
    # the peer's sample: half from each file, seeded
    half = args.peer_negatives // 2
    glob = [q for q in negatives if q.id.startswith("ng-")]
    us = [q for q in negatives if q.id.startswith("nu-")]
    peer_neg = sorted(random.Random(SEED + 1).sample(glob, min(half, len(glob))) +
                      random.Random(SEED + 2).sample(us, min(args.peer_negatives - half, len(us))),
                      key=lambda q: q.id)

    xscript: list[Query] = []
    un_ids_by_ref = {ref.lower(): i for i, ref in un.reference_of.items()}
    for i, row in enumerate(read_csv(XSCRIPT)):
        if args.xscript_every > 1 and i % args.xscript_every:
            continue
        ref = row["reference"]
        schema = "Person" if ref[2] == "i" else "Organization"
        ent = un_ids_by_ref.get(ref.lower())
        keys = expected_keys([ent], un) if ent else {ref.lower()}
        xscript.append(Query(f"xs-{i}", "xscript", {"schema": schema, "properties": {"name": [row["query"]]}}, keys,
                             {"script": row["script"], "system": row["system"], "reference": ref}))
    return {"pos_clean": pos_clean, "pos_typo": pos_typo, "negatives": negatives, "peer_negatives": peer_neg,
            "xscript": xscript, "map_stats": map_stats, "n_positives_mapped": n_pos_all,
            "n_positives_rows": len(untreated), "n_negatives_all": n_neg_all}


def speed_pairs(queries: list[Query], un: ListData, n_queries: int, n_targets: int) -> list[dict[str, Any]]:
    """Screening-shaped pairs: positive queries (all their properties) x UN persons (all theirs)."""
    persons = [e for e in un.entities if e["schema"] == "Person"]
    step = max(1, len(persons) // n_targets)
    targets = persons[::step][:n_targets]
    out = []
    for q in queries[:n_queries]:
        for t in targets:
            out.append({"id": f"sp-{len(out)}", "query": q.query, "candidate": strip(t)})
    return out


# ---------------------------------------------------------------------------------------------------
# the peer (subprocess in its venv)


class Peer:
    def __init__(self, python: Path, work: Path):
        self.python = str(python)
        self.script = str(HERE / "peer_logic_v2.py")
        self.work = work

    def _run(self, args: list[str], **kw: Any) -> subprocess.CompletedProcess:
        return subprocess.run([self.python, self.script, *args], check=True, text=True, **kw)

    def info(self) -> dict[str, str]:
        return json.loads(self._run(["info"], capture_output=True).stdout)

    def score(self, pairs: list[dict[str, Any]]) -> dict[str, float]:
        src, dst = self.work / "peer-pairs.jsonl", self.work / "peer-scores.jsonl"
        write_jsonl(src, ({"id": p["id"], "query": p["query"], "candidate": p["candidate"]} for p in pairs))
        self._run(["score", "-i", str(src), "-o", str(dst)])
        return {r["id"]: r["score"] for r in read_jsonl(dst)}

    def screen(self, queries: list[Query], targets: Path, workers: int, limit: int) -> tuple[dict[str, Any], dict]:
        src, dst = self.work / "peer-queries.jsonl", self.work / "peer-screened.jsonl"
        write_jsonl(src, ({"id": q.id, **q.query} for q in queries))
        done = self._run(["screen", "--targets", str(targets), "-i", str(src), "-o", str(dst),
                          "--workers", str(workers), "--limit", str(limit)], stderr=subprocess.PIPE)
        summary = json.loads(done.stderr.strip().splitlines()[-1])
        return {r["id"]: r for r in read_jsonl(dst)}, summary

    def speed(self, pairs: list[dict[str, Any]], seconds: float, name: str) -> dict[str, Any]:
        src = self.work / f"peer-speed-{name}.jsonl"
        write_jsonl(src, warmup_pairs() + [{"id": p["id"], "query": p["query"], "candidate": p["candidate"]}
                                           for p in pairs])
        out = self._run(["speed", "-i", str(src), "--seconds", str(seconds)], capture_output=True)
        return json.loads(out.stdout)


# ---------------------------------------------------------------------------------------------------
# our side: the functions of sanctionwatch.screening, imported lazily


class OursMissing(SystemExit):
    pass


def ours_api() -> dict[str, Callable[..., Any]]:
    wanted = [("sanctionwatch.screening", "compare_entities"), ("sanctionwatch.screening", "screen"),
              ("sanctionwatch.screening", "build_index"), ("sanctionwatch.screening.batch", "screen_batch")]
    api, missing = {}, []
    import importlib

    for module, name in wanted:
        try:
            api[name] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{module}.{name} ({exc.__class__.__name__}: {exc})")
    if missing:
        raise OursMissing("our side of the screening benchmark needs functions that are not there yet:\n  "
                          + "\n  ".join(missing) + "\nrun with --peer-only to measure the peer alone.")
    return api


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def results_of(outcome: Any) -> list[dict[str, Any]]:
    """screen()/screen_batch() results, whether an object with .results, a dict, or the list itself."""
    if outcome is None:
        return []
    if isinstance(outcome, list):
        return outcome
    if isinstance(outcome, dict):
        return outcome.get("results") or []
    return list(getattr(outcome, "results", []) or [])


def result_keys(result: dict[str, Any]) -> set[str]:
    keys = {str(result.get("id", "")).lower()}
    if result.get("reference"):
        keys.add(str(result["reference"]).lower())
    for ref in result.get("references") or []:
        keys.add(str(ref).lower())
    return keys


def build_index_kwargs(api: dict[str, Callable[..., Any]]) -> dict[str, Any]:
    """Bypass the index's on-disk cache when it has one: we time and weigh a build, not an unpickling."""
    return {"use_cache": False} if _accepts(api["build_index"], "use_cache") else {}


def index_memory(home: Path, label: str) -> dict[str, Any]:
    """Memory of our index, measured in a fresh child process (this one has freed memory lying around
    that a new index would reuse, which hides its size from an RSS delta)."""
    out = subprocess.run([sys.executable, __file__, "--index-memory", str(home), "--label", label],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _index_memory_child(home: Path, label: str) -> None:
    from sanctionwatch import open_store

    api = ours_api()
    kwargs = build_index_kwargs(api)
    store = open_store(url=f"sqlite:///{home}/sw.db", home=home)
    gc.collect()
    rss0 = rss_mib()
    start = time.perf_counter()
    index = api["build_index"](store, **kwargs)
    seconds = time.perf_counter() - start
    gc.collect()
    rss1 = rss_mib()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    second = api["build_index"](store, **kwargs)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del second, index
    print(json.dumps({"label": label, "build_s": seconds, "rss_before_mib": rss0, "rss_delta_mib": rss1 - rss0,
                      "traced_kept_mib": (kept - base) / 2**20, "traced_peak_mib": (peak - base) / 2**20,
                      "cache_bypassed": bool(kwargs)}))


OURS_ERRORS: dict[str, list[str]] = defaultdict(list)  # set -> error messages of queries ours refused


def ours_screen(api: dict[str, Callable[..., Any]], query: dict[str, Any], index: Any, limit: int,
                where: str = "") -> list[dict]:
    """screen() on one query; a query ours refuses (e.g. a malformed date) counts as nothing found."""
    try:
        return results_of(api["screen"](query, index=index, threshold=None, limit=limit, record=False))
    except Exception as exc:  # noqa: BLE001 - measured, reported, never hidden
        OURS_ERRORS[where].append(f"{exc.__class__.__name__}: {exc}")
        return []


# ---------------------------------------------------------------------------------------------------
# the run


def found_share(queries: list[Query], results: dict[str, list[dict[str, Any]]], is_match) -> tuple[int, int]:
    hits = 0
    for q in queries:
        if any(is_match(r) and (result_keys(r) & q.expected) for r in results.get(q.id, [])):
            hits += 1
    return hits, len(queries)


def flagged_share(queries: list[Query], results: dict[str, list[dict[str, Any]]], is_match) -> tuple[int, int]:
    hits = sum(1 for q in queries if any(is_match(r) for r in results.get(q.id, [])))
    return hits, len(queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small samples: a smoke run of a few minutes")
    side = parser.add_mutually_exclusive_group()
    side.add_argument("--peer-only", action="store_true", help="measure logic-v2 alone (ours not needed)")
    side.add_argument("--ours-only", action="store_true", help="measure ours alone (no peer venv needed)")
    parser.add_argument("--peer-negatives", type=int, default=None,
                        help="negatives the peer brute-forces (default 1,000; --quick 200)")
    parser.add_argument("--peer-workers", type=int, default=2, help="processes for the peer's brute force")
    parser.add_argument("--limit", type=int, default=10, help="results kept per query, both sides")
    parser.add_argument("--seconds", type=float, default=None, help="least time per timed speed phase")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (exports, peer I/O)")
    parser.add_argument("--ours-negatives", type=int, default=None,
                        help="negatives for our batch (default all 100,000; --quick 2,000)")
    parser.add_argument("--index-memory", type=Path, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.index_memory:
        _index_memory_child(args.index_memory, args.label)
        return
    args.positives = 50 if args.quick else None
    args.negatives = args.ours_negatives or (2_000 if args.quick else None)
    args.peer_negatives = args.peer_negatives or (200 if args.quick else 1_000)
    args.xscript_every = 3 if args.quick else 1
    args.seconds = args.seconds or (1.5 if args.quick else 5.0)
    args.e2e_queries = 200 if args.quick else 1_000
    args.speed_q, args.speed_t = (30, 30) if args.quick else (100, 100)
    run_peer, run_ours = not args.ours_only, not args.peer_only

    root = shared_data()
    for rel in (NAME_CASES, YENTE, WATCHMAN, UN_XML):
        if not (root / rel).exists():
            raise SystemExit(f"missing {root / rel} (set SANCTIONWATCH_SHARED_DATA to the shared data folder)")

    api = ours_api() if run_ours else None  # fail early and clearly
    figures: dict[str, Any] = {"quick": args.quick, "threshold": THRESHOLD, "seed": SEED}
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="sw-screening-bench-"))
    if not args.keep:  # removed however the run ends (forked batch workers leave by os._exit: no atexit)
        atexit.register(shutil.rmtree, work, True)
    peer = None
    if run_peer:
        peer = Peer(peer_env.ensure(), work)
        figures["peer"] = peer.info()

    print("Screening benchmark — ours vs nomenklatura logic-v2 (yente's default), same run, same inputs")
    print(f"  shared data: {root}")
    if peer:
        v = figures["peer"]
        print(f"  peer: {v['algorithm']} from nomenklatura {v['nomenklatura']} (followthemoney {v['followthemoney']}, "
              f"rigour {v['rigour']}), venv {peer_env.VENV.relative_to(ROOT)}")
    if run_ours:
        from sanctionwatch.screening.compiled import status

        states = sorted(set(status().values()))
        figures["ours_compiled"] = states
        print(f"  ours: screening modules {'/'.join(states)} (sanctionwatch/screening/compiled.py; "
              "'source' = the Python sources run interpreted)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    figures["loadavg_start"] = load
    print(f"  machine: {os.cpu_count()} CPUs, load average {', '.join(f'{x:.2f}' for x in load) if load else '?'} "
          "at start (timings are of this machine as it is: other work on it slows them)")
    print(f"  threshold: {THRESHOLD} for the peer (yente's default); ours: its own default (printed below)"
          + ("; QUICK run: small samples" if args.quick else ""))

    # 0. the UN list, in a temporary home, exported as FtM for the peer
    t0 = time.perf_counter()
    un_home = work / "un"
    un_store = load_store(un_home, [root / UN_XML])
    export_ftm(un_home, work / "un.ftm.jsonl")
    un = read_list(un_home, work / "un.ftm.jsonl")
    print(f"  UN list: {len(un.entities):,} target entities exported as FtM "
          f"({sum(e['schema'] == 'Person' for e in un.entities)} Person) in {time.perf_counter() - t0:.1f} s")

    nb = name_bench_pairs(root)
    wm = watchman_pairs(root)
    q = build_queries(root, un, args)
    figures["inputs"] = {k: q[k] for k in ("map_stats", "n_positives_mapped", "n_positives_rows", "n_negatives_all")}
    pair_sets = nb + wm

    # ------------------------------------------------------------------ peer: quality runs
    peer_scores: dict[str, float] = {}
    peer_screened: dict[str, Any] = {}
    if peer:
        t0 = time.perf_counter()
        peer_scores = peer.score(pair_sets)
        figures["peer_pair_scoring_s"] = time.perf_counter() - t0
        peer_queries = q["pos_clean"] + q["pos_typo"] + q["peer_negatives"] + q["xscript"]
        print(f"  peer: brute-force screening of {len(peer_queries):,} queries against the UN list "
              f"on {args.peer_workers} workers ...", flush=True)
        peer_screened, summary = peer.screen(peer_queries, un.ftm, args.peer_workers, args.limit)
        pairs_scored = sum(r["n_scored"] for r in peer_screened.values())
        figures["peer_bruteforce"] = {**summary, "pairs": pairs_scored}
        print(f"  peer: {pairs_scored:,} pairs in {summary['seconds']:.0f} s "
              f"({pairs_scored / summary['seconds']:,.0f} pairs/s on {summary['workers']} workers)")

    # ------------------------------------------------------------------ ours: quality runs
    ours_scores: dict[str, float] = {}
    ours_match: dict[str, bool] = {}
    ours_threshold = None
    ours_screened: dict[str, list[dict[str, Any]]] = {}
    batch_figs: dict[str, Any] = {}
    mem: list[dict[str, Any]] = []
    un_index = None
    if api:
        for p in pair_sets:
            try:
                res = api["compare_entities"](p["query"], p["candidate"])
            except Exception as exc:  # noqa: BLE001 - a refused pair scores 0, and is reported
                OURS_ERRORS[p["id"].split("-")[0] + " pairs"].append(f"{exc.__class__.__name__}: {exc}")
                ours_scores[p["id"]], ours_match[p["id"]] = 0.0, False
                continue
            ours_scores[p["id"]] = float(res.score)
            ours_match[p["id"]] = bool(res.match)
            ours_threshold = getattr(res, "threshold", ours_threshold)
        un_index = api["build_index"](un_store, **build_index_kwargs(api))
        mem.append(index_memory(un_home, "UN"))
        for item in q["pos_clean"] + q["pos_typo"] + q["xscript"] + q["peer_negatives"]:
            ours_screened[item.id] = ours_screen(api, item.query, un_index, args.limit, item.set)
        # the whole negative set, through the batch function on 2 cores: flagged share AND batch speed
        rows = [n.query for n in q["negatives"]]
        kw = {"limit": args.limit} if _accepts(api["screen_batch"], "limit") else {}
        if _accepts(api["screen_batch"], "progress"):
            step = max(1, len(rows) // 10)
            marks = set()

            def progress(done: int, total: int) -> None:
                mark = done // step
                if mark and mark not in marks:
                    marks.add(mark)
                    print(f"    ... {done:,} of {total:,}", flush=True)

            kw["progress"] = progress
        print(f"  ours: screen_batch of {len(rows):,} negatives on 2 workers ...", flush=True)
        start = time.perf_counter()
        try:
            out = api["screen_batch"](rows, index=un_index, workers=2, **kw)
        except Exception as exc:  # noqa: BLE001 - reported; the rest of the run goes on
            out = None
            batch_figs = {"rows": len(rows), "error": f"{exc.__class__.__name__}: {exc}"}
            print(f"  ours: screen_batch FAILED: {batch_figs['error']}")
        seconds = time.perf_counter() - start
        if out is not None:
            for n, res in zip(q["negatives"], out):
                ours_screened.setdefault(n.id, results_of(res))
            batch_figs = {"rows": len(rows), "workers": 2, "seconds": seconds, "rows_per_s": len(rows) / seconds,
                          "index": "UN"}
            print(f"  ours: screen_batch of {len(rows):,} negatives on 2 workers in {seconds:.1f} s")

    peer_is_match = lambda r: r["score"] >= THRESHOLD  # noqa: E731
    ours_is_match = lambda r: bool(r.get("match"))  # noqa: E731

    # ================================================================== 1. name bench
    print("\n" + "=" * 100 + "\n1. NAME BENCH — nomenklatura contrib/name_bench/cases.csv "
          f"({len(nb)} judged pairs), threshold {THRESHOLD}")
    nb_fig: dict[str, Any] = {}

    def nb_metrics(rows: list[dict[str, Any]], scores: dict[str, float]) -> dict[str, Any]:
        return prf((r["truth"], scores[r["id"]] >= THRESHOLD) for r in rows)

    slices: list[tuple[str, list[dict[str, Any]]]] = [("all", nb)]
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in nb:
        by_group[r["group"]].append(r)
    slices += [(f"group {g}", by_group[g]) for g in sorted(by_group, key=lambda g: -len(by_group[g]))]
    slices += [("non-ASCII pairs", [r for r in nb if r["non_ascii"]]), ("ASCII-only pairs", [r for r in nb if not r["non_ascii"]])]
    rows_out = []
    for label, rows in slices:
        pm = nb_metrics(rows, peer_scores) if peer_scores else None
        om = nb_metrics(rows, ours_scores) if ours_scores else None
        nb_fig[label] = {"peer": pm, "ours": om}
        rows_out.append([label, len(rows),
                         pm and pm["precision"], pm and pm["recall"], pm and pm["f1"],
                         om and om["precision"], om and om["recall"], om and om["f1"],
                         ratio(om and om["f1"], pm and pm["f1"])])
    table("precision / recall / F1 (score >= 0.7)",
          ["slice", "n", "peer P", "peer R", "peer F1", "ours P", "ours R", "ours F1", "F1 ours/peer"], rows_out)
    if ours_match:
        om = prf((r["truth"], ours_match[r["id"]]) for r in nb)
        nb_fig["ours_at_own_default"] = {"threshold": ours_threshold, **om}
        print(f"  ours with its own match flag (default threshold {fmt(ours_threshold)}): "
              f"P {om['precision']:.3f}  R {om['recall']:.3f}  F1 {om['f1']:.3f}")
    if peer_scores:
        nb_fig["frozen_crosscheck"] = crosscheck_frozen(root, nb, peer_scores)
    figures["name_bench"] = nb_fig

    # watchman cross-script pairs
    wm_fig: dict[str, Any] = {}
    by_script: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in wm:
        by_script[p["script"]].append(p)
    rows_out = []
    for label, rows in [("all", wm)] + sorted(by_script.items()):
        ph = sum(peer_scores[p["id"]] >= THRESHOLD for p in rows) if peer_scores else None
        oh = sum(ours_scores[p["id"]] >= THRESHOLD for p in rows) if ours_scores else None
        pmean = statistics.mean(peer_scores[p["id"]] for p in rows) if peer_scores else None
        omean = statistics.mean(ours_scores[p["id"]] for p in rows) if ours_scores else None
        wm_fig[label] = {"n": len(rows), "peer_hits": ph, "ours_hits": oh, "peer_mean": pmean, "ours_mean": omean}
        rows_out.append([label, len(rows), ph if ph is None else share(ph, len(rows)), pmean,
                         oh if oh is None else share(oh, len(rows)), omean,
                         ratio(None if oh is None else share(oh, len(rows)), None if ph is None else share(ph, len(rows)))])
    table(f"watchman cross-script pairs ({len(wm)}, all true matches): share scored >= 0.7 and mean score",
          ["script", "n", "peer share", "peer mean", "ours share", "ours mean", "share ours/peer"], rows_out)
    figures["watchman"] = wm_fig

    # ================================================================== 2. yente sets
    ms = q["map_stats"]
    print("\n" + "=" * 100 + "\n2. YENTE CANDIDATE-GENERATION SETS against the UN consolidated list 2026-02-27")
    print(f"  positives: {q['n_positives_rows']} rows; {q['n_positives_mapped']} mapped to a UN entity "
          f"(exact name/alias {ms['exact']}, after dropping a trailing ' na' {ms['fallback']}, "
          f"{ms['ambiguous']} with several entities accepted), {ms['unmapped']} not on this list (delisted "
          "since upstream made the file) and left out")
    print(f"  'found' = the expected designee is among the top {args.limit} results at/above the threshold; "
          "'flagged' = any result at/above it")
    y_fig: dict[str, Any] = {}
    rows_out = []
    for label, key in (("positives clean: found", "pos_clean"), ("positives typos: found", "pos_typo")):
        items = q[key]
        ph = found_share(items, {k: v["results"] for k, v in peer_screened.items()}, peer_is_match) if peer else None
        oh = found_share(items, ours_screened, ours_is_match) if api else None
        y_fig[key] = {"peer": ph, "ours": oh}
        rows_out.append([label, len(items), share_cell(ph), share_cell(oh),
                         ratio(oh and share(*oh), ph and share(*ph))])
    pn = q["peer_negatives"]
    ph = flagged_share(pn, {k: v["results"] for k, v in peer_screened.items()}, peer_is_match) if peer else None
    oh = flagged_share(pn, ours_screened, ours_is_match) if api else None
    y_fig["negatives_sample"] = {"peer": ph, "ours": oh}
    rows_out.append([f"negatives flagged (sample {len(pn):,})", len(pn), share_cell(ph), share_cell(oh),
                     ratio(oh and share(*oh), ph and share(*ph))])
    if api and "error" not in batch_figs:
        oh = flagged_share(q["negatives"], ours_screened, ours_is_match)
        y_fig["negatives_all"] = {"ours": oh, "flagged": [
            {"query": n.id, "name": n.query["properties"].get("name"),
             "results": [[r.get("id"), r.get("score")] for r in ours_screened.get(n.id, []) if ours_is_match(r)]}
            for n in q["negatives"] if any(ours_is_match(r) for r in ours_screened.get(n.id, []))]}
        rows_out.append([f"negatives flagged (all {len(q['negatives']):,}, ours)", len(q["negatives"]), None,
                         share_cell(oh), "—"])
    table("queries found / flagged (n = queries)", ["set", "n", "peer", "ours", "ours/peer"], rows_out)
    if args.positives is not None:
        print(f"  positives: seeded sample of {args.positives} of {q['n_positives_mapped']} (--quick)")
    if OURS_ERRORS:
        for where, errors in sorted(OURS_ERRORS.items()):
            print(f"  ours refused {len(errors)} {where} queries (counted as not found), e.g. {errors[0]}")
        y_fig["ours_refused"] = {k: len(v) for k, v in OURS_ERRORS.items()}
    figures["yente"] = y_fig

    # ================================================================== 3. DPRK cross-script
    xs = q["xscript"]
    print("\n" + "=" * 100 + f"\n3. DPRK CROSS-SCRIPT SET — {XSCRIPT.relative_to(ROOT)} "
          f"({len(xs)} queries, {len({x.meta['reference'] for x in xs})} designees), name only, against the UN list")
    groups: dict[str, list[Query]] = defaultdict(list)
    for x in xs:
        groups[f"script {x.meta['script']}"].append(x)
        groups[f"  system {x.meta['system']}"].append(x)
        groups["persons (KPi)" if x.meta["reference"][2] == "i" else "entities (KPe)"].append(x)
    xs_fig: dict[str, Any] = {}
    rows_out = []
    peer_res = {k: v["results"] for k, v in peer_screened.items()}
    order = ["all"] + sorted(k for k in groups if k.startswith("script")) + sorted(
        k for k in groups if k.startswith("  system")) + ["persons (KPi)", "entities (KPe)"]
    for label in order:
        items = xs if label == "all" else groups.get(label, [])
        if not items:
            continue
        ph = found_share(items, peer_res, peer_is_match) if peer else None
        oh = found_share(items, ours_screened, ours_is_match) if api else None
        xs_fig[label.strip()] = {"n": len(items), "peer": ph, "ours": oh}
        rows_out.append([label, len(items), share_cell(ph), share_cell(oh), ratio(oh and share(*oh), ph and share(*ph))])
    table("queries found (expected designee among results at/above threshold)", ["slice", "n", "peer", "ours", "ours/peer"],
          rows_out)
    noise_p = sum(1 for x in xs if any(peer_is_match(r) and not (result_keys(r) & x.expected) for r in peer_res.get(x.id, [])))
    noise_o = sum(1 for x in xs if any(ours_is_match(r) and not (result_keys(r) & x.expected)
                                       for r in ours_screened.get(x.id, [])))
    print(f"  queries with another designee also at/above threshold: peer {noise_p if peer else '—'}, "
          f"ours {noise_o if api else '—'} (of {len(xs)})")
    xs_fig["other_designee_flagged"] = {"peer": noise_p if peer else None, "ours": noise_o if api else None}
    figures["dprk_cross_script"] = xs_fig

    # ================================================================== 4. speed
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    figures["loadavg_speed"] = load
    print("\n" + "=" * 100 + "\n4. SPEED (this machine; one core = the process pinned to one CPU; load average "
          f"{', '.join(f'{x:.2f}' for x in load) if load else '?'} before this section)")
    sp_pairs = {"name-bench pairs": [{"id": p["id"], "query": p["query"], "candidate": p["candidate"]} for p in nb],
                "screening pairs": speed_pairs(q["pos_clean"], un, args.speed_q, args.speed_t)}
    speed_fig: dict[str, Any] = {}
    rows_out = []
    for label, pairs in sp_pairs.items():
        ps = peer.speed(pairs, args.seconds, label.split()[0]) if peer else None
        os_ = ours_pair_speed(api, pairs, args.seconds) if api else None
        speed_fig[label] = {"pairs": len(pairs), "peer": ps, "ours": os_}
        rows_out.append([f"{label} ({len(pairs):,}) first pass", ps and ps["first_pass_pairs_per_s"], None, None,
                         os_ and os_["first_pass_pairs_per_s"],
                         ratio(os_ and os_["first_pass_pairs_per_s"], ps and ps["first_pass_pairs_per_s"]), "—", "—"])
        rows_out.append([f"{label} ({len(pairs):,}) repeated", ps and ps["from_dicts_pairs_per_s"],
                         ps and ps["compare_only_pairs_per_s"], ps and ps.get("compare_shared_pairs_per_s"),
                         os_ and os_["pairs_per_s"],
                         ratio(os_ and os_["pairs_per_s"], ps and ps["from_dicts_pairs_per_s"]),
                         ratio(os_ and os_["pairs_per_s"], ps and ps["compare_only_pairs_per_s"]),
                         ratio(os_ and os_["pairs_per_s"], ps and ps.get("compare_shared_pairs_per_s"))])
    table("pairs scored per second, one core, same pairs",
          ["pairs", "peer dict->score", "peer compare()", "peer shared", "ours dict->score", "ours/peer (dict)",
           "ours/peer (compare)", "ours/peer (shared)"], rows_out)
    print("  dict->score: from the same FtM-shaped dicts to a score (peer: entities built, then LogicV2.compare;"
          "\n    ours: compare_entities). compare(): the peer's entities built beforehand (as yente has them from"
          "\n    Elasticsearch), LogicV2.compare alone; shared: compare() with one entity per distinct query and"
          "\n    list entry, reused across its pairs, so logic-v2's id-keyed caches analyse each name once (how"
          "\n    yente and the brute force above score; ours has no such per-pair reuse in compare_entities)."
          "\n    Both sides first warm up on other names (reference data"
          "\n    loaded); 'first pass' = string caches cold for these names, 'repeated' = passes of the same pairs"
          f"\n    for >= {args.seconds:g} s. Except 'shared', every pair is independent (new entities each time).")
    if api:
        t0 = time.perf_counter()
        both_store = load_store(work / "un_ofac", [root / UN_XML, root / OFAC_CSV])
        load_s = time.perf_counter() - t0
        both_index = api["build_index"](both_store, **build_index_kwargs(api))
        mem.append(index_memory(work / "un_ofac", "UN + OFAC SDN"))
        e2e = ours_end_to_end(api, both_index, q, args)
        e2e["load_s"] = load_s
        speed_fig["ours_end_to_end"] = e2e
        print(f"\n  ours end to end, screen() against UN + OFAC SDN (record=False), one core: "
              f"{e2e['queries_per_s']:,.0f} queries/s over {e2e['queries']:,} queries "
              f"(p50 {e2e['p50_ms']:.2f} ms, p95 {e2e['p95_ms']:.2f} ms, max {e2e['max_ms']:.1f} ms; "
              f"{e2e['mix']}; {e2e['refused']} refused)")
        if "error" in batch_figs:
            print(f"  ours batch: screen_batch() failed on the negatives: {batch_figs['error']}")
        else:
            print(f"  ours batch, screen_batch() of {batch_figs['rows']:,} negatives against {batch_figs['index']}, "
                  f"{batch_figs['workers']} workers: {batch_figs['seconds']:.1f} s = "
                  f"{batch_figs['rows_per_s']:,.0f} rows/s")
        speed_fig["ours_batch"] = batch_figs
        rows_out = [[m["label"], m["build_s"], m["rss_before_mib"], m["rss_delta_mib"], m["traced_kept_mib"],
                     m["traced_peak_mib"]] for m in mem]
        table("memory of our index, built in a fresh process" +
              (" (its on-disk cache bypassed: use_cache=False)" if mem and mem[0]["cache_bypassed"] else ""),
              ["index", "build s", "RSS before MiB", "RSS delta MiB", "tracemalloc kept MiB", "tracemalloc peak MiB"],
              rows_out)
        print("  RSS delta: resident memory grown by the first build (includes reference data it loads on first use);"
              "\n  tracemalloc kept: Python allocations a second build keeps alive (the index itself).")
        speed_fig["ours_index_memory"] = mem
    if peer:
        bf = figures["peer_bruteforce"]
        print(f"\n  for scale only (not comparable): the peer's brute force above scored "
              f"{bf['pairs'] / bf['seconds']:,.0f} pairs/s on {bf['workers']} workers; yente itself would score only "
              "the candidates Elasticsearch returns")
    figures["speed"] = speed_fig
    figures["seconds_total"] = time.perf_counter() - started
    print(f"\ntotal {figures['seconds_total']:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, default=_jsonable))
        print(f"figures written to {args.json}")
    if args.keep:
        print(f"temporary files kept in {work}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def crosscheck_frozen(root: Path, nb: list[dict[str, Any]], peer_scores: dict[str, float]) -> dict[str, Any]:
    """Our live peer run against upstream's frozen logic-v2 scores (made upstream on 2026-05-02)."""
    frozen: dict[tuple[str, str, str, str], dict[str, str]] = {}
    for row in read_csv(root / NAME_FROZEN):
        frozen[(row["case_group"], row["schema"], row["name1"], row["name2"])] = row
    frozen_all = prf((r["is_match"].lower() == "true", float(r["score"]) >= THRESHOLD) for r in frozen.values())
    common, live, froz, agree, flips = [], [], [], 0, 0
    for p in nb:
        row = p["row"]
        f = frozen.get((row["case_group"], row["schema"], row["name1"], row["name2"]))
        if f is None:
            continue
        fs, ls = float(f["score"]), peer_scores[p["id"]]
        common.append(p)
        live.append((p["truth"], ls >= THRESHOLD))
        froz.append((p["truth"], fs >= THRESHOLD))
        agree += abs(fs - ls) <= 0.0005
        flips += (fs >= THRESHOLD) != (ls >= THRESHOLD)
    lm, fm = prf(live), prf(froz)
    print(f"\n  cross-check of the peer with upstream's frozen logic-v2 scores (logicv2-frozen.csv, {len(frozen)} cases "
          f"of an upstream cases.csv that differs by a few rows; {len(common)} cases in common):")
    print(f"    frozen, its own {len(frozen)} cases:  P {frozen_all['precision']:.3f}  R {frozen_all['recall']:.3f}  "
          f"F1 {frozen_all['f1']:.3f}")
    print(f"    frozen, common {len(common)}:          P {fm['precision']:.3f}  R {fm['recall']:.3f}  F1 {fm['f1']:.3f}")
    print(f"    live peer, common {len(common)}:       P {lm['precision']:.3f}  R {lm['recall']:.3f}  F1 {lm['f1']:.3f}")
    print(f"    same score (±0.0005) on {agree} of {len(common)}; verdict at 0.7 differs on {flips} "
          "(the frozen file was made from upstream's development tree, not the released 4.17.4)")
    return {"frozen_all": frozen_all, "frozen_common": fm, "live_common": lm, "n_common": len(common),
            "same_score": agree, "verdict_flips": flips}


def ours_pair_speed(api: dict[str, Callable[..., Any]], pairs: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """The peer's protocol (peer_logic_v2.py speed): warm-up on other names, first pass, repeated passes."""
    compare = api["compare_entities"]

    def one_pass() -> float:
        start = time.perf_counter()
        for p in pairs:
            compare(p["query"], p["candidate"])
        return time.perf_counter() - start

    with pinned_to_one_core() as cpu:
        for p in warmup_pairs():
            compare(p["query"], p["candidate"])
        first = one_pass()
        passes, total = 0, 0.0
        while total < seconds or passes < 1:
            total += one_pass()
            passes += 1
    return {"first_pass_pairs_per_s": len(pairs) / first, "pairs_per_s": len(pairs) * passes / total,
            "passes": passes, "cpu": cpu}


def ours_end_to_end(api: dict[str, Callable[..., Any]], index: Any, q: dict[str, Any], args: argparse.Namespace):
    half = args.e2e_queries // 2
    pos = (q["pos_clean"] + q["pos_typo"])[:half]
    n_typo = sum(1 for x in pos if x.set == "positives_typos")
    items = [x.query for x in pos] + [x.query for x in q["negatives"][:args.e2e_queries - half]]
    timings = []
    with pinned_to_one_core():
        for item in items[:20]:  # warm-up
            ours_screen(api, item, index, args.limit, "end-to-end")
        errors_before = len(OURS_ERRORS["end-to-end"])
        start = time.perf_counter()
        for item in items:
            t = time.perf_counter()
            ours_screen(api, item, index, args.limit, "end-to-end")
            timings.append(time.perf_counter() - t)
        total = time.perf_counter() - start
    timings.sort()
    return {"queries": len(items), "refused": len(OURS_ERRORS["end-to-end"]) - errors_before,
            "seconds": total, "queries_per_s": len(items) / total,
            "p50_ms": 1000 * timings[len(timings) // 2], "p95_ms": 1000 * timings[int(len(timings) * 0.95)],
            "max_ms": 1000 * timings[-1], "mix": f"{len(pos) - n_typo} clean and {n_typo} typo positives, {len(items) - len(pos)} negatives"}


if __name__ == "__main__":
    main()
