"""``sanctionwatch ais``: ingest, detect, vessel, detectors — JSON shapes, files, one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import run

MARINECADASTRE = "ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"


@pytest.fixture()
def home_env(tmp_path):
    return {"SANCTIONWATCH_HOME": str(tmp_path / "home"), "SANCTIONWATCH_DATABASE_URL": ""}


def test_ingest_detect_vessel(shared_file, home_env, tmp_path):
    report = json.loads(run("ais", "ingest", str(shared_file(MARINECADASTRE)), "--output", "json",
                            env=home_env).stdout)
    assert report["positions_kept"] == 99_996 and report["dropped"]["duplicate"] == 3

    events = json.loads(run("ais", "detect", "--format", "json", env=home_env).stdout)
    assert events, "the MarineCadastre slice has gaps and identity anomalies"
    for e in events:
        assert {"type", "vessels", "start", "end", "lat", "lon", "detector", "params"} <= set(e)
        assert e["detector"].endswith("-v1") and all(isinstance(v, int) for v in e["vessels"])
    kinds = {e["details"].get("kind") for e in events if e["type"] == "identity"}
    assert "shared_mmsi" in kinds

    # a window and a box narrow the run; the same events come out in every format
    out = tmp_path / "events.geojson"
    run("ais", "detect", "-d", "identity", "--bbox", "-125,30,-114,42", "--format", "geojson", "-o", str(out),
        env=home_env)
    features = json.loads(out.read_text())["features"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    inside = lambda lon, lat: -125 <= lon <= -114 and 30 <= lat <= 42  # noqa: E731
    for point in points:  # an event happens in the box: its position, or one of its fixes
        tracks = [f["geometry"]["coordinates"] for f in features
                  if f["geometry"]["type"] == "LineString" and f["properties"]["event"] == point["properties"]["id"]]
        assert inside(*point["geometry"]["coordinates"]) or any(inside(*c) for t in tracks for c in t)
    assert points and len(points) < sum(1 for e in events if e["type"] == "identity")
    assert {f["properties"]["type"] for f in points} == {"identity"}
    kml = tmp_path / "events.kml"
    run("ais", "detect", "-d", "gap", "--since", "2022-01-03T00:00:00Z", "--format", "kml", "-o", str(kml),
        env=home_env)
    assert kml.read_text().count("<Placemark>") == sum(1 for e in events if e["type"] == "gap")

    shared = next(e for e in events if e["details"].get("kind") == "shared_mmsi")
    mmsi = shared["vessels"][0]
    profile = json.loads(run("ais", "vessel", str(mmsi), "--format", "json", env=home_env).stdout)
    assert profile["mmsis"] == [mmsi] and profile["tracks"][0]["positions"] > 0
    assert not profile["designated"]
    # the vessel view shows the events of the latest run (the gap-only run above)
    assert all(e["type"] == "gap" for e in profile["events"])


def test_detectors_are_described(home_env):
    described = json.loads(run("ais", "detectors", "--format", "json", env=home_env).stdout)
    assert [d["id"] for d in described] == ["gap-v1", "encounter-v1", "loitering-v1", "port_visit-v1",
                                            "zone_entry-v1", "identity-v1", "designated_vessel-v1"]
    for d in described:
        assert d["params"] and all(p["source"] for p in d["params"]), d["id"]
    gap = {p["name"]: p for p in described[0]["params"]}
    assert gap["min_gap_hours"]["default"] == 6 and "GFW" in gap["min_gap_hours"]["source"]


def test_errors_are_one_line(home_env, tmp_path):
    proc = run("ais", "detect", env=home_env, check=False)
    assert proc.returncode == 4 and "no AIS positions" in proc.stderr
    proc = run("ais", "detect", "--bbox", "1,2,3", env=home_env, check=False)
    assert proc.returncode == 2 and "--bbox" in proc.stderr
    proc = run("ais", "detect", "--param", "gap.nope=1", env=home_env, check=False)
    assert proc.returncode == 2 and "unknown parameter 'nope'" in proc.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("MMSI,BaseDateTime,LAT,LON\n366000001,2022-01-03T00:00:00,30.0,-120.0\n366000001,noon,30,-120\n")
    proc = run("ais", "ingest", str(bad), env=home_env, check=False)
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1
    assert "bad.csv" in proc.stderr and "line 3" in proc.stderr
    proc = run("ais", "vessel", "12345", env=home_env, check=False)
    assert proc.returncode == 2 and "MMSI" in proc.stderr
