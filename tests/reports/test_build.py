"""A report through the real cases API, lists store and AIS store: period filter, vessel annex from
the AIS store (past names, designation), list changes of the period, provenance; and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sanctionwatch import cases
from sanctionwatch.reports.build import build_report
from sanctionwatch.reports.collect import in_period, parse_period
from sanctionwatch.errors import ConfigError
from tests.reports.dossiers import encounter_event, gap_event

DEMO = Path(__file__).resolve().parents[2] / "sanctionwatch" / "data" / "demo"


def _load_lists(store, tmp_path: Path) -> None:
    """Two UN releases, the second dropping KPi.001 on 2026-01-06, and the 1718 vessel list."""
    from sanctionwatch.lists.releases import load_lists

    text = (DEMO / "un_sc_demo.xml").read_text(encoding="utf-8")
    first = tmp_path / "un_first.xml"
    first.write_text(text.replace('dateGenerated="2026-02-27T00:00:09.554Z"', 'dateGenerated="2026-01-01T00:00:00Z"'),
                     encoding="utf-8")
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    assert "KPi.001" in text[start:end]
    second = tmp_path / "un_second.xml"
    second.write_text((text[:start] + text[end:]).replace('dateGenerated="2026-02-27T00:00:09.554Z"',
                                                          'dateGenerated="2026-01-06T00:00:00Z"'), encoding="utf-8")
    for path in (first, second, DEMO / "un_1718_vessels_demo.csv"):
        load_lists([path], force=True, store=store)


def _ingest_ais(home: Path, tmp_path: Path) -> None:
    """CHON MA SAN (IMO 8660313) renamed SUN BRIGHT on 6 January, around the encounter of the fixture."""
    from sanctionwatch.maritime.ingest import ingest

    rows = ["mmsi,ts,lat,lon,imo,name,call_sign"]
    for hour in range(40):
        day, h = divmod(hour + 14, 24)
        name = "CHON MA SAN" if hour < 30 else "SUN BRIGHT"
        rows.append(f"445123456,2026-01-{4 + day:02d}T{h:02d}:00:00,{38.45 + 0.004 * hour:.4f},"
                    f"{124.85 + 0.005 * hour:.4f},8660313,{name},HMYZ")
    path = tmp_path / "ais.csv"
    path.write_text("\n".join(rows) + "\n")
    ingest([path], home=home)


def _evidence(store, case_id, n, origin, source_kind="ais_provider", reliability="C", credibility=2):
    return cases.add_evidence(f"evidence {case_id}-{n}".encode(), filename=f"item-{n}.txt", kind="document",
                              source=origin, source_kind=source_kind, origin_chain=[origin], reliability=reliability,
                              credibility=credibility, title=f"Item {n} of case {case_id}", case_id=case_id,
                              collected_at="2026-01-08T00:00:00Z", store=store, actor="tester")


def _open_cases(store) -> dict[str, dict]:
    sts = cases.open_case("sts-transfer", "Transfer to the tanker CHON MA SAN", summary="Cho-do hot spot.",
                          period_start="2026-01-05", period_end="2026-01-06", store=store, actor="tester")
    event = encounter_event()
    cases.link(sts["id"], "event", event["id"], label="encounter", data=event, store=store, actor="tester")
    cases.link(sts["id"], "vessel", "mmsi:445123456", label="CHON MA SAN",
               data={"mmsi": 445123456, "imo": 8660313, "name": "CHON MA SAN", "flag": "KP"}, store=store,
               actor="tester")
    cases.link(sts["id"], "vessel", "mmsi:352001234", label="NEW SEA",
               data={"mmsi": 352001234, "imo": 9000001, "name": "NEW SEA", "flag": "PA"}, store=store, actor="tester")
    a = _evidence(store, sts["id"], 1, "AIS provider X")
    b = _evidence(store, sts["id"], 2, "Imagery vendor Y", "commercial_imagery", "B")
    claim = cases.add_claim(sts["id"], "The tanker <b>received</b> oil by ship-to-ship transfer.",
                            evidence_ids=[a["id"], b["id"]], store=store, actor="tester")
    weak = cases.add_claim(sts["id"], "The cargo was diesel.", evidence_ids=[a["id"]], store=store, actor="tester")
    cases.send_letter(sts["id"], party="Panama", party_kind="state", subject="NEW SEA", summary="Registry request",
                      sent_at="2026-01-09", deadline="2026-01-20", claim_id=claim["id"], store=store, actor="tester")
    march = cases.open_case("ais-disabling", "Dark period in March", period_start="2026-03-01",
                            period_end="2026-03-03", store=store, actor="tester")
    gap = gap_event(mmsi=445999001, start="2026-03-02T00:00:00Z", end="2026-03-03T06:00:00Z", lat=39.2, lon=127.6,
                    id="a1b2c3d4e5f60003")
    cases.link(march["id"], "event", gap["id"], label="gap", data=gap, store=store, actor="tester")
    undated = cases.open_case("front-company", "Front company without a period", store=store, actor="tester")
    return {"sts": sts, "march": march, "undated": undated, "claim": claim, "weak": weak}


@pytest.fixture
def populated(store, tmp_path):
    _load_lists(store, tmp_path)
    _ingest_ais(store.home, tmp_path)
    return store, _open_cases(store)


def test_report_of_a_period_through_the_cases_api(populated, tmp_path):
    store, made = populated
    result = build_report(tmp_path / "out", period=(date(2026, 1, 1), date(2026, 1, 31)), store=store,
                          home=store.home, pdf=False)
    html = result.html_path.read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    # Only the January case: the March one and the one opened today fall outside.
    assert [c["ref"] for c in manifest["cases"]] == [made["sts"]["ref"]]
    assert result.counts["cases"] == 1 and result.counts["claims"] == 2 and result.counts["established"] == 1
    assert "Dark period in March" not in html and "Front company without a period" not in html
    assert "The tanker &lt;b&gt;received&lt;/b&gt; oil" in html
    # The report's date is the newest record of its cases (not the period end): the letter's deadline
    # (20 January) passed without a reply.
    newest = cases.case_dossier(made["sts"]["id"], store=store)["as_of"]
    assert f"As of {newest[:10]} {newest[11:16]}Z" in html and f"No reply as of {newest[:10]}" in html
    # Vessel annex from the AIS store: current and past names, call sign, designation by IMO.
    annex = html[html.index("Annex A. Vessels"):html.index("Annex B. Events")]
    assert "SUN BRIGHT" in annex and "formerly CHON MA SAN" in annex and "HMYZ" in annex
    assert "Designated" in annex and "8660313" in annex
    assert "NEW SEA" in annex and "Panama" in annex and "Not designated" in annex
    # List changes: KPi.001 removed on 2026-01-06.
    changes = html[html.index("Annex C."):html.index("Annex D.")]
    assert "KPi.001" in changes and "removed" in changes
    # Provenance: list releases, the ingest and its manifest hash, detector, matcher, audit head.
    prov = manifest["provenance"]
    assert {r["source"] for r in prov["list_releases"]} == {"un_sc", "un_1718_vessels"}
    assert len(prov["ais_ingests"]) == 1 and len(prov["ais_ingests"][0]["manifest_sha256"]) == 64
    assert prov["detectors"][0]["detector"] == "encounter-v1"
    assert prov["matchers"] and prov["settings"]["corroboration_min"] == 2
    assert prov["cases_audit"]["seq"] > 5 and len(prov["cases_audit"]["hash"]) == 64
    assert prov["ais_ingests"][0]["ingest"] in html

    assert (tmp_path / "out" / "figures").is_dir() and result.counts["figures"] == 2
    # The case map carries the vessel's own AIS fixes, not only the event's.
    assert manifest["tracks_sha256"] and "fixes" in html
    # Rebuilding from the same store gives the same bytes.
    again = build_report(tmp_path / "again", period=(date(2026, 1, 1), date(2026, 1, 31)), store=store,
                         home=store.home, pdf=False)
    assert again.html_path.read_bytes() == result.html_path.read_bytes()


def test_report_as_of_an_earlier_date(populated, tmp_path):
    store, made = populated
    result = build_report(tmp_path / "out", case_ids=[made["sts"]["id"]], store=store, home=store.home, pdf=False,
                          as_of=datetime(2026, 1, 15))
    html = result.html_path.read_text(encoding="utf-8")
    # On 15 January the letter of the 9th was still within its deadline.
    assert "As of 2026-01-15 00:00Z" in html and "Reply due 2026-01-20" in html
    assert "No reply as of" not in html


def test_cases_by_id_and_without_period(populated, tmp_path):
    store, made = populated
    by_id = build_report(tmp_path / "ids", case_ids=[made["march"]["ref"], made["undated"]["id"]], store=store,
                         home=store.home, pdf=False)
    assert [c["ref"] for c in by_id.manifest["cases"]] == [made["march"]["ref"], made["undated"]["ref"]]
    today = date.today()
    recent = build_report(tmp_path / "today", period=(today - timedelta(days=1), today + timedelta(days=1)),
                          store=store, home=store.home, pdf=False)
    assert [c["ref"] for c in recent.manifest["cases"]] == [made["undated"]["ref"]]


def test_period_parsing_and_overlap():
    assert parse_period("2026-01-01..2026-03-31") == (date(2026, 1, 1), date(2026, 3, 31))
    for bad in ("2026-01-01", "2026-13-01..2026-12-31", "2026-03-01..2026-01-01", "last month"):
        with pytest.raises(ConfigError):
            parse_period(bad)
    jan = (date(2026, 1, 1), date(2026, 1, 31))
    assert in_period({"period_start": "2025-12-20T00:00:00Z", "period_end": "2026-01-01T00:00:00Z"}, jan)
    assert in_period({"period_start": "2026-01-31T23:00:00Z", "period_end": None}, jan)
    assert not in_period({"period_start": "2026-02-01T00:00:00Z", "period_end": "2026-02-03T00:00:00Z"}, jan)
    assert not in_period({"period_start": "2025-11-01T00:00:00Z", "period_end": "2025-12-31T23:59:59Z"}, jan)
    assert in_period({"period_start": None, "period_end": None, "opened_at": "2026-01-15T08:00:00Z"}, jan)
    assert not in_period({"period_start": None, "period_end": None, "opened_at": "2026-02-01T00:00:00Z"}, jan)


CLI = """
import sys
from sanctionwatch import cli
from sanctionwatch.cli import report
if not any(g.name == "report" for g in cli.app.registered_groups):
    cli.app.add_typer(report.app, name="report")
sys.argv = ["sanctionwatch", *sys.argv[1:]]
cli.main()
"""


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300)


def test_cli_build_prints_paths_and_rejects_a_bad_period(store_env, tmp_path):
    from sanctionwatch.store import open_store

    store = open_store()
    try:
        made = cases.open_case("sts-transfer", "One case", period_start="2026-01-05", store=store, actor="tester")
    finally:
        store.dispose()
    proc = _cli("report", "build", "--period", "2026-01-01..2026-01-31", "--out", str(tmp_path / "out"), "--no-pdf",
                env=store_env)
    assert proc.returncode == 0, proc.stderr
    assert str(tmp_path / "out" / "report.html") in proc.stdout and "1 cases" in proc.stdout
    assert "pdf:" not in proc.stdout
    assert made["ref"] in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    bad = _cli("report", "build", "--period", "January", "--out", str(tmp_path / "bad"), env=store_env)
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --period 'January'"), bad.stderr
    assert not (tmp_path / "bad").exists()
