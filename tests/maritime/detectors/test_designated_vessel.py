from __future__ import annotations

from datetime import timedelta

import pytest

from sanctionwatch.maritime.detectors.base import DetectionContext
from sanctionwatch.maritime.detectors.designated_vessel_v1 import DesignatedVesselV1, listed_vessels, normalise
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.maritime.events import GAP, Event
from tests.maritime.detectors.tracks import T0, leg, positions, statics

A = (38.6, 125.0)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The shipped demo lists (UN 1718 vessels, OFAC SDN and UN consolidated samples) in a new SQLite store."""
    from sanctionwatch.demo import demo_files
    from sanctionwatch.lists.releases import load_lists
    from sanctionwatch.store import open_store
    from sanctionwatch.store.database import default_url

    home = tmp_path_factory.mktemp("lists")
    store = open_store(url=default_url(home), home=home)
    for path in demo_files():
        load_lists([path], force=True, note="test", store=store)
    yield store
    store.engine.dispose()


def detect(table, static_rows, store, events=None, **overrides):
    engine = DuckDBEngine(positions=table, statics=static_rows, threads=2)
    ctx = DetectionContext(engine=engine, areas=None, store=store,
                           extras={"events": list(events or []), "notes": []})
    try:
        detector = DesignatedVesselV1()
        return detector.run(ctx, detector.resolve(overrides)), ctx.extras["notes"]
    finally:
        engine.close()


def track(mmsi, hours=2):
    return leg(mmsi, T0, *A, hours * 60, every=20, knots=0)


def test_without_store_nothing_and_a_note():
    events, notes = detect(positions(track(412000001)), statics(), None)
    assert events == [] and any("no list store" in n for n in notes)


def test_listed_vessels_from_demo_lists(demo_store):
    listed = listed_vessels(demo_store)
    fan_ke = listed.by_imo["8914934"][0]
    assert fan_ke.id == "imo-8914934"
    assert {"FANKE", "EVERBRIGHT88"} <= listed.listed_names(fan_ke)
    assert {(x["source"], x["reference"]) for x in fan_ke.listings} == {("ofac_sdn", "19570"),
                                                                          ("un_1718_vessels", "8914934")}
    assert listed.by_mmsi["341985000"][0].caption == "HAO FAN 6"


def test_match_by_imo_mmsi_and_name(demo_store):
    table = positions(track(412555555), track(341985000), track(440777777), track(412000001))
    rows = statics({"mmsi": 412555555, "imo": 8914934, "name": "GE"},      # listed IMO, false name
                   {"mmsi": 341985000, "name": None},                       # listed MMSI
                   {"mmsi": 440777777, "name": "CHON MA SAN"},              # listed name, nothing else
                   {"mmsi": 412000001, "imo": 8914935, "name": "ORIENT STAR"})  # IMO one digit off, check fails
    gap = Event(type=GAP, vessels=[412555555], start=T0, end=T0 + timedelta(hours=7), lat=A[0], lon=A[1],
                detector="gap-v1", params={})
    events, _ = detect(table, rows, demo_store, events=[gap])
    found = {e.vessels[0]: e for e in events}
    assert set(found) == {412555555, 341985000, 440777777}
    imo = found[412555555].details
    assert imo["entity_id"] == "imo-8914934" and imo["matched_on"] == [{"field": "imo", "value": "8914934",
                                                                         "score": 1.0}]
    assert {"source": "ofac_sdn", "reference": "19570"} in imo["listings"]
    assert imo["other_events"] == [{"id": gap.id, "type": "gap", "detector": "gap-v1"}]
    assert found[341985000].details["matched_on"][0]["field"] == "mmsi"
    name = found[440777777].details
    assert name["entity_id"] == "imo-8660313" and name["matched_on"][0]["field"] == "name"
    assert name["matched_on"][0]["score"] >= 0.9
    event = found[412555555]
    assert (event.start, event.end, event.type) == (T0, T0 + timedelta(hours=2), "designated_vessel")
    assert 0 < len(event.positions) <= 200
    without_names, _ = detect(table, rows, demo_store, match_names=False)
    assert {e.vessels[0] for e in without_names} == {412555555, 341985000}


def test_unrelated_names_do_not_match(demo_store):
    table = positions(track(366000001), track(366000002))
    rows = statics({"mmsi": 366000001, "name": "ATLANTIC TRADER"}, {"mmsi": 366000002, "name": "SEA SPIRIT"})
    assert detect(table, rows, demo_store)[0] == []


def test_normalise():
    assert normalise("Sam Ma 2@@") == normalise("SAM MA2") == "SAMMA2"
    assert normalise(None) == normalise("@@@") == ""
