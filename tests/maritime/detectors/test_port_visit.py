from __future__ import annotations

from datetime import timedelta

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors.port_visit_v1 import PortVisitV1, confidence
from tests.maritime.detectors.tracks import T0, end_of, leg, offset, positions, run

NAMPHO = (38.716667, 125.4)
BUSAN = (35.1, 129.04)
SHIP, OTHER = 412000001, 412000002


@pytest.fixture(scope="module")
def areas() -> Areas:
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def call(mmsi, port, stop_km_west=1.5, stop_minutes=600, start=T0):
    """Sail east towards the port from 20 km west, stop ``stop_km_west`` short of it, sail back west."""
    lat, lon = offset(*port, 0, -20)
    approach_minutes = (20 - stop_km_west) / 18.52 * 60
    approach = leg(mmsi, start, lat, lon, approach_minutes, every=approach_minutes / 12, knots=10, bearing=90)
    ts, lat, lon = end_of(approach)
    stay = leg(mmsi, ts + timedelta(minutes=5), lat, lon, stop_minutes, every=10, knots=0)
    ts, lat, lon = end_of(stay)
    depart = leg(mmsi, ts + timedelta(minutes=5), lat, lon, 120, every=10, knots=10, bearing=270)
    return approach + stay + depart


def test_confidence_levels_follow_gfw():
    assert confidence(True, True, True) == 4
    assert confidence(True, False, True) == confidence(False, True, True) == 3
    assert confidence(False, False, True) == 2
    assert confidence(True, True, False) == confidence(False, False, False) == 1


def test_visit_just_inside_entry_radius_is_a_confidence_4_call(areas):
    track = call(SHIP, NAMPHO, stop_km_west=2.7)
    [event] = run(PortVisitV1(), positions(track), areas)
    d = event.details
    assert (event.type, event.vessels, d["port_id"], d["port_country"]) == ("port_visit", [SHIP], "kp-nampho", "KP")
    assert (d["entry"], d["exit"], d["stopped"], d["confidence"]) == (True, True, True, 4)
    assert 9.5 <= d["stopped_hours"] <= 10.5
    assert 2.5 < d["min_distance_km"] < 3.0
    assert event.detector == "port_visit-v1" and event.params["entry_km"] == 3.0
    assert event.start <= track[13]["ts"] and event.end >= track[13 + 60]["ts"]
    assert not d["ais_off_before_arrival"] and not d["ais_off_after_departure"]
    assert 0 < len(event.positions) <= 200


def test_stopping_at_3_5_km_is_no_visit(areas):
    track = call(SHIP, NAMPHO, stop_km_west=3.5)
    assert run(PortVisitV1(), positions(track), areas) == []


def test_hysteresis_between_entry_and_exit_radius(areas):
    # Stop at 2 km, drift out to 3.6 km (between the radii) for 3 h, come back: one visit.
    lat, lon = offset(*NAMPHO, 0, -2)
    first = leg(SHIP, T0, lat, lon, 180, every=10)
    lat2, lon2 = offset(*NAMPHO, 0, -3.6)
    drift = leg(SHIP, T0 + timedelta(minutes=190), lat2, lon2, 180, every=10)
    back = leg(SHIP, T0 + timedelta(minutes=380), lat, lon, 180, every=10)
    [event] = run(PortVisitV1(), positions(first, drift, back), areas)
    assert event.start == first[0]["ts"] and event.end == back[-1]["ts"]
    # Leaving beyond 4 km (4.6 km) in between ends the visit: two visits.
    lat3, lon3 = offset(*NAMPHO, 0, -4.6)
    out = leg(SHIP, T0 + timedelta(minutes=190), lat3, lon3, 180, every=10)
    events = run(PortVisitV1(), positions(first, out, back), areas)
    assert [(e.start, e.end) for e in events] == [(first[0]["ts"], first[-1]["ts"]), (back[0]["ts"], back[-1]["ts"])]
    assert events[0].details["exit"] and events[1].details["entry"]


def test_ais_on_only_in_port_gives_confidence_2(areas):
    lat, lon = offset(*NAMPHO, 0.5, -1)
    stay = leg(SHIP, T0, lat, lon, 720, every=15)
    [event] = run(PortVisitV1(), positions(stay), areas)
    assert (event.details["entry"], event.details["exit"], event.details["confidence"]) == (False, False, 2)
    assert event.details["still_in_port_at_data_end"]


def test_ais_off_around_the_call(areas):
    # Last fix 30 km out, then silent 10 h; fixes only while in port; silent 8 h; a fix far away.
    lat, lon = offset(*NAMPHO, 0, -30)
    before = leg(SHIP, T0, lat, lon, 60, every=10, knots=10)
    plat, plon = offset(*NAMPHO, 0, -1)
    in_port = leg(SHIP, T0 + timedelta(hours=11), plat, plon, 300, every=10)
    after = leg(SHIP, in_port[-1]["ts"] + timedelta(hours=8), lat, lon, 30, every=10, knots=10)
    [event] = run(PortVisitV1(), positions(before, in_port, after), areas)
    d = event.details
    assert d["ais_off_before_arrival"] and d["ais_off_after_departure"]
    assert d["hours_silent_before"] == pytest.approx(10.0, abs=0.01)
    assert (d["entry"], d["exit"], d["confidence"]) == (True, True, 4)  # 10 h < 24 h: same segment


def test_in_port_gap_counts_without_stop(areas):
    # Moving slowly (0.3 kn, never below 0.2) with a 6 h silence inside the port.
    lat, lon = offset(*NAMPHO, 0, -1)
    a = leg(SHIP, T0, lat, lon, 60, every=10, knots=0.3)
    b = leg(SHIP, T0 + timedelta(hours=7), lat, lon, 60, every=10, knots=0.3)
    [event] = run(PortVisitV1(), positions(a, b), areas)
    assert (event.details["stopped"], event.details["in_port_gap"], event.details["confidence"]) == (False, True, 2)


def test_passing_through_without_stop_is_confidence_1(areas):
    lat, lon = offset(*NAMPHO, -1, -15)
    passing = leg(SHIP, T0, lat, lon, 90, every=5, knots=10, bearing=90)  # ends 13 km east
    assert run(PortVisitV1(), positions(passing), areas) == []
    [event] = run(PortVisitV1(), positions(passing), areas, min_confidence=1)
    assert (event.details["confidence"], event.details["entry"], event.details["exit"]) == (1, True, True)


def test_only_watched_ports_by_default(areas):
    tracks = positions(call(SHIP, BUSAN), call(OTHER, NAMPHO))
    assert [e.vessels for e in run(PortVisitV1(), tracks, areas)] == [[OTHER]]
    found = run(PortVisitV1(), tracks, areas, watch_only=False)
    assert sorted((e.vessels[0], e.details["port_id"]) for e in found) == [(SHIP, "kr-busan"), (OTHER, "kp-nampho")]


def test_a_call_swinging_between_two_points_of_one_anchorage_is_one_visit(tmp_path):
    # GFW anchorage lists give one port as many points about 0.5 km apart. A ship swinging at anchor
    # between two points 1 km apart for 12 h is nearer one, then the other: still one call. Points of
    # one name and country (letter case aside) are one port; another name is another port.
    here = (36.0, 123.0)                                   # open Yellow Sea, no shipped port near
    east = offset(*here, 0.0, 1.0)
    other = offset(*here, 0.0, 30.0)
    anchorages = tmp_path / "anchorages.csv"
    anchorages.write_text("s2id,latitude,longitude,label,sublabel,iso3\n"
                          f"a1,{here[0]},{here[1]},TEST ROADS,,CHN\n"
                          f"a2,{east[0]},{east[1]},test roads,,CHN\n"
                          f"a3,{other[0]},{other[1]},OTHER ROADS,,CHN\n")
    areas = Areas.load(ports_path="", anchorages_path=anchorages, land_path="")
    approach = leg(SHIP, T0, *offset(*here, 0.0, -20.0), 60, every=5, knots=10, bearing=90)
    swing = []
    for i in range(24):                                    # every 30 min, alternately near a1 and a2
        lat, lon = offset(*here, 0.0, 0.05) if i % 2 == 0 else offset(*east, 0.0, 0.1)
        swing += leg(SHIP, T0 + timedelta(hours=2, minutes=30 * i), lat, lon, 0, every=10)
    depart = leg(SHIP, T0 + timedelta(hours=14), *offset(*here, 0.0, -1.0), 60, every=5, knots=10, bearing=270)
    [event] = run(PortVisitV1(), positions(approach, swing, depart), areas, watch_only=False)
    d = event.details
    assert (d["port_id"], d["port_name"], d["port_kind"]) == ("anchorage-a1", "Test Roads", "anchorage")
    assert event.start <= swing[0]["ts"] and event.end >= swing[-1]["ts"]
    assert (d["entry"], d["exit"], d["stopped"]) == (True, True, True)


@pytest.mark.parametrize("name, value, message", [
    ("entry_km", -1.0, "must be greater than 0"),     # a negative radius would silently find no visit
    ("exit_km", 0, "must be greater than 0"),
    ("port_gap_hours", -4.0, "must be greater than 0"),
    ("entry_km", "inf", "finite"),                    # would reach the SQL as the name inf
    ("stop_end_knots", float("nan"), "finite"),
])
def test_bad_parameters_are_refused(areas, name, value, message):
    with pytest.raises(ConfigError, match=rf"port_visit-v1: parameter {name}=.*{message}"):
        run(PortVisitV1(), positions(call(SHIP, NAMPHO)), areas, **{name: value})
