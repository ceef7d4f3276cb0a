from __future__ import annotations

import pytest

from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.maritime.areas import Areas, read_places


@pytest.fixture(scope="module")
def areas() -> Areas:
    return Areas.load(ports_path="", anchorages_path="", land_path="")


def test_shipped_ports_and_watch_list(areas):
    nampho = areas.port("kp-nampho")
    assert (nampho.country, nampho.watch) == ("KP", True)
    assert areas.port("ru-vostochny").watch and not areas.port("kr-busan").watch
    port, km = areas.nearest_port(38.70, 125.38)
    assert port.id == "kp-nampho" and km < 3


def test_zones_at_hotspot_and_dprk_waters(areas):
    inside = {z.id for z in areas.zones_at(38.6, 125.0)}
    assert {"hs-cho-do", "kp-waters-west"} <= inside
    assert {z.id for z in areas.zones_at(31.0, 125.0)} == {"hs-east-china-sea"}
    assert areas.zones_at(35.0, 129.5) == []  # off Busan: no zone
    # the East Sea envelope holds the DPRK east-coast ports
    for pid in ("kp-rajin", "kp-chongjin", "kp-hungnam", "kp-wonsan"):
        p = areas.port(pid)
        assert "kp-waters-east" in {z.id for z in areas.zones_at(p.lat, p.lon)}, pid


def test_zone_cells_agree_with_geometry(areas):
    cells = areas.zone_cells(0.05).to_pylist()
    cho = {(c["cx"], c["cy"]) for c in cells if c["zone_id"] == "hs-cho-do"}
    # box 124.6..125.45 x 38.35..38.85 at 0.05 degrees: 17 x 10 cell centres
    assert len(cho) == 17 * 10
    assert (int(125.0 // 0.05), int(38.6 // 0.05)) in cho


def test_port_cells_cover_the_radius(areas):
    cells = {(c["cx"], c["cy"]) for c in areas.port_cells(10, 0.1).to_pylist() if c["port_id"] == "kp-nampho"}
    # a point 9 km east of Nampho lies in a listed cell
    lon_9km_east = 125.4 + 9 / (111.195 * 0.780)
    assert (int(lon_9km_east // 0.1), int(38.716667 // 0.1)) in cells


def test_zones_near_gives_distance(areas):
    near = dict((z.id, km) for z, km in areas.zones_near(38.2, 124.2, 60))
    assert "kp-waters-west" in near and 0 < near["kp-waters-west"] < 60


def test_extra_ports_and_anchorages_from_real_files(shared_file):
    wpi = shared_file("ports/WPI_ports.csv")
    anchorages = shared_file("ports/gfw_anchorage_overrides.csv")
    areas = Areas.load(ports_path=wpi, anchorages_path=anchorages, land_path="")
    kinds = {p.kind for p in areas.ports}
    assert kinds == {"port", "anchorage"}
    assert len(areas.ports) > 60_000
    # Port Said, Egypt: a WPI port or GFW anchorage within 5 km
    found = areas.ports_within(31.26, 32.31, 5)
    assert found and all(p.country == "EG" for p, _ in found)


def test_distance_from_shore_with_land(shared_file):
    land = shared_file("geo/naturalearth/ne_50m_land.geojson")
    areas = Areas.load(ports_path="", anchorages_path="", land_path=land)
    assert areas.distance_from_shore_km(38.72, 125.40) < 5           # Nampho, on the coast
    assert 200 < areas.distance_from_shore_km(31.0, 125.0) < 350     # East China Sea high seas
    assert Areas.load(ports_path="", anchorages_path="", land_path="").distance_from_shore_km(31, 125) is None


def test_bad_place_files(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(ConfigError, match="no such file"):
        read_places(missing, "port")
    bad = tmp_path / "ports.csv"
    bad.write_text("name,latitude,longitude\nA,12.5,100\nB,north,100\n")
    with pytest.raises(SourceFormatError, match=r"ports.csv: line 3"):
        read_places(bad, "port")
    odd = tmp_path / "odd.csv"
    odd.write_text("name,latitude,longitude\nA,12.5,1001\nB,12.5,100\n")
    assert [p.name for p in read_places(odd, "port")] == ["B"]
