"""The command line: JSON output shapes, one-line errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "sanctionwatch", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_load_stats_show_diff_export(store_env, un, shared_file, tmp_path):
    run("lists", "load", str(un("2026-02-27")), env=store_env)
    stats = json.loads(run("lists", "stats", "--format", "json", env=store_env).stdout)
    assert {"source": "un_sc", "program": "DPRK", "schema": "Person", "count": 80} in stats
    assert all(set(r) == {"source", "program", "schema", "count"} for r in stats)
    shown = json.loads(run("lists", "show", "KPi.008", "--format", "json", env=store_env).stdout)
    assert shown["id"] == "unsc-kpi.008" and "Chang Myong Ho" in shown["properties"]["alias"]
    diff = json.loads(run("lists", "diff", str(un("2017-07-03")), str(un("2020-03-20")), "--program", "DPRK",
                          "--format", "json", env=store_env).stdout)
    assert set(diff) >= {"added", "removed", "changed"} and len(diff["added"]) == 56
    assert all({"id", "reference", "caption"} <= set(i) for i in diff["added"])
    releases = json.loads(run("lists", "releases", "--format", "json", env=store_env).stdout)
    assert releases[0]["designations"] == 1003
    out = tmp_path / "targets.csv"
    run("lists", "export", "--format", "csv", "-o", str(out), env=store_env)
    assert out.read_text(encoding="utf-8").count("\n") == 1004


def test_refused_load_is_one_line_and_nonzero(store_env, un, tmp_path):
    run("lists", "load", str(un("2026-02-27")), env=store_env)
    bad = tmp_path / "consolidated.xml"
    bad.write_bytes(un("2026-02-27").read_bytes()[:300_000])
    proc = run("lists", "load", str(bad), env=store_env, check=False)
    assert proc.returncode == 3
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: un_sc: ")
    assert "truncated XML" in lines[0] and "still current" in lines[0]


def test_unknown_entity_and_unknown_source(store_env):
    proc = run("lists", "show", "KPi.999", env=store_env, check=False)
    assert proc.returncode == 4 and "KPi.999" in proc.stderr
    proc = run("lists", "load", "--source", "nope", __file__, env=store_env, check=False)
    assert proc.returncode == 2 and "unknown list source" in proc.stderr


def test_demo_runs_from_shipped_data(tmp_path):
    env = {"SANCTIONWATCH_HOME": str(tmp_path / "demo")}
    env_clean = {k: v for k, v in os.environ.items() if k != "SANCTIONWATCH_DATABASE_URL"}
    proc = subprocess.run([sys.executable, "-m", "sanctionwatch", "demo"], env={**env_clean, **env},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "KPi.008" in proc.stdout and "8914934" in proc.stdout
    # the maritime half: a scenario generated, ingested from NMEA, detected and scored
    assert "Against the scenario's truth" in proc.stdout
    assert "near misses reported: 0" in proc.stdout
    assert "precision 100%" in proc.stdout
    # the casework half: cases opened from the events, an intact audit trail, the report on disk
    assert "Cases opened" in proc.stdout and "audit trail: intact" in proc.stdout
    html = tmp_path / "demo" / "report-demo" / "report.html"
    pdf = tmp_path / "demo" / "report-demo" / "report.pdf"
    assert f"HTML: {html}" in proc.stdout and html.is_file()
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert "Suspected ship-to-ship transfer" in html.read_text(encoding="utf-8")
    events = json.loads(subprocess.run(
        [sys.executable, "-m", "sanctionwatch", "ais", "detect", "-d", "encounter", "--format", "json"],
        env={**env_clean, **env}, capture_output=True, text=True, timeout=600, check=True).stdout)
    assert [e["type"] for e in events] == ["encounter"]  # the planted East China Sea transfer
