from __future__ import annotations

import math
import re
from datetime import timedelta

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors import get_detector
from sanctionwatch.maritime.detectors.gap_v1 import GapV1
from sanctionwatch.maritime.sqlparts import py_haversine_km
from tests.maritime.detectors.tracks import (
    T0, context, end_of, leg, marinecadastre_tables, offset, positions, run, suez_positions,
)

# Open Yellow Sea, far from the shipped ports and zones (nearest: Yantai, ~180 km).
SEA = (36.0, 123.0)


@pytest.fixture(scope="module")
def areas():
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def silent(mmsi, hours, lat=SEA[0], lon=SEA[1], before=120, after=60, every=10.0, start=T0, moved_km=0.0):
    """A vessel transmitting ``before`` minutes, silent ``hours``, then transmitting ``after`` minutes."""
    first = leg(mmsi, start, lat, lon, before, every=every)
    ts, lat1, lon1 = end_of(first)
    lat2, lon2 = offset(lat1, lon1, 0.0, moved_km)
    return first + leg(mmsi, ts + timedelta(hours=hours), lat2, lon2, after, every=every)


def test_gap_just_over_six_hours_is_reported(areas):
    events = run(GapV1(), positions(silent(1, 6 + 1 / 60)), areas)
    assert len(events) == 1
    gap = events[0]
    assert gap.type == "gap" and gap.vessels == [1] and gap.detector == "gap-v1"
    assert gap.start == T0 + timedelta(minutes=120)
    assert gap.end == T0 + timedelta(minutes=120, hours=6, seconds=60)
    assert gap.details["likely_disabling"] is False
    assert gap.details["hours"] == pytest.approx(6 + 1 / 60, abs=1e-3)
    assert (gap.lat, gap.lon) == pytest.approx(SEA)


def test_gap_just_under_six_hours_is_not(areas):
    assert run(GapV1(), positions(silent(1, 6 - 1 / 60)), areas) == []


def test_twelve_hours_is_likely_disabling(areas):
    long = run(GapV1(), positions(silent(1, 12)), areas)
    short = run(GapV1(), positions(silent(2, 11.5)), areas)
    assert [e.details["likely_disabling"] for e in long] == [True]
    assert [e.details["likely_disabling"] for e in short] == [False]


def test_min_gap_hours_is_a_parameter(areas):
    table = positions(silent(1, 4))
    assert run(GapV1(), table, areas) == []
    assert len(run(GapV1(), table, areas, min_gap_hours=3)) == 1


def test_end_of_data_is_not_a_gap(areas):
    # Vessel 1 stops for good; vessel 2 keeps transmitting for another day.
    gone = leg(1, T0, *SEA, 120)
    other = leg(2, T0, 36.1, 123.1, 26 * 60)
    assert run(GapV1(), positions(gone, other), areas) == []


def test_duplicate_fixes_do_not_hide_or_make_gaps(areas):
    track = silent(1, 8)
    doubled = track + [dict(row) for row in track]
    events = run(GapV1(), positions(doubled), areas)
    assert len(events) == 1 and events[0].details["hours"] == pytest.approx(8)


def neighbours(count, hours_total, silent_from=None, silent_hours=0.0, every=10.0):
    """Vessels transmitting around SEA for ``hours_total``, optionally all silent over a window."""
    tracks = []
    for i in range(count):
        lat, lon = offset(*SEA, 5.0 * (i + 1), -3.0 * (i + 1))
        rows = leg(100 + i, T0, lat, lon, hours_total * 60, every=every)
        if silent_from is not None:
            rows = [r for r in rows if not (silent_from <= r["ts"] < silent_from + timedelta(hours=silent_hours))]
        tracks.append(rows)
    return tracks


def test_coverage_hole_is_suppressed_and_counted(areas):
    hole_start = T0 + timedelta(hours=14, minutes=5)
    tracks = neighbours(5, 30, silent_from=hole_start, silent_hours=8)
    target = [r for r in leg(1, T0, *SEA, 30 * 60)
              if not (hole_start <= r["ts"] < hole_start + timedelta(hours=8))]
    ctx = context(positions(target, *tracks), areas)
    try:
        detector = GapV1()
        events = detector.run(ctx, detector.resolve())
        counts = ctx.extras["counts"]["gap-v1"]
        notes = ctx.extras["notes"]
    finally:
        ctx.engine.close()
    assert events == []
    assert counts == {"gaps": 0, "coverage_holes": 6}
    assert any("coverage holes" in note for note in notes)
    # Without the check the same silences are all reported.
    assert len(run(GapV1(), positions(target, *tracks), areas, suppress_coverage_holes=False)) == 6


def test_lone_silent_vessel_among_transmitting_neighbours_is_reported(areas):
    tracks = neighbours(5, 30)
    target = [r for r in leg(1, T0, *SEA, 30 * 60)
              if not (T0 + timedelta(hours=14) < r["ts"] < T0 + timedelta(hours=22))]
    events = run(GapV1(), positions(target, *tracks), areas)
    assert [e.vessels for e in events] == [[1]]
    coverage = events[0].details["coverage"]
    assert coverage["rate_ratio"] == pytest.approx(1.0, abs=0.05)
    assert coverage["neighbour_fixes_before"] == 5 * 6 * 12


def test_neighbours_far_away_do_not_count(areas):
    # The only other traffic is 300 km away (outside the 3 x 3 block of 0.5-degree cells) and stops:
    # nothing says the receiver near the gap failed, so the gap stays.
    far = [r for r in leg(200, T0, 38.5, 126.0, 30 * 60) if r["ts"] < T0 + timedelta(hours=14)]
    target = [r for r in leg(1, T0, *SEA, 30 * 60)
              if not (T0 + timedelta(hours=14) < r["ts"] < T0 + timedelta(hours=22))]
    events = run(GapV1(), positions(target, far), areas)
    assert [e.vessels for e in events] == [[1]]
    assert events[0].details["coverage"]["neighbour_fixes_before"] == 0


def test_coverage_cells_of_the_gap_and_of_the_traffic_agree(areas):
    # With 0.1-degree cells Python's 123.0 // 0.1 is 1229 while SQL's floor(123.0 / 0.1) is 1230 (about
    # 0.5 % of positions differ so). The gap's cell must come out as the traffic's cells do, or
    # neighbours two columns east (123.15, cell 1231) fall out of its 3 x 3 block.
    assert 123.0 // 0.1 != math.floor(123.0 / 0.1)
    others = [leg(300 + i, T0, 36.05, 123.15, 30 * 60, every=10.0) for i in range(3)]
    target = [r for r in leg(1, T0, *SEA, 30 * 60)
              if not (T0 + timedelta(hours=14) < r["ts"] < T0 + timedelta(hours=22))]
    events = run(GapV1(), positions(target, *others), areas, coverage_cell_degrees=0.1)
    assert [e.vessels for e in events] == [[1]]
    assert events[0].details["coverage"]["neighbour_fixes_before"] == 3 * 6 * 12


def test_positions_at_one_instant_are_one_real_fix(areas):
    # Two fixes of vessel 1 at one time (a merged feed): the event shows one of them, not the lowest
    # latitude of one with the lowest longitude of the other.
    track = silent(1, 8)
    first = track[0]
    track[0] = {**first, "lat": SEA[0], "lon": SEA[1] + 0.01}
    track.insert(1, {**first, "lat": SEA[0] + 0.01, "lon": SEA[1]})
    [event] = run(GapV1(), positions(track), areas)
    at_first = [p for p in event.positions if p[1] == first["ts"].strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert at_first == [[1, at_first[0][1], SEA[0], SEA[1] + 0.01]]     # lowest lat, then lon
    fixes = {(round(r["lat"], 6), round(r["lon"], 6)) for r in track}
    assert all((p[2], p[3]) in fixes for p in event.positions)


def test_details_distance_speed_and_places(areas):
    # 100 km east during a 10 h silence, from open water 11 km south of the Korea Bay hot spot into
    # the Cho-do hot spot.
    lat, lon = offset(38.5, 123.95, 0.0, -30.0)
    events = run(GapV1(), positions(silent(1, 10, lat=lat, lon=lon, moved_km=100.0)), areas)
    assert len(events) == 1
    d = events[0].details
    assert d["distance_km"] == pytest.approx(100.0, rel=0.01)
    assert d["implied_speed_knots"] == pytest.approx(100.0 / 1.852 / 10, rel=0.01)
    assert d["start_zones"] == [] and "hs-cho-do" in d["end_zones"]
    assert d["near_dprk_or_hotspot"] is True
    port, km = areas.nearest_port(lat, lon)
    assert d["start_nearest_port"]["id"] == port.id
    assert d["start_nearest_port"]["km"] == pytest.approx(km, abs=0.01)
    assert d["end_nearest_port"]["id"] == "kp-nampho"
    assert d["end_nearest_port"]["km"] == pytest.approx(py_haversine_km(*offset(lat, lon, 0, 100), 38.716667, 125.4),
                                                        abs=0.01)
    assert d["start_distance_from_shore_km"] is None      # no land polygons configured
    assert d["start_position"]["ts"] == "2026-01-05T02:00:00Z"


def test_far_from_dprk_is_not_near(areas):
    events = run(GapV1(), positions(silent(1, 10, lat=20.0, lon=140.0)), areas)
    assert events[0].details["near_dprk_or_hotspot"] is False
    assert events[0].details["start_zones"] == []


def test_positions_show_the_track_either_side_within_the_limit(areas):
    track = silent(1, 10, before=12 * 60, after=12 * 60, every=1.0)
    events = run(GapV1(), positions(track), areas)
    fixes = events[0].positions
    # 360 fixes (one a minute) in the 3 h either side; thinned evenly over the 16 h span.
    assert 50 < len(fixes) <= 200
    assert fixes[0][1] >= "2026-01-05T09:00:00Z"          # 3 h before the silence began at 12:00
    assert fixes[-1][1] <= "2026-01-06T01:00:00Z"         # 3 h after it ended at 22:00
    assert any(f[1] <= "2026-01-05T12:00:00Z" for f in fixes) and any(f[1] >= "2026-01-05T22:00:00Z" for f in fixes)
    assert all(f[0] == 1 for f in fixes)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", f[1]) for f in fixes)
    assert [f[1] for f in fixes] == sorted(f[1] for f in fixes)


def test_zero_gap_length_is_refused(areas):
    with pytest.raises(ConfigError, match="min_gap_hours"):
        run(GapV1(), positions(silent(1, 8)), areas, min_gap_hours=0)


def test_registered_and_described():
    detector = get_detector("gap-v1")
    assert isinstance(detector, GapV1)
    described = detector.describe()
    assert described["id"] == "gap-v1"
    assert all(p["source"] for p in described["params"])
    assert detector.resolve({"min_gap_hours": "8"})["min_gap_hours"] == 8.0


# --- real data -----------------------------------------------------------------------------------------

def test_suez_tracks_gaps(shared_file, areas):
    """The Ever Given extract has 143 silences of 6 h or more between consecutive fixes (maritime.md
    counts 141 strictly longer than 6 h). Some are shared by the ships around them (the extract's own
    collection holes) and are dropped; the rest are reported, each between two real fixes."""
    table = suez_positions(shared_file("ais/movingpandas_evergiven_boat_positions/boat-positions.csv"))
    everything = run(GapV1(), table, areas, suppress_coverage_holes=False)
    ctx = context(table, areas)
    try:
        detector = GapV1()
        reported = detector.run(ctx, detector.resolve())
        counts = ctx.extras["counts"]["gap-v1"]
    finally:
        ctx.engine.close()
    assert len(everything) == 143
    assert counts["gaps"] + counts["coverage_holes"] == len(everything)
    assert 0 < counts["coverage_holes"] < len(everything) // 2      # measured: 36
    assert {e.id for e in reported} <= {e.id for e in everything}
    for event in reported:
        assert event.details["hours"] >= 6
        assert event.details["coverage"]["rate_ratio"] is None or event.details["coverage"]["rate_ratio"] >= 0.2
        assert 0 < len(event.positions) <= 200


def test_marinecadastre_sample_runs(shared_file, areas):
    found, static = marinecadastre_tables(
        shared_file("ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"))
    # 99.6 % of the rows are from 00:00-00:25; 352 rows at 14h/23h make the only silences >= 6 h.
    events = run(GapV1(), found, areas, static_rows=static)
    assert events, "vessels seen at midnight and again in the afternoon have gaps"
    for event in events:
        assert event.details["hours"] >= 6 and len(event.vessels) == 1
        assert event.start.date().isoformat() == "2022-01-03"
