"""Our decode of gpsd's sample.aivdm against gpsd's own expected output (sample.aivdm.js.chk).

gpsd conventions (``"scaled": true`` in every record): speed in knots, course in degrees, lat/lon
in degrees printed with 7 decimals (4 for type 27). We keep lat/lon rounded to 6 decimals as pyais
does, so positions are compared within half a unit of our 6th decimal plus gpsd's rounding.
gpsd merges the two halves of a type 24 into one record; we keep them as two statics rows (name
from part A, the rest from part B) and compare the merged values.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from sanctionwatch.maritime.ais.nmea import NmeaDecoder

POSITION_TYPES = {1, 2, 3, 18, 19, 27}


@pytest.fixture(scope="module")
def golden(shared_file):
    records = [json.loads(line) for line in shared_file("ais/gpsd_nmea_samples/sample.aivdm.js.chk")
               .read_text().splitlines() if line.strip()]
    decoder = NmeaDecoder(default_time=0.0)
    positions, statics = decoder.feed(shared_file("ais/gpsd_nmea_samples/sample.aivdm").read_bytes())
    decoder.finish()
    return records, positions, statics


def test_positions_equal_gpsd(golden):
    records, positions, _ = golden
    ours = defaultdict(list)
    for i in range(len(positions)):
        ours[(int(positions.msg_type[i]), int(positions.mmsi[i]))].append(i)
    expected = [r for r in records if r["type"] in POSITION_TYPES]
    assert len(expected) == len(positions) == 12
    for record in expected:
        i = ours[(record["type"], record["mmsi"])].pop(0)
        tolerance = 5e-5 if record["type"] == 27 else 6e-7
        assert positions.lat[i] == pytest.approx(record["lat"], abs=tolerance)
        assert positions.lon[i] == pytest.approx(record["lon"], abs=tolerance)
        assert positions.sog[i] == record["speed"]
        assert positions.cog[i] == record["course"]
        if record["type"] != 27:        # type 27 has no heading
            assert positions.heading[i] == record["heading"]
        if "status" in record:
            assert positions.nav_status[i] == record["status"]


def test_statics_equal_gpsd(golden):
    records, _, statics = golden
    merged: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in statics:
        merged[(row["msg_type"], row["mmsi"])].append(row)
    expected = [r for r in records if r["type"] in (5, 19, 24)]
    assert len(expected) == 6
    for record in expected:
        rows = merged[(record["type"], record["mmsi"])]
        if record["type"] == 24:    # gpsd: one record of both parts; ours: part A row, part B row
            part_a = next(r for r in rows if r["name"] is not None)
            row = next(r for r in rows if r["call_sign"] is not None)
            row = {**row, "name": part_a["name"]}
        else:
            row = rows.pop(0)
        assert row["name"] == (record["shipname"] or None)
        assert row["ship_type"] == (record["shiptype"] or None)
        assert row["length"] == (record["to_bow"] + record["to_stern"] or None)
        assert row["width"] == (record["to_port"] + record["to_starboard"] or None)
        if record["type"] in (5, 24):
            assert row["call_sign"] == (record["callsign"] or None)
        if record["type"] == 5:
            assert row["imo"] == (record["imo"] or None)
            assert row["destination"] == (record["destination"] or None)
