from __future__ import annotations

from datetime import timedelta

import pytest
import shapely

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.areas import Areas
from sanctionwatch.maritime.detectors.zone_entry_v1 import ZoneEntryV1, zone_cells
from tests.maritime.detectors.tracks import T0, leg, positions, run

SHIP, OTHER = 412000001, 412000002
LAT = 37.7            # crosses the Longkou hot spot box [119.9, 37.45, 120.6, 37.95] west to east


@pytest.fixture(scope="module")
def areas() -> Areas:
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def fix(mmsi, hours, lat, lon):
    return leg(mmsi, T0 + timedelta(hours=hours), lat, lon, 0)


def longkou(events):
    return [e for e in events if e.details["zone_id"] == "hs-longkou"]


def test_entry_exit_and_reentry(areas):
    # In at about 119.95 (0.5 h), out again past 120.6 (4 h), back in from the east (6 h).
    east = leg(SHIP, T0, LAT, 119.85, 300, every=10, knots=10, bearing=90)
    back = leg(SHIP, T0 + timedelta(hours=6), LAT, 120.65, 60, every=10, knots=10, bearing=270)
    events = run(ZoneEntryV1(), positions(east, back), areas)
    assert {e.details["zone_id"] for e in events} == {"hs-longkou"}
    first, second = longkou(events)
    inside_east = [r for r in east if 119.9 <= r["lon"] <= 120.6]
    assert (first.start, first.end) == (inside_east[0]["ts"], inside_east[-1]["ts"])
    assert first.details["fixes_inside"] == len(inside_east) and first.details["left_before_data_end"]
    assert first.details["hours_inside"] == pytest.approx((first.end - first.start).total_seconds() / 3600, abs=1e-3)
    assert not first.details["inside_at_data_start"]
    inside_back = [r for r in back if r["lon"] <= 120.6]
    assert second.start == inside_back[0]["ts"] and not second.details["left_before_data_end"]  # data end while inside
    assert first.details["zone_kind"] == "sts_hotspot" and first.details["zone_confidence"]
    assert first.detector == "zone_entry-v1" and 0 < len(first.positions) <= 200


def test_border_is_exact_inside_a_border_cell(areas):
    # 300 m either side of the west edge (lon 119.9), in the same 0.02-degree cell column.
    inside = fix(SHIP, 0, LAT, 119.9034) + fix(SHIP, 1, LAT, 119.9034)
    outside = fix(OTHER, 0, LAT, 119.8966) + fix(OTHER, 1, LAT, 119.8966)
    events = run(ZoneEntryV1(), positions(inside, outside), areas)
    assert [e.vessels for e in events] == [[SHIP]]


def test_gap_inside_splits_only_beyond_max_gap(areas):
    stay = fix(SHIP, 0, LAT, 120.2) + fix(SHIP, 10, LAT, 120.21) + fix(SHIP, 40, LAT, 120.22)
    events = longkou(run(ZoneEntryV1(), positions(stay), areas))
    assert [(e.start, e.end) for e in events] == [(T0, T0 + timedelta(hours=10)),
                                                  (T0 + timedelta(hours=40), T0 + timedelta(hours=40))]
    [one] = longkou(run(ZoneEntryV1(), positions(stay), areas, max_gap_hours=48))
    assert one.details["fixes_inside"] == 3


def test_inside_at_data_start(areas):
    stay = leg(SHIP, T0, LAT, 120.3, 120, every=30, knots=0)
    [event] = longkou(run(ZoneEntryV1(), positions(stay), areas))
    assert event.details["inside_at_data_start"] and event.start == T0


def test_dprk_waters_and_nested_hotspot(areas):
    # A stay in the Cho-do box is also a stay in the coarse West Sea DPRK waters.
    stay = leg(SHIP, T0, 38.5, 125.0, 120, every=30, knots=0)
    found = {e.details["zone_id"]: e.details["zone_kind"] for e in run(ZoneEntryV1(), positions(stay), areas)}
    assert found == {"hs-cho-do": "sts_hotspot", "kp-waters-west": "dprk_waters"}


def test_cells_cover_the_zone_and_mark_only_the_boundary(areas):
    zone = areas.zone("kp-waters-east")
    table = zone_cells([zone], 0.05).to_pylist()
    interior = [c for c in table if c["border"] == 0]
    border = [c for c in table if c["border"] == 1]
    assert interior and border
    for c in interior[:: max(1, len(interior) // 50)]:
        assert zone.geometry.contains(shapely.box(c["cx"] * 0.05, c["cy"] * 0.05, (c["cx"] + 1) * 0.05,
                                                  (c["cy"] + 1) * 0.05))
    for c in border[:: max(1, len(border) // 50)]:
        assert zone.geometry.boundary.intersects(shapely.box(c["cx"] * 0.05, c["cy"] * 0.05,
                                                             (c["cx"] + 1) * 0.05, (c["cy"] + 1) * 0.05))


@pytest.mark.parametrize("name, value, message", [
    ("cell_degrees", 0, "must be greater than 0"),           # would divide by zero building the grid
    ("cell_degrees", -0.02, "must be greater than 0"),
    ("max_gap_hours", -1.0, "must be greater than 0"),       # would split every stay at every fix
    ("cell_degrees", "inf", "finite"),                       # would reach the SQL as the name inf
    ("max_gap_hours", float("nan"), "finite"),
])
def test_bad_parameters_are_refused(areas, name, value, message):
    table = positions(leg(SHIP, T0, LAT, 119.85, 120, every=10, knots=10, bearing=90))
    with pytest.raises(ConfigError, match=rf"zone_entry-v1: parameter {name}=.*{message}"):
        run(ZoneEntryV1(), table, areas, **{name: value})
