from __future__ import annotations

from datetime import timedelta

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors import get_detector
from sanctionwatch.maritime.detectors.encounter_v1 import EncounterV1
from sanctionwatch.maritime.sqlparts import py_haversine_km
from sanctionwatch.maritime.detectors.loitering_v1 import LoiteringV1
from tests.maritime.detectors.tracks import (
    T0, context, end_of, leg, marinecadastre_tables, offset, positions, run, suez_positions,
)

SEA = (36.0, 123.0)                 # open Yellow Sea, ~180 km from the nearest shipped port
BUSAN = (35.10, 129.04)
NAMPHO = (38.716667, 125.4)
NINGBO = (29.87, 121.55)            # a port inside the Ningbo-Zhoushan STS hot spot


@pytest.fixture(scope="module")
def areas():
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def pair(minutes, apart_km=0.3, at=SEA, start=T0, knots=0.3, bearing=45.0, every=(3.0, 4.0), first=1):
    """Two vessels side by side ``apart_km`` apart (east-west) for ``minutes``, same course and speed."""
    a = leg(first, start, at[0], at[1], minutes, every=every[0], knots=knots, bearing=bearing)
    lat, lon = offset(at[0], at[1], 0.0, apart_km)
    b = leg(first + 1, start, lat, lon, minutes, every=every[1], knots=knots, bearing=bearing)
    return a, b


def test_two_hours_ten_minutes_at_300_m_is_an_encounter(areas):
    events = run(EncounterV1(), positions(*pair(130)), areas)
    assert len(events) == 1
    enc = events[0]
    assert enc.type == "encounter" and enc.vessels == [1, 2] and enc.detector == "encounter-v1"
    assert enc.start == T0
    assert enc.end == T0 + timedelta(minutes=128)     # vessel 2's last fix (every 4 min) inside the pair's time
    assert enc.details["mean_distance_km"] == pytest.approx(0.3, abs=0.02)
    assert all(s < 2 for s in enc.details["median_speed_knots"].values())
    assert enc.lat == pytest.approx(SEA[0], abs=0.02) and enc.lon == pytest.approx(SEA[1], abs=0.02)
    assert {p[0] for p in enc.positions} == {1, 2} and len(enc.positions) <= 200


def test_one_hour_fifty_minutes_is_not(areas):
    assert run(EncounterV1(), positions(*pair(110)), areas) == []


def test_more_than_500_m_apart_is_not(areas):
    assert run(EncounterV1(), positions(*pair(180, apart_km=0.6)), areas) == []


def test_passing_at_12_knots_is_not(areas):
    # Opposite courses, 300 m abeam at closest approach, passing within ten minutes.
    a = leg(1, T0, *offset(*SEA, -2.0, 0.0), 20, every=1.0, knots=12, bearing=0)
    b = leg(2, T0, *offset(*SEA, 2.0, 0.3), 20, every=1.0, knots=12, bearing=180)
    assert run(EncounterV1(), positions(a, b), areas) == []


def test_sailing_together_fast_is_not(areas):
    # Three hours in convoy 300 m apart at 12 kn: close for long enough, but not a transfer.
    assert run(EncounterV1(), positions(*pair(180, knots=12)), areas) == []
    assert len(run(EncounterV1(), positions(*pair(180, knots=12)), areas, max_speed_knots=15)) == 1


def test_speed_without_sog_comes_from_movement(areas):
    def without_sog(rows):
        return [{**r, "sog": None} for r in rows]

    fast = [without_sog(t) for t in pair(180, knots=12)]
    slow = [without_sog(t) for t in pair(180, knots=0.5)]
    assert run(EncounterV1(), positions(*fast), areas) == []
    events = run(EncounterV1(), positions(*slow), areas)
    assert len(events) == 1
    assert all(s == pytest.approx(0.5, abs=0.1) for s in events[0].details["median_speed_knots"].values())


def test_moored_together_near_a_foreign_port_is_suppressed(areas):
    at = offset(*BUSAN, -3.0, 0.0)
    table = positions(*pair(240, apart_km=0.1, at=at, knots=0.0))
    ctx = context(table, areas)
    try:
        detector = EncounterV1()
        assert detector.run(ctx, detector.resolve()) == []
        assert ctx.extras["counts"]["encounter-v1"] == {"encounters": 0, "near_port": 1}
    finally:
        ctx.engine.close()
    kept = run(EncounterV1(), table, areas, suppress_near_ports=False)
    assert len(kept) == 1 and kept[0].details["nearest_port"]["id"] == "kr-busan"


def test_moored_together_near_nampho_is_reported(areas):
    at = offset(*NAMPHO, -3.0, -3.0)
    events = run(EncounterV1(), positions(*pair(240, apart_km=0.1, at=at, knots=0.0)), areas)
    assert len(events) == 1
    assert events[0].details["nearest_port"]["id"] == "kp-nampho"
    assert events[0].details["nearest_port"]["km"] < 10


def test_inside_a_hot_spot_next_to_a_port_is_reported(areas):
    at = offset(*NINGBO, 2.0, 2.0)
    events = run(EncounterV1(), positions(*pair(240, apart_km=0.1, at=at, knots=0.0)), areas)
    assert len(events) == 1
    assert "hs-ningbo-zhoushan" in events[0].details["zones"]
    assert events[0].details["nearest_port"]["id"] == "cn-ningbo"


def test_inside_the_east_china_sea_hot_spot_next_to_an_anchorage_is_reported(tmp_path):
    # An anchorage list of our own with one point in the East China Sea hot spot; outside the hot
    # spot the same anchorage suppresses the encounter.
    inside, outside = (31.0, 124.0), (34.0, 124.0)
    anchorages = tmp_path / "anchorages.csv"
    anchorages.write_text("s2id,latitude,longitude,label,sublabel,iso3\n"
                          f"a1,{inside[0]},{inside[1]},TEST INSIDE,,CHN\n"
                          f"a2,{outside[0]},{outside[1]},TEST OUTSIDE,,CHN\n")
    areas = Areas.load(ports_path="", anchorages_path=anchorages, land_path="")
    near_inside = positions(*pair(240, apart_km=0.1, at=offset(*inside, 1.0, 0.0), knots=0.0))
    near_outside = positions(*pair(240, apart_km=0.1, at=offset(*outside, 1.0, 0.0), knots=0.0))
    events = run(EncounterV1(), near_inside, areas)
    assert len(events) == 1
    assert "hs-east-china-sea" in events[0].details["zones"]
    assert events[0].details["nearest_port"]["kind"] == "anchorage"
    assert run(EncounterV1(), near_outside, areas) == []


def test_fragments_three_hours_apart_are_merged(areas):
    a1, b1 = pair(150)
    a2, b2 = pair(150, start=T0 + timedelta(minutes=150 + 180))
    events = run(EncounterV1(), positions(a1, b1, a2, b2), areas)
    assert len(events) == 1
    assert events[0].details["fragments"] == 2
    assert events[0].start == T0 and events[0].end >= T0 + timedelta(minutes=150 + 180 + 140)


def test_fragments_five_hours_apart_are_not(areas):
    a1, b1 = pair(150)
    a2, b2 = pair(150, start=T0 + timedelta(minutes=150 + 300))
    events = run(EncounterV1(), positions(a1, b1, a2, b2), areas)
    assert len(events) == 2
    assert [e.details["fragments"] for e in events] == [1, 1]


def test_short_pieces_are_merged_before_the_minimum_duration_applies(areas):
    # 1.5 h side by side, 1.5 h 3 km apart, 1.5 h side by side again: neither piece lasts the 2 h
    # minimum on its own, but GFW merges raw pieces (>= 1 h) less than 4 h apart first and applies
    # the 2 h minimum to the merged encounter (4.5 h here).
    a = leg(1, T0, *SEA, 270, every=3.0)
    near, apart = offset(*SEA, 0.0, 0.3), offset(*SEA, 0.0, 3.0)
    b = (leg(2, T0, *near, 88, every=4.0)
         + leg(2, T0 + timedelta(minutes=92), *apart, 84, every=4.0)
         + leg(2, T0 + timedelta(minutes=180), *near, 88, every=4.0))
    events = run(EncounterV1(), positions(a, b), areas)
    assert len(events) == 1
    assert events[0].details["fragments"] == 2
    assert events[0].start == T0 and events[0].duration_hours == pytest.approx(4.5, abs=0.1)
    # Pieces shorter than min_piece_hours do not count at all, merged or not.
    assert run(EncounterV1(), positions(a, b), areas, min_piece_hours=1.6) == []


def test_one_jumping_fix_does_not_make_a_transfer_fast(areas):
    # One fix of vessel 1 is 37 km off: its 10-minute bin mean moves about 9 km, so the implied speed
    # into the next bin is about 30 kn. A mean over the encounter's bins would exceed 2 kn; the
    # median per piece does not.
    a, b = pair(130)
    jumped = a[21]                                   # minute 63, inside the bin of 60-70 minutes
    jumped["lat"], jumped["lon"] = offset(jumped["lat"], jumped["lon"], 37.0, 0.0)
    events = run(EncounterV1(), positions(a, b), areas)
    assert len(events) == 1
    speeds = events[0].details["median_speed_knots"]
    assert speeds["1"] == pytest.approx(0.3, abs=0.1) and speeds["2"] == pytest.approx(0.3, abs=0.1)


def test_merged_speed_is_the_duration_weighted_mean_of_the_pieces_medians(areas):
    # 3 h at 1.5 kn, 1.5 h 900 m apart (no close bins), then 1 h at 0.3 kn:
    # (3 * 1.5 + 1 * 0.3) / 4 = 1.2 kn. An unweighted mean of the two medians would be 0.9 kn.
    a1, b1 = pair(180, knots=1.5, bearing=90.0)
    here = end_of(a1)[1:]
    gap_a = leg(1, T0 + timedelta(minutes=183), *here, 84, every=3.0)
    gap_b = leg(2, T0 + timedelta(minutes=184), *offset(*here, 0.0, 0.9), 84, every=4.0)
    start = T0 + timedelta(minutes=270)
    a2 = leg(1, start, *here, 60, every=3.0, knots=0.3, bearing=90.0)
    b2 = leg(2, start, *offset(*here, 0.0, 0.3), 60, every=4.0, knots=0.3, bearing=90.0)
    events = run(EncounterV1(), positions(a1, b1, gap_a, gap_b, a2, b2), areas, min_piece_hours=0.9)
    assert len(events) == 1 and events[0].details["fragments"] == 2
    assert events[0].details["median_speed_knots"]["1"] == pytest.approx(1.2, abs=0.1)


def test_min_piece_longer_than_min_duration_is_refused(areas):
    with pytest.raises(ConfigError, match="min_piece_hours"):
        run(EncounterV1(), positions(*pair(130)), areas, min_duration_hours=0.5)


def test_missing_bins_up_to_an_hour_do_not_break_an_encounter(areas):
    # Vessel 2 silent for 50 minutes in the middle: one encounter of 3 h.
    a, b = pair(180)
    b = [r for r in b if not (T0 + timedelta(minutes=60) <= r["ts"] < T0 + timedelta(minutes=110))]
    events = run(EncounterV1(), positions(a, b), areas)
    assert len(events) == 1 and events[0].details["fragments"] == 1
    assert events[0].duration_hours == pytest.approx(3.0, abs=0.1)


def test_many_vessels_pair_by_pair(areas):
    # Three vessels together: every pair within 500 m is its own encounter; a fourth far away is not.
    a, b = pair(180)
    c = leg(3, T0, *offset(*SEA, 0.25, 0.15), 180, every=5.0, knots=0.3, bearing=45.0)
    d = leg(4, T0, *offset(*SEA, 5.0, 5.0), 180, every=5.0, knots=0.3, bearing=45.0)
    events = run(EncounterV1(), positions(a, b, c, d), areas)
    assert sorted(e.vessels for e in events) == [[1, 2], [1, 3], [2, 3]]
    for e in events:
        assert e.details["max_distance_km"] <= 0.5


def test_pairs_across_cell_edges_are_found(areas):
    # 450 m apart diagonally across a grid corner (0.01 deg lat / 0.02 deg lon cells).
    corner = (36.0, 123.02)
    at = offset(*corner, -0.16, -0.16)
    a = leg(1, T0, *at, 180, every=5.0)
    other = offset(*corner, 0.16, 0.16)
    b = leg(2, T0, *other, 180, every=5.0)
    assert py_haversine_km(*at, *other) < 0.5
    assert len(run(EncounterV1(), positions(a, b), areas)) == 1


def test_larger_distance_widens_the_grid(areas):
    # 1.9 km apart north-south, two 0.01-degree rows apart: a grid that did not grow with
    # max_distance_km would never compare them.
    south = (35.9999, 123.0)
    north = offset(*south, 1.9, 0.0)
    assert int(north[0] // 0.01) - int(south[0] // 0.01) == 2
    table = positions(leg(1, T0, *south, 180), leg(2, T0, *north, 180))
    assert run(EncounterV1(), table, areas) == []
    events = run(EncounterV1(), table, areas, max_distance_km=2.0)
    assert len(events) == 1 and events[0].details["mean_distance_km"] == pytest.approx(1.9, abs=0.01)


def test_zero_thresholds_are_refused(areas):
    with pytest.raises(ConfigError, match="max_distance_km"):
        run(EncounterV1(), positions(*pair(130)), areas, max_distance_km=0)


def test_registered_and_described():
    detector = get_detector("encounter")
    assert isinstance(detector, EncounterV1)
    assert all(p["source"] for p in detector.describe()["params"])


# --- real data -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world_areas(shared_file):
    return Areas.load(ports_path=shared_file("ports/WPI_ports.csv"),
                      anchorages_path=shared_file("ports/gfw_anchorage_overrides.csv"), land_path="")


def test_suez_queue_is_not_a_flood_of_transfers(shared_file, world_areas):
    """The Ever Given blockage (20-24 March 2021): 256 ships, about half of them waiting at the canal's
    ends. Anchored ships lie close together for hours; near the anchorages they are not STS transfers."""
    table = suez_positions(shared_file("ais/movingpandas_evergiven_boat_positions/boat-positions.csv"))
    waiting = {e.vessels[0] for e in run(LoiteringV1(), table, world_areas, min_port_distance_km=0)}
    everything = run(EncounterV1(), table, world_areas, suppress_near_ports=False)
    reported = run(EncounterV1(), table, world_areas)
    # Measured: 135 of 256 ships slow for 4 h or more; 25 close slow pairs, all within 10 km of an
    # anchorage point (Suez Bay, Port Said), so none reported.
    assert len(waiting) >= 100
    assert len(everything) >= 10
    assert len(reported) <= len(waiting) // 20
    for event in reported:
        assert not world_areas.near_port(event.lat, event.lon, 10.0)
    for event in everything:
        assert event.details["max_distance_km"] <= 0.5 and event.duration_hours >= 2


def test_marinecadastre_sample_runs(shared_file, world_areas):
    found, static = marinecadastre_tables(
        shared_file("ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz"))
    ctx = context(found, world_areas, static)
    try:
        detector = EncounterV1()
        events = detector.run(ctx, detector.resolve({"suppress_near_ports": False, "min_duration_hours": 0.25,
                                                    "min_piece_hours": 0.25}))
    finally:
        ctx.engine.close()
    # 25 minutes of US traffic: with a 15-minute minimum some moored pairs show; every one is a real pair.
    assert events, "moored neighbours in US ports should pair up over 15 minutes"
    for event in events:
        assert len(event.vessels) == 2 and event.vessels[0] < event.vessels[1]
        assert event.details["max_distance_km"] <= 0.5
        assert len(event.positions) <= 200


def test_rank_median_is_duckdbs_median_to_the_last_bit():
    # The pieces' median speeds come from ranks (spill-friendly) instead of median(); on DuckDB they must
    # equal median() exactly: odd and even counts, ties, NULL speeds, runs of one bin.
    import random

    import duckdb

    from sanctionwatch.maritime.detectors.encounter_v1 import _encounters_sql

    sql = _encounters_sql(EncounterV1().resolve({}))
    ranked = "WITH " + sql[sql.index("        ranked AS ("):sql.index("        timed AS (")].rstrip().rstrip(",")
    draw = random.Random(1718)
    rows = []
    for group in range(600):
        for b in range(draw.randint(1, 12)):
            speed = lambda: None if draw.random() < 0.1 else round(draw.uniform(0, 3), draw.choice([1, 3, 6]))  # noqa: E731
            rows.append((1, group, 0, b, speed(), speed()))
    with duckdb.connect() as con:
        con.execute("CREATE TABLE numbered (mmsi_a INT, mmsi_b INT, run INT, b INT, speed_a DOUBLE, speed_b DOUBLE, "
                    "first_ts TIMESTAMP, last_ts TIMESTAMP, km DOUBLE, lat DOUBLE, lon DOUBLE)")
        con.executemany("INSERT INTO numbered (mmsi_a, mmsi_b, run, b, speed_a, speed_b) VALUES (?, ?, ?, ?, ?, ?)", rows)
        got = con.execute(ranked + " SELECT mmsi_b, speed_a, speed_b FROM pieces ORDER BY 1").fetchall()
        want = con.execute("SELECT mmsi_b, median(speed_a), median(speed_b) FROM numbered GROUP BY 1 ORDER BY 1").fetchall()
    assert len(got) == 600 and got == want
