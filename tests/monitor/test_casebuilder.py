"""Cases from a real detection run: the demo's lists, a generated scenario, ingest and every detector,
then open_cases_from_events. Checks what a reader of the report relies on."""

from __future__ import annotations

import json

import pytest

from sanctionwatch import cases
from sanctionwatch.demo import demo_files
from sanctionwatch.lists.releases import load_lists
from sanctionwatch.maritime.detect import detect
from sanctionwatch.maritime.ingest import ingest
from sanctionwatch.maritime.scenario import generate
from sanctionwatch.monitor.casebuilder import open_cases_from_events
from sanctionwatch.store import open_store

FEED = "AIS feed: test scenario"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = tmp_path_factory.mktemp("monitor")
    mp = pytest.MonkeyPatch()
    mp.setenv("SANCTIONWATCH_HOME", str(home))
    mp.delenv("SANCTIONWATCH_DATABASE_URL", raising=False)
    store = open_store(home=home)
    for path in demo_files():
        load_lists([path], force=True, store=store)
    generate(home / "scenario", seed=7, vessels=120, days=4, formats=("nmea",))
    ingest(sorted((home / "scenario" / "nmea").glob("*.nmea")), home=home)
    run = detect(home=home, list_store=store)
    events = [e.to_dict() for e in run.events]
    report = open_cases_from_events(events, run=run.summary(), feed=FEED, store=store, actor="test")
    yield store, events, run, report
    store.dispose()
    mp.undo()


def test_the_planted_stories_become_cases(built):
    store, _, _, report = built
    typologies = {c["typology"] for c in report.cases}
    assert {"sts-transfer", "ais-disabling", "identity-fraud", "designated-vessel-activity"} <= typologies
    sts = next(c for c in report.cases if c["typology"] == "sts-transfer")
    dossier = cases.case_dossier(sts["id"], store=store)
    assert sorted(int(l["ref"].split(":")[1]) for l in dossier["links"] if l["kind"] == "vessel") == sts["vessels"]
    assert any(l["kind"] == "event" and l["data"]["type"] == "encounter" for l in dossier["links"])


def test_ais_alone_stays_unverified_and_the_designation_is_established(built):
    store, _, _, report = built
    designated = next(c for c in report.cases if c["typology"] == "designated-vessel-activity")
    claims = cases.case_dossier(designated["id"], store=store)["claims"]
    listed = [c for c in claims if "is designated" in c["text"]]
    assert listed, [c["text"] for c in claims]
    # UN (Security Council) and OFAC (US Treasury): two independent origins.
    assert listed[0]["corroboration"]["status"] == "established"
    assert len(listed[0]["corroboration"]["roots"]) >= 2
    ais_only = [c for c in claims if c not in listed]
    assert ais_only and all(c["corroboration"]["status"] == "unverified" for c in ais_only)
    # the AIS extract and the detection record are two items but one origin: the feed
    evidence = ais_only[0]["evidence"]
    assert len(evidence) == 2 and {e["origin_chain"][0] for e in evidence} == {FEED}


def test_evidence_is_what_the_store_holds(built):
    store, _, _, report = built
    sts = next(c for c in report.cases if c["typology"] == "sts-transfer")
    dossier = cases.case_dossier(sts["id"], store=store)
    extract = next(e for e in dossier["evidence"] if e["kind"] == "ais_track")
    lines = cases.read_evidence(extract["id"], store=store).decode().splitlines()
    assert lines[0].startswith("mmsi,time_utc,lat,lon")
    assert {int(line.split(",")[0]) for line in lines[1:]} == set(sts["vessels"])
    record = next(e for e in dossier["evidence"] if e["filename"].startswith("detections-"))
    body = json.loads(cases.read_evidence(record["id"], store=store))
    assert all("seconds" not in d for d in body["detectors"])   # no timings: same run, same bytes
    assert {e["type"] for e in body["events"]} >= {"encounter"}


def test_a_second_pass_opens_nothing_new(built):
    store, events, run, report = built
    again = open_cases_from_events(events, run=run.summary(), feed=FEED, store=store, actor="test")
    assert again.cases == []
    assert len(again.already_open) == len(report.cases)


def test_everything_written_verifies(built):
    store = built[0]
    result = cases.verify_cases(store=store)
    assert result["ok"], result["problems"][:3]
    files = {e["sha256"] for c in built[3].cases for e in cases.case_dossier(c["id"], store=store)["evidence"]}
    assert result["evidence_checked"] >= len(files) > 0   # each stored file re-hashed (shared files once)


def test_new_events_of_a_matter_already_under_a_case_join_that_case(built):
    store, events, run, report = built
    dark = next(c for c in report.cases if c["typology"] == "ais-disabling")
    dossier = cases.case_dossier(dark["id"], store=store)
    gap = next(l["data"] for l in dossier["links"] if l["kind"] == "event" and l["data"]["type"] == "gap")
    # The same vessel dark again 30 h after the first silence ended: a later run's new event.
    later = dict(gap, id="later-gap-0001", start=gap["end"][:11] + "23:00:00Z",
                 end=gap["end"][:11] + "23:59:59Z")
    from datetime import timedelta

    from sanctionwatch.maritime.events import parse_time

    later["start"] = (parse_time(gap["end"]) + timedelta(hours=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later["end"] = (parse_time(gap["end"]) + timedelta(hours=44)).strftime("%Y-%m-%dT%H:%M:%SZ")
    again = open_cases_from_events(events + [later], run=run.summary(), feed=FEED, store=store, actor="test")
    extended = [c for c in again.cases if c.get("extended")]
    assert [c["id"] for c in extended] == [dark["id"]]
    refs = {l["ref"] for l in cases.case_dossier(dark["id"], store=store)["links"]}
    assert "later-gap-0001" in refs
    assert not [c for c in again.cases if not c.get("extended")]
