from __future__ import annotations

import json
import os
import subprocess
import sys


def run(*args, env, check=True):
    proc = subprocess.run([sys.executable, "-m", "sanctionwatch", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_screen_json_batch_pairs_and_decide(store_env, un, tmp_path):
    run("lists", "load", str(un("2026-02-27")), env=store_env)
    out = json.loads(run("screen", "Ra Kyung-Su", "--schema", "Person", "--birth-date", "1954-06-04",
                         "--format", "json", env=store_env).stdout)
    top = out["results"][0]
    assert top["reference"] == "KPi.008" and top["match"] is True
    assert {"id", "caption", "reference", "score", "match", "explanations"} <= set(top)
    decided = json.loads(run("screen", "decide", str(out["screening_id"]), top["id"], "match", "--note", "same DOB",
                             "--format", "json", env=store_env).stdout)
    assert decided["decision"] == "match"
    again = json.loads(run("screen", "Ra Kyung-Su", "--schema", "Person", "--birth-date", "1954-06-04",
                           "--format", "json", env=store_env).stdout)
    assert again["results"][0]["decision"]["decision"] == "match"

    src = tmp_path / "in.csv"
    src.write_text("name,birth_date\nRa Kyung Su,1954-06-04\nKim Yong Chol,bad-date\n=cmd|calc,\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    proc = run("screen", "batch", str(src), "-o", str(dst), "--schema", "Person", env=store_env)
    assert "line 3" in proc.stderr
    text = dst.read_text(encoding="utf-8")
    assert "KPi.008" in text and "'=cmd|calc" in text

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "a", "query": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}},
                                 "candidate": {"schema": "Person", "properties": {"name": ["Kim Jong Il"]}},
                                 "expected": False}) + "\n", encoding="utf-8")
    lines = run("screen", "pairs", str(pairs), env=store_env).stdout.strip().splitlines()
    assert json.loads(lines[0])["match"] is False and json.loads(lines[-1])["metrics"]["precision"] == 0.0
