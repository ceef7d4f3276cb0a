"""Exports: FtM JSON lines that FollowTheMoney reads back, and a CSV safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

from followthemoney.proxy import EntityProxy
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.lists.export import SIMPLE_COLUMNS, escape_cell, export_csv, export_ftm
from sanctionwatch.lists.releases import load_lists


@given(st.text())
def test_escaped_cells_never_start_a_formula(value):
    cell = escape_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))
    assert cell.endswith(value)


def test_ftm_export_reads_back(store, un):
    load_lists([un("2026-02-27")], store=store)
    out = io.StringIO()
    n = export_ftm(out, store=store)
    lines = out.getvalue().splitlines()
    assert n == len(lines) > 1003
    proxies = [EntityProxy.from_dict(json.loads(line)) for line in lines]
    targets = [p for p, line in zip(proxies, lines) if json.loads(line)["target"]]
    assert len(targets) == 1003
    kpi008 = next(p for p in proxies if p.id == "unsc-kpi.008")
    assert "Ra Kyung-Su" in kpi008.get("alias")


def test_csv_export_is_targets_simple_and_escaped(store, un, tmp_path):
    xml = un("2026-02-27").read_bytes().replace(b"<FIRST_NAME>ERIC</FIRST_NAME>",
                                                b"<FIRST_NAME>=HYPERLINK(&quot;http://x&quot;)</FIRST_NAME>", 1)
    path = tmp_path / "un.xml"
    path.write_bytes(xml)
    load_lists([path], store=store)
    out = io.StringIO()
    export_csv(out, store=store)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0].keys()) == SIMPLE_COLUMNS
    assert len(rows) == 1003
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@"))
    injected = [r for r in rows if "HYPERLINK" in r["name"]]
    assert injected and injected[0]["name"].startswith("'=")
    ra = next(r for r in rows if r["id"] == "unsc-kpi.008")
    assert "645120196" in ra["identifiers"] and "Ra Kyung-Su" in ra["aliases"]
    assert ra["dataset"] == "un_sc" and ra["program_ids"] == "DPRK"


def test_one_file_loaded_under_two_hash_seeds_exports_the_same_bytes(un_loaded_under_hash_seed, tmp_path):
    """FtM keeps an entity's values as sets of statements; what the store keeps, and so what it exports,
    is sorted, or two loads of one file would differ (the UN's two middle names swap places)."""
    import subprocess
    import sys

    exports = []
    for seed in ("1", "3"):
        env = un_loaded_under_hash_seed(seed)
        out = tmp_path / f"export-{seed}.jsonl"
        subprocess.run([sys.executable, "-m", "sanctionwatch", "lists", "export", "--format", "ftm", "-o", str(out)],
                       env=env, check=True, capture_output=True)
        exports.append(out.read_bytes())
    assert exports[0].count(b"\n") > 1003
    assert exports[0] == exports[1]
