"""Scores, explanations and screening results that the compiled screening modules must reproduce from
their Python sources to the last bit (tests/screening/test_compiled.py). Run as a script, it prints them
as JSON: ``python compiled_probe.py``."""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _names() -> list[tuple[str, str, str, str | None]]:
    """(schema, query name, list name, country): the frozen name-v2 pairs, the cross-script set and
    name-v3's cases."""
    frozen = json.loads((ROOT / "tests/fixtures/screening/name_v2_frozen.json").read_text(encoding="utf-8"))["pairs"]
    out = [(p["schema"], p["query"], p["list_name"], p["country"]) for p in frozen]
    with open(ROOT / "benchmarks/screening/data/dprk_cross_script.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            schema = "Person" if row["reference"].startswith("KPi") else "Organization"
            out.append((schema, row["query"], row["list_name"], "kp"))
    return out + V3_NAMES


# name-v3's readings and rules: nicknames, forms of address, inversion, digits as letters, particles,
# two typos, regions, legal forms, countries and numbers of organisations.
V3_NAMES = [("Person", "Ted Doe", "Theodore Doe", None), ("Person", "Monsieur Ilie Bolojan", "Ilie-Gabril Bolojan", None),
            ("Person", "AL BEN ALI, Isa Ben Tarif", "Shaikh Isa Bin Tarif Al Bin Ali", None),
            ("Person", "Ig0r Sech1n", "Igor Sechin", "ru"), ("Person", "bin Salman Mohammed", "Mohammed bin Salman", None),
            ("Person", "Angela Merkur", "Angela Merkel", None), ("Person", "Sergejs Lavrovs", "Sergey LAVROV", "ru"),
            ("Person", "JC Juncker", "Jean-Claude Juncker", None), ("Person", "rimidalV nituP", "Vladimir Putin", None),
            ("Person", "Dost Mohammad", "DOST MOHAMMAD KHAN HAQQANI", None),
            ("Company", "faberlic", "FABERLIC EUROPE Sp. z o.o.", None), ("Company", "Deutsche Bank AG", "Deutsche Bank GmbH", None),
            ("Company", "Bank of Chad", "Bank of China", None), ("Company", "Bowne Solutions II, Inc.", "Bowne Solutions, Inc.", None)]


# Vessels with IMO numbers equal, one digit apart, or different, and the evidence beside the name.
VESSELS = [("NEW REGENT", "8312497"), ("Sam Ma 2", "8106496"), ("SAM MA 2", "8106497"), ("Chon Ma San", "8660313"),
           ("CHONMASAN", "8660314"), ("Yu Jong 2", "8604917"), ("YU JONG NO.2", "8604917"), ("Ji Song 6", "8898740")]


def _entity(schema: str, name: str, country: str | None, i: int) -> dict:
    props: dict[str, list[str]] = {"name": [name]}
    if country:
        props["nationality" if schema == "Person" else "country"] = [country]
    if schema == "Person" and i % 3 == 0:
        props["birthDate"] = [f"{1950 + i % 40}-0{1 + i % 9}-1{i % 10}"]
    if schema == "Person" and i % 4 == 1:
        props["gender"] = ["male" if i % 8 == 1 else "female"]
    if i % 5 == 2:  # a second name and a weak alias beside the first
        props["alias"] = [name.split()[0] + " " + name.split()[-1]] if len(name.split()) > 1 else [name + " Trading"]
        props["weakAlias"] = [name.split()[-1]]
    if schema == "Person" and i % 7 == 3:
        props["passportNumber"] = [f"PD{1000 + i % 13}"]
    return {"schema": schema, "properties": props}


def _vessel(name: str, imo: str) -> dict:
    return {"schema": "Vessel", "properties": {"name": [name], "imoNumber": [imo], "flag": ["kp"]}}


def probe() -> dict:
    from sanctionwatch.screening.index import Entry, index_entries
    from sanctionwatch.screening.matchers import get_matcher
    from sanctionwatch.screening.matchers import align
    from sanctionwatch.screening.query import Query
    from sanctionwatch.screening.screener import rank

    names = _names()
    rng = random.Random(1718)
    pairs = [(s, q, c, k) for s, q, c, k in names]
    # Each query also against other list names of its kind: near misses and non-matches.
    for s, q, _, k in names:
        pool = [n for n in names if n[0] == s]
        for other in rng.sample(pool, min(3, len(pool))):
            pairs.append((s, q, other[2], k if rng.random() < 0.5 else other[3]))
    # Parts left out and added (middle names, a legal form): the omission and substitution costs.
    for s, _, listed, k in names:
        words = listed.replace(",", " ").split()
        if len(words) >= 3 and listed.isascii():
            pairs.append((s, " ".join(words[:1] + words[2:]), listed, k))
            pairs.append((s, listed + " Ali", listed, k))
            pairs.append((s, " ".join(words[:-1] + ["Ahmadi"]), listed, None))
    out: dict = {"align": align.__file__, "pairs": [], "screen": []}
    vessel_pairs = [(a, b) for a in VESSELS for b in VESSELS]
    for algorithm in ("name-v1", "name-v2", "name-v3"):
        matcher = get_matcher(algorithm)
        for i, (schema, query, listed, country) in enumerate(pairs):
            q = Query.from_dict(_entity(schema, query, country if i % 2 else None, i)).profile()
            c = Query.from_dict(_entity(schema, listed, country, i + 1)).profile()
            scored = matcher.score(q, c)
            out["pairs"].append([algorithm, query, listed, repr(scored.score), repr(scored.name.score),
                                 scored.explanations()])
        for (qn, qi), (cn, ci) in vessel_pairs:
            scored = matcher.score(Query.from_dict(_vessel(qn, qi)).profile(), Query.from_dict(_vessel(cn, ci)).profile())
            out["pairs"].append([algorithm, qn, cn, repr(scored.score), repr(scored.name.score), scored.explanations()])
    entries = []
    for i, (schema, _, listed, country) in enumerate(names):
        data = _entity(schema, listed, country, i)
        entries.append(Entry(id=f"e{i}", schema=schema, caption=listed, references=[], sources=["probe"],
                             programs=[], profile=Query.from_dict(data).profile(), record_hash=str(i), data=data))
    for i, (name, imo) in enumerate(VESSELS):
        data = _vessel(name, imo)
        entries.append(Entry(id=f"v{i}", schema="Vessel", caption=name, references=[], sources=["probe"],
                             programs=[], profile=Query.from_dict(data).profile(), record_hash=str(i), data=data))
    index = index_entries({"probe": 1}, entries)
    for i, (schema, query, _, country) in enumerate(names):
        for algorithm in ("name-v1", "name-v2", "name-v3"):
            results, total, _, _ = rank(Query.from_dict(_entity(schema, query, country, i)), index,
                                        algorithm=algorithm, limit=5)
            out["screen"].append([algorithm, query, total, [[r["id"], repr(r["score"]), r["explanations"]]
                                                            for r in results]])
    for name, imo in VESSELS:
        results, total, _, _ = rank(Query.from_dict(_vessel(name.lower(), imo[:-1] + "0")), index, limit=5)
        out["screen"].append(["default", name, total, [[r["id"], repr(r["score"]), r["explanations"]] for r in results]])
    return out


if __name__ == "__main__":
    json.dump(probe(), sys.stdout, ensure_ascii=False)
