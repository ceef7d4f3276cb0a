from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from xml.etree import ElementTree

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import Event, parse_time
from sanctionwatch.maritime.export import write_events


def _event(**kw) -> Event:
    base = dict(type="encounter", vessels=[445111111, 413222222], start=datetime(2026, 1, 5, 3, 0),
                end=datetime(2026, 1, 5, 9, 30), lat=31.2, lon=125.1, detector="encounter-v1",
                params={"max_distance_km": 0.5}, details={"zone_name": "East China Sea high seas"},
                positions=[[445111111, "2026-01-05T03:00:00Z", 31.2, 125.1], [445111111, "2026-01-05T09:00:00Z", 31.21, 125.12]])
    base.update(kw)
    return Event(**base)


def test_event_id_is_stable_and_distinguishes():
    a, b = _event(), _event()
    assert a.id == b.id
    assert a.id != _event(end=datetime(2026, 1, 5, 9, 40)).id
    assert a.to_dict()["duration_hours"] == 6.5


def test_json_and_geojson():
    out = io.StringIO()
    write_events([_event()], out, "json")
    rows = json.loads(out.getvalue())
    assert rows[0]["type"] == "encounter" and rows[0]["start"] == "2026-01-05T03:00:00Z"
    out = io.StringIO()
    write_events([_event()], out, "geojson")
    gj = json.loads(out.getvalue())
    kinds = [f["geometry"]["type"] for f in gj["features"]]
    assert kinds == ["Point", "LineString"]
    assert gj["features"][0]["geometry"]["coordinates"] == [125.1, 31.2]


def test_csv_escapes_formulas():
    out = io.StringIO()
    hostile = _event().to_dict() | {"detector": "=HYPERLINK(\"http://x\")"}
    write_events([_event(), hostile], out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["vessels"] == "445111111 413222222"
    assert rows[0]["detector"] == "encounter-v1"
    assert rows[1]["detector"].startswith("'=")
    west = io.StringIO()
    write_events([_event(lon=-63.25)], west, "csv")
    assert next(csv.DictReader(io.StringIO(west.getvalue())))["lon"] == "-63.25"
    assert json.loads(rows[0]["details"]) == {"zone_name": "East China Sea high seas"}


def test_kml_is_well_formed_and_escaped():
    out = io.StringIO()
    write_events([_event(details={"zone_name": "<b>&"})], out, "kml")
    root = ElementTree.fromstring(out.getvalue())
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert root.find(".//k:Placemark/k:MultiGeometry", ns) is not None
    assert "<b>&" in root.find(".//k:description", ns).text


def test_unknown_format():
    with pytest.raises(ConfigError, match="unknown format"):
        write_events([], io.StringIO(), "xlsx")


def test_parse_time_is_naive_utc():
    assert parse_time("2026-01-05T03:00:00+09:00") == datetime(2026, 1, 4, 18, 0)
    assert parse_time("2026-01-05") == datetime(2026, 1, 5)


def test_kml_one_line_per_vessel_and_control_characters_dropped():
    pair = _event(details={"zone_name": "bad\x01name"}, positions=[
        [445111111, "2026-01-05T03:00:00Z", 31.2, 125.1], [413222222, "2026-01-05T03:00:00Z", 31.201, 125.1],
        [445111111, "2026-01-05T04:00:00Z", 31.21, 125.11], [413222222, "2026-01-05T04:00:00Z", 31.211, 125.11]])
    out = io.StringIO()
    write_events([pair], out, "kml")
    root = ElementTree.fromstring(out.getvalue())  # would fail on \x01
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    lines = root.findall(".//k:LineString/k:coordinates", ns)
    assert [line.text for line in lines] == ["125.1,31.201 125.11,31.211", "125.1,31.2 125.11,31.21"]
