"""A prepared data home for the web UI tests: the demo lists (the UN list in two releases, so that the
change feed has an addition, a removal and an amendment), a small generated AIS scenario ingested and
run through every detector, cases opened from its events (one enriched with independent evidence, a
minority view and letters), one report built through the API, and keys of each role."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

DEMO = Path(__file__).resolve().parents[2] / "sanctionwatch" / "data" / "demo"
FEED = "AIS feed: web test scenario"


@dataclass
class WebHome:
    home: Path
    store: Any
    keys: dict[str, str] = field(default_factory=dict)
    key_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    sts_case: int = 0
    other_case: int = 0
    vessel: int = 0
    report_id: str = ""


def _un_releases(tmp: Path) -> list[Path]:
    """2026-01-01 without KPi.007 and with another note on KPi.030; 2026-02-27 without KPi.001."""
    text = (DEMO / "un_sc_demo.xml").read_text(encoding="utf-8")

    def without(src: str, ref: str) -> str:
        at = src.index(f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>")
        start = src.rindex("<INDIVIDUAL>", 0, at)
        end = src.index("</INDIVIDUAL>", at) + len("</INDIVIDUAL>")
        return src[:start] + src[end:]

    note = "Kim Song Chol is a KOMID official that has conducted business in Sudan on behalf of KOMID’s interests."
    assert note in text
    first = without(text, "KPi.007").replace(note, "Kim Song Chol is a KOMID official.")
    first = first.replace('dateGenerated="2026-02-27T00:00:09.554Z"', 'dateGenerated="2026-01-01T00:00:00Z"')
    second = without(text, "KPi.001")
    paths = [tmp / "un_2026-01-01.xml", tmp / "un_2026-02-27.xml"]
    paths[0].write_text(first, encoding="utf-8")
    paths[1].write_text(second, encoding="utf-8")
    return paths


def _enrich(store: Any, case_id: int) -> None:
    """Independent imagery (so one claim is established), a minority view, a letter answered and one not."""
    from sanctionwatch import cases

    dossier = cases.case_dossier(case_id, store=store)
    claim = dossier["claims"][0]["id"]
    imagery = cases.add_evidence(b"imagery analysis: two tankers alongside, hoses rigged", filename="imagery-note.txt",
                                 kind="document", source="Imagery vendor Y", source_kind="commercial_imagery",
                                 origin_chain=["Imagery vendor Y"], reliability="B", credibility=2,
                                 title="Satellite imagery analysis of the meeting", case_id=case_id,
                                 collected_at="2026-01-08T00:00:00Z", store=store, actor="web-test")
    cases.attach_evidence(claim, imagery["id"], store=store, actor="web-test")
    cases.add_review(claim, reviewer="Expert 3", view="minority",
                     text="The imagery cannot show what was transferred; sheltering from weather is possible.",
                     store=store, actor="web-test")
    letter = cases.send_letter(case_id, party="Panama", party_kind="state", subject="Registry of the tanker",
                               summary="Request for the registry file", sent_at="2026-01-10", deadline="2026-01-25",
                               claim_id=claim, store=store, actor="web-test")
    cases.record_reply(letter["id"], received_at="2026-01-20", summary="The registry deleted the vessel in 2025.",
                       assessment="consistent with the claim", store=store, actor="web-test")
    cases.send_letter(case_id, party="Owner of the tanker", party_kind="entity", subject="Meeting of 6 January",
                      summary="Invitation to comment", sent_at="2026-01-10", deadline="2026-01-25",
                      store=store, actor="web-test")


@pytest.fixture(scope="session")
def web_home(tmp_path_factory) -> Any:
    from fastapi.testclient import TestClient

    from sanctionwatch.api.keys import create_key, revoke_key
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.ingest import ingest
    from sanctionwatch.maritime.scenario import generate
    from sanctionwatch.monitor.casebuilder import open_cases_from_events
    from sanctionwatch.store import open_store
    from tests.web.serve_app import app as make_app

    home = tmp_path_factory.mktemp("web") / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("SANCTIONWATCH_HOME", str(home))
    mp.delenv("SANCTIONWATCH_DATABASE_URL", raising=False)
    for name in ("LAND", "AIS_PORTS", "AIS_ANCHORAGES"):
        mp.delenv(f"SANCTIONWATCH_{name}", raising=False)
    store = open_store(home=home)
    data = WebHome(home=home, store=store)
    try:
        for path in _un_releases(home.parent) + [DEMO / "un_1718_vessels_demo.csv", DEMO / "ofac_sdn_demo.csv"]:
            load_lists([path], force=True, note="web test", store=store)
        generate(home / "scenario", seed=7, vessels=60, days=4, formats=("csv",))
        ingest(sorted((home / "scenario" / "csv").glob("*.csv")), home=home)
        run = detect(home=home, list_store=store)
        events = [e.to_dict() for e in run.events]
        built = open_cases_from_events(events, run=run.summary(), feed=FEED, store=store, actor="web-test")
        data.cases = built.cases
        sts = next(c for c in built.cases if c["typology"] == "sts-transfer")
        data.sts_case = sts["id"]
        data.vessel = sts["vessels"][0]
        data.other_case = next(c["id"] for c in built.cases if c["id"] != sts["id"])
        _enrich(store, data.sts_case)
        for role in ("read", "screen", "analyst", "admin"):
            data.keys[role], data.key_rows[role] = create_key(f"web-{role}", role, store=store, created_by="web-test")
        data.keys["one-case"], _ = create_key("web-one-case", "read", case_ids=[data.other_case], store=store,
                                              created_by="web-test")
        data.keys["revoked"], row = create_key("web-revoked", "analyst", store=store, created_by="web-test")
        revoke_key(row["id"], store=store)
        # The report is built the way a client builds one: through the API, into HOME/reports/<id>/. One
        # case keeps it to two maps (a report of every case takes twice as long).
        with TestClient(make_app()) as client:
            answer = client.post("/api/reports", json={"title": "Web UI test report", "pdf": True,
                                                       "case_ids": [data.sts_case]},
                                 headers={"Authorization": f"Bearer {data.keys['analyst']}"})
            assert answer.status_code == 201, answer.text
            data.report_id = answer.json()["id"]
        yield data
    finally:
        store.dispose()
        mp.undo()


def fail_or_skip(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets a fixture see whether its test failed (the browser tests save a screenshot of the failure).
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
