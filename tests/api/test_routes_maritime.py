"""/api/maritime: events of the latest run (filters, GeoJSON/JSON/CSV) and vessel profiles with tracks, over a
small synthetic scenario ingested and detected once for the module."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.keys import create_key
from sanctionwatch.api.routes import maritime


@pytest.fixture(scope="module")
def ais_home(tmp_path_factory) -> Path:
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.ingest import ingest
    from sanctionwatch.maritime.scenario import generate

    base = tmp_path_factory.mktemp("scenario")
    generate(base / "out", seed=3, vessels=60, days=2, formats=("csv",))
    home = base / "home"
    ingest(sorted((base / "out" / "csv").glob("*")), home=home)
    detect(home=home, list_store=None)
    return home


@pytest.fixture
def api(store, ais_home):
    # The module's AIS store, seen from this test's home (the relational store is per test and backend).
    (store.home / "ais").symlink_to(ais_home / "ais", target_is_directory=True)
    client = TestClient(create_app(store, routers=[maritime.router]))
    key, _row = create_key("map", "read", store=store)
    client.headers["Authorization"] = f"Bearer {key}"
    return client


def _all(api, **params):
    answer = api.get("/api/maritime/events", params={"format": "json", **params})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_events_geojson_and_filters(api):
    every = _all(api)
    events = every["events"]
    assert every["total"] == len(events) == every["returned"] > 0 and every["run"]["run"]
    types = {e["type"] for e in events}
    assert {"gap", "zone_entry"} <= types

    geo = api.get("/api/maritime/events")
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    collection = geo.json()
    assert collection["type"] == "FeatureCollection" and collection["total"] == len(events)
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert len(points) == len(events)
    assert any(f["geometry"]["type"] == "LineString" for f in collection["features"])
    bare = api.get("/api/maritime/events", params={"positions": "false"}).json()
    assert all(f["geometry"]["type"] == "Point" for f in bare["features"])

    gaps = _all(api, type="gap")["events"]
    assert gaps and {e["type"] for e in gaps} == {"gap"}
    both = _all(api, type=["gap", "encounter"])["events"]
    assert {e["type"] for e in both} == {"gap", "encounter"} & types
    assert _all(api, detector="gap-v1")["events"] == gaps == _all(api, detector="gap")["events"]

    vessel = gaps[0]["vessels"][0]
    own = _all(api, vessel=vessel)["events"]
    assert own and all(vessel in e["vessels"] for e in own)

    start = min(datetime.fromisoformat(e["start"][:-1]) for e in events)
    middle = start.replace(hour=0, minute=0, second=0).isoformat() + "Z"
    later = _all(api, since="2026-01-06T00:00:00Z")["events"]
    earlier = _all(api, until="2026-01-06T00:00:00Z")["events"]
    assert later and earlier and len(later) < len(events) and len(earlier) < len(events)
    assert all(e["end"] >= "2026-01-06T00:00:00Z" for e in later)
    assert all(e["start"] < "2026-01-06T00:00:00Z" for e in earlier)
    assert _all(api, since=middle, until="2026-01-06")["total"] == len(earlier)

    e = gaps[0]
    box = f"{e['lon'] - 0.01},{e['lat'] - 0.01},{e['lon'] + 0.01},{e['lat'] + 0.01}"
    boxed = _all(api, bbox=box)["events"]
    assert e["id"] in {x["id"] for x in boxed} and len(boxed) < len(events)
    assert _all(api, bbox="0,-10,1,-9")["total"] == 0

    limited = _all(api, limit=3)
    assert limited["returned"] == 3 and limited["total"] == len(events)


def test_events_csv_is_escaped(api, store):
    """CSV goes through export.write_events: text cells that a spreadsheet would run are escaped."""
    from sanctionwatch.maritime.detect import DetectionRun, save_run
    from sanctionwatch.maritime.engine import Window
    from sanctionwatch.maritime.events import Event

    answer = api.get("/api/maritime/events", params={"format": "csv", "type": "gap"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows and {r["type"] for r in rows} == {"gap"}

    # A run of this test's own (the module's store stays as it is): a detector name a spreadsheet would run.
    (store.home / "ais").unlink()
    event = Event(type="gap", vessels=[445123456], start=datetime(2026, 1, 5), end=datetime(2026, 1, 6),
                  lat=39.0, lon=125.0, detector="=HYPERLINK(\"http://x\")", params={}, details={})
    save_run(DetectionRun(id="t1", events=[event], window=Window(), detectors=[], engine="duckdb"), store.home)
    text = api.get("/api/maritime/events", params={"format": "csv"}).text
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["detector"] == "'=HYPERLINK(\"http://x\")" and row["lon"] == "125.0"


def test_events_bad_filters(api):
    assert api.get("/api/maritime/events", params={"type": "piracy"}).status_code == 422
    for params in ({"bbox": "1,2,3"}, {"bbox": "0,10,1,5"}, {"since": "yesterday"},
                   {"since": "2026-01-06", "until": "2026-01-05"}):
        answer = api.get("/api/maritime/events", params=params)
        assert answer.status_code == 400, (params, answer.text)
        assert answer.json()["ok"] is False and answer.json()["error"]
    assert api.get("/api/maritime/events", params={"vessel": "12345678901"}).status_code == 422
    assert api.get("/api/maritime/events", params={"limit": 0}).status_code == 422


def test_no_run_yet(store):
    client = TestClient(create_app(store, routers=[maritime.router]))
    key, _ = create_key("map", "read", store=store)
    answer = client.get("/api/maritime/events", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200 and answer.json()["features"] == [] and answer.json()["total"] == 0


def test_dangling_run_pointer_names_no_path(store):
    from sanctionwatch.maritime.detect import events_dir

    folder = events_dir(store.home)
    folder.mkdir(parents=True)
    (folder / "latest").write_text("run-gone.jsonl")
    client = TestClient(create_app(store, routers=[maritime.router]))
    key, _ = create_key("map", "read", store=store)
    answer = client.get("/api/maritime/events", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 404
    assert answer.json()["error"] == ("the latest detection run (run-gone.jsonl) is missing; "
                                      "run `sanctionwatch ais detect` again")
    assert str(store.home) not in answer.text


def test_vessel_profile_and_track(api):
    events = _all(api, type="gap")["events"]
    mmsi = events[0]["vessels"][0]
    profile = api.get(f"/api/maritime/vessels/{mmsi}").json()
    assert profile["kind"] == "mmsi" and profile["mmsis"] == [mmsi] and profile["track"] is None
    assert profile["identities"] and profile["tracks"][0]["positions"] > 10
    assert profile["tracks"][0]["first_seen"].endswith("Z")
    assert {e["id"] for e in events if mmsi in e["vessels"]} <= {e["id"] for e in profile["events"]}

    full = api.get(f"/api/maritime/vessels/{mmsi}", params={"track": "true", "track_max": 20000}).json()
    [line] = full["track"]["features"]
    assert line["geometry"]["type"] == "LineString" and line["properties"]["mmsi"] == mmsi
    count = profile["tracks"][0]["positions"]
    assert line["properties"]["positions"] == count == len(line["geometry"]["coordinates"])
    assert line["properties"]["thinned"] is False

    thin = api.get(f"/api/maritime/vessels/{mmsi}", params={"track": "true", "track_max": 10}).json()
    [short] = thin["track"]["features"]
    coords = short["geometry"]["coordinates"]
    assert short["properties"]["thinned"] is True and 2 <= len(coords) <= 11
    # Thinning keeps both ends of the track.
    assert coords[0] == line["geometry"]["coordinates"][0] and coords[-1] == line["geometry"]["coordinates"][-1]

    window = api.get(f"/api/maritime/vessels/{mmsi}", params={"track": "true", "since": "2026-01-06"}).json()
    assert window["track"]["features"][0]["properties"]["first"] >= "2026-01-06"

    imo = next((i["imo"] for i in profile["identities"] if i.get("imo")), None)
    if imo:
        by_imo = api.get(f"/api/maritime/vessels/IMO{imo}").json()
        assert by_imo["kind"] == "imo" and mmsi in by_imo["mmsis"]


def test_vessel_errors(api):
    assert api.get("/api/maritime/vessels/12345").status_code == 400
    assert api.get("/api/maritime/vessels/" + "9" * 60).status_code == 400
    missing = api.get("/api/maritime/vessels/999999999")
    assert missing.status_code == 404 and "999999999" in missing.json()["error"]
    assert api.get("/api/maritime/vessels/445123456", params={"track_max": 1}).status_code == 422


def test_keys_refused(api):
    bare = TestClient(api.app)
    assert bare.get("/api/maritime/events").status_code == 401
    assert bare.get("/api/maritime/vessels/445123456").status_code == 401
    unknown = api.get("/api/maritime/events", headers={"Authorization": "Bearer sw_" + "A" * 43})
    assert unknown.status_code == 401
