"""The candidate index gives the same candidates in every process, whatever its hash seed: the
batch's forked workers and Spark's executors must agree with an interactive screening."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys
from sanctionwatch.store import open_store
from sanctionwatch.screening.index import build_index
from sanctionwatch.screening.query import profile_of
index = build_index(open_store(), use_cache=False)
queries = [("Person", {"name": [n]}) for n in ("Kim", "Ri Chol", "Pak Song", "Kim Il", "Jang", "Ali Hassan",
                                                "Mohammed Ali", "Lopez", "Global Trading")]
queries.append(("Vessel", {"name": ["Sam Ma"], "imoNumber": ["8106496"]}))
print(json.dumps([index.candidates(profile_of(s, p)) for s, p in queries]))
"""


def test_candidates_do_not_depend_on_the_hash_seed(un, shared_file, tmp_path):
    env = {**os.environ, "SANCTIONWATCH_HOME": str(tmp_path / "home"), "SANCTIONWATCH_DATABASE_URL": ""}
    for path in (un("2026-02-27"), shared_file("lists/ofac/sdn-csv-2024-05-03/sdn.csv")):
        subprocess.run([sys.executable, "-m", "sanctionwatch", "lists", "load", str(path)], env=env,
                       check=True, capture_output=True)
    outputs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run([sys.executable, "-c", SCRIPT], env={**env, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True)
        outputs.append(json.loads(proc.stdout))
    assert max(len(c) for c in outputs[0]) == 40, "common names fill the candidate list: ties matter"
    assert outputs[0] == outputs[1] == outputs[2]


SCREEN = """
import json
from sanctionwatch.screening import screen
queries = [{"schema": "Person", "properties": {"name": [n], "nationality": ["Indonesia"], "birthDate": ["1972-05-19"]}}
           for n in ("محمد محمدی", "احسان سعیدی", "QUSAY SADDAM AL-TIKRITI", "Mohammad Hamdi Mohammad", "Kim Chol")]
print(json.dumps([[(r["id"], r["score"], r["explanations"]) for r in screen(q, record=False).results]
                  for q in queries], ensure_ascii=False))
"""


def test_a_list_loaded_twice_screens_the_same_whatever_the_hash_seed(un_loaded_under_hash_seed):
    """FtM hands back a property's values in an order that depends on the process's hash seed, so two
    loads of one file store them in different orders (the UN's two middle names, the aliases): the
    screening of each load must not see it."""
    outputs = []
    for seed in ("1", "3"):
        env = un_loaded_under_hash_seed(seed)
        proc = subprocess.run([sys.executable, "-c", SCREEN], env=env, capture_output=True, text=True, check=True)
        outputs.append(json.loads(proc.stdout))
    assert all(outputs[0]), "every query has results to compare"
    assert outputs[0] == outputs[1]
