from __future__ import annotations

from datetime import timedelta

import pytest

from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors import get_detector
from sanctionwatch.maritime.detectors.loitering_v1 import LoiteringV1
from sanctionwatch.maritime.events import Event
from tests.maritime.detectors.tracks import (
    T0, context, end_of, leg, marinecadastre_tables, offset, positions, run, statics, suez_positions,
)

OFFSHORE = (36.0, 123.0)            # Yellow Sea, ~180 km from the nearest shipped port
BUSAN = (35.10, 129.04)
LONGKOU = (37.65, 120.32)           # a port inside the Longkou STS hot spot


@pytest.fixture(scope="module")
def areas():
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def slow_spell(mmsi, hours, at=OFFSHORE, knots=1.0, start=T0 + timedelta(hours=2)):
    """Arrive at 10 kn for two hours, drift at ``knots`` for ``hours``, leave at 10 kn for two hours."""
    arrive_from = offset(*at, 0.0, -37.04)          # 2 h at 10 kn
    arrive = leg(mmsi, start - timedelta(hours=2), *arrive_from, 120, every=10.0, knots=10.0, bearing=90.0)
    _, lat, lon = end_of(arrive)
    drift = leg(mmsi, start, lat, lon, hours * 60, every=10.0, knots=knots, bearing=0.0)[1:]
    ts, lat, lon = end_of(drift)
    leave = leg(mmsi, ts, lat, lon, 120, every=10.0, knots=10.0, bearing=90.0)[1:]
    return arrive + drift + leave


def test_five_hours_at_one_knot_offshore_is_loitering(areas):
    events = run(LoiteringV1(), positions(slow_spell(1, 5)), areas)
    assert len(events) == 1
    event = events[0]
    assert event.type == "loitering" and event.vessels == [1] and event.detector == "loitering-v1"
    assert event.start >= T0 + timedelta(hours=2) and event.start < T0 + timedelta(hours=3)
    assert event.end > T0 + timedelta(hours=6) and event.end <= T0 + timedelta(hours=7)
    assert event.details["mean_speed_knots"] == pytest.approx(1.0, abs=0.1)
    assert event.details["total_distance_nm"] == pytest.approx(event.details["hours"] * 1.0, abs=0.5)
    assert event.details["zones"] == []
    assert event.details["nearest_port"]["km"] > 100
    assert event.lat == pytest.approx(OFFSHORE[0], abs=0.05) and event.lon == pytest.approx(OFFSHORE[1], abs=0.05)
    assert 0 < len(event.positions) <= 200


def test_three_hours_is_not(areas):
    assert run(LoiteringV1(), positions(slow_spell(1, 3)), areas) == []


def test_sailing_at_three_knots_is_not(areas):
    assert run(LoiteringV1(), positions(slow_spell(1, 6, knots=3.0)), areas) == []


def test_near_a_foreign_port_is_not(areas):
    near = offset(*BUSAN, -8.0, 0.0)
    table = positions(slow_spell(1, 6, at=near))
    ctx = context(table, areas)
    try:
        detector = LoiteringV1()
        assert detector.run(ctx, detector.resolve()) == []
        assert ctx.extras["counts"]["loitering-v1"]["near_port"] == 1
    finally:
        ctx.engine.close()
    assert len(run(LoiteringV1(), table, areas, min_port_distance_km=0)) == 1


def test_near_a_port_inside_a_hot_spot_is_loitering(areas):
    events = run(LoiteringV1(), positions(slow_spell(1, 6, at=offset(*LONGKOU, 6.0, 0.0))), areas)
    assert len(events) == 1
    assert "hs-longkou" in events[0].details["zones"]
    assert events[0].details["nearest_port"]["id"] == "cn-longkou"


def test_fishing_vessel_is_not(areas):
    table = positions(slow_spell(1, 6), slow_spell(2, 6, at=offset(*OFFSHORE, 50.0, 0.0)))
    # Vessel 1 once said cargo (70), then fishing (30): the latest type counts.
    types = statics({"mmsi": 1, "ship_type": 70, "ts": T0 - timedelta(days=3)}, {"mmsi": 1, "ship_type": 30},
                    {"mmsi": 2, "ship_type": 80})
    assert [e.vessels for e in run(LoiteringV1(), table, areas, static_rows=types)] == [[2]]
    both = run(LoiteringV1(), table, areas, static_rows=types, exclude_fishing=False)
    assert sorted(e.vessels for e in both) == [[1], [2]]
    assert {e.vessels[0]: e.details["ship_type"] for e in both} == {1: 30, 2: 80}


def encounter(vessels, start, end):
    return Event(type="encounter", vessels=vessels, start=start, end=end, lat=OFFSHORE[0], lon=OFFSHORE[1],
                 detector="encounter-v1", params={})


def test_loitering_inside_an_encounter_is_dropped(areas):
    table = positions(slow_spell(1, 6))
    covering = encounter([1, 7], T0 + timedelta(hours=2), T0 + timedelta(hours=7))
    assert run(LoiteringV1(), table, areas, events=[covering]) == []
    assert len(run(LoiteringV1(), table, areas, events=[covering], skip_when_encounter=False)) == 1


def test_loitering_mostly_outside_encounters_is_kept(areas):
    table = positions(slow_spell(1, 6))
    short = encounter([1, 7], T0 + timedelta(hours=2), T0 + timedelta(hours=4))
    other_vessel = encounter([5, 7], T0, T0 + timedelta(hours=12))
    assert len(run(LoiteringV1(), table, areas, events=[short, other_vessel])) == 1


def test_hours_with_a_single_fix_use_its_sog(areas):
    # One fix per hour, drifting at 0.5 kn and saying so: each hour is slow by its SOG.
    rows = leg(1, T0, *OFFSHORE, 6 * 60, every=60.0, knots=0.5)
    events = run(LoiteringV1(), positions(rows), areas)
    assert len(events) == 1 and events[0].details["slow_hours"] == 7
    assert events[0].details["mean_speed_knots"] == pytest.approx(0.5, abs=0.01)   # from the movement
    assert events[0].details["total_distance_nm"] == pytest.approx(3.0, abs=0.01)
    # The same fixes without SOG say nothing about speed within an hour.
    assert run(LoiteringV1(), positions([{**r, "sog": None} for r in rows]), areas) == []


def test_an_hour_without_fixes_breaks_the_period(areas):
    rows = [r for r in slow_spell(1, 7) if not (T0 + timedelta(hours=5) <= r["ts"] < T0 + timedelta(hours=6))]
    # Slow 02:00-05:00 and 06:00-09:00: two spells of 3 h, neither long enough.
    assert run(LoiteringV1(), positions(rows), areas) == []


def test_registered_and_described():
    detector = get_detector("loitering-v1")
    assert isinstance(detector, LoiteringV1)
    assert all(p["source"] for p in detector.describe()["params"])


# --- real data -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world_areas(shared_file):
    return Areas.load(ports_path=shared_file("ports/WPI_ports.csv"),
                      anchorages_path=shared_file("ports/gfw_anchorage_overrides.csv"), land_path="")


def test_suez_queue_is_anchorage_not_loitering(shared_file, world_areas):
    """Ships waiting for the canal (March 2021) are slow for hours, at the anchorages of Suez Bay and
    Port Said: loitering with the port distance off, nothing with it on."""
    table = suez_positions(shared_file("ais/movingpandas_evergiven_boat_positions/boat-positions.csv"))
    waiting = run(LoiteringV1(), table, world_areas, min_port_distance_km=0)
    reported = run(LoiteringV1(), table, world_areas)
    # Measured: 186 slow periods of 135 ships (of 256) without the port rule; 0 with it.
    assert len(waiting) >= 150 and len({e.vessels[0] for e in waiting}) >= 100
    assert len(reported) <= len(waiting) // 20
    for event in reported:
        assert not world_areas.near_port(event.lat, event.lon, 20.0)
    for event in waiting:
        assert event.duration_hours >= 4 and event.details["mean_speed_knots"] < 2


def test_marinecadastre_sample_runs(shared_file, world_areas):
    found, static = marinecadastre_tables(
        shared_file("ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"))
    events = run(LoiteringV1(), found, world_areas, static_rows=static, min_duration_hours=0.25,
                 min_port_distance_km=0, exclude_fishing=False)
    # 25 minutes of US traffic, most of it moored: with a 15-minute minimum and no port rule, the
    # moored vessels show as slow; fishing vessels (type 30) go once the rule is back on.
    assert len(events) > 100
    no_fishing = run(LoiteringV1(), found, world_areas, static_rows=static, min_duration_hours=0.25,
                     min_port_distance_km=0)
    assert 0 < len(no_fishing) < len(events)
    assert all(e.details["ship_type"] != 30 for e in no_fishing)
