"""NMEA framing, times, assembly and the vectorised decoder, on the real samples and on messages
encoded by pyais."""

from __future__ import annotations

import functools
import operator
from pathlib import Path

import numpy as np
import pyais
from pyais.constants import ShipType
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.maritime.ais.nmea import (NmeaDecoder, clean_text, decode_position_payloads,
                                             decode_static_payloads)

# file -> (sentences framed, positions decoded, statics decoded, dropped counts) with default_time set.
SAMPLES = {
    "gpsd_nmea_samples/sample.aivdm": (118, 12, 11, {"garbage": 1, "unsupported_type": 80}),
    "gpsd_nmea_samples/ais-nmea.log": (183, 144, 21, {"unsupported_type": 6}),
    "gpsd_nmea_samples/ais-nmea-type6-fid55.log": (1480, 808, 194, {"unsupported_type": 325}),
    "gpsd_nmea_samples/ais-18-27.log": (276, 138, 69, {"undecodable": 69}),
    "pyais_nmea_samples/nmea_data_sample.txt": (
        898, 762, 2, {"empty_payload": 100, "unsupported_type": 14, "orphan_fragment": 20}),
    "pyais_nmea_samples/ais_test_messages": (8, 6, 1, {}),
    "pyais_nmea_samples/timestamped.ais": (4, 4, 0, {}),
    "pyais_nmea_samples/gatehouse.nmea": (4, 4, 0, {}),
    "aisdb_samples/test_data_20211101.nm4": (997, 917, 46, {"unsupported_type": 20}),
    "aisdb_samples/test_data_201201.nmea": (26, 5, 2, {"unsupported_type": 19}),
}


def decode_file(path: Path, fast: bool = True, default_time: float | None = 0.0):
    decoder = NmeaDecoder(default_time=default_time, fast=fast)
    positions, statics = decoder.feed(path.read_bytes())
    decoder.finish()
    return decoder, positions, statics


def sentence(body: str) -> str:
    return f"!{body}*{functools.reduce(operator.xor, body.encode(), 0):02X}"


def tag_block(fields: str) -> str:
    return f"\\{fields}*{functools.reduce(operator.xor, fields.encode(), 0):02X}\\"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_real_sample_decodes_with_counts(shared_file, name):
    decoder, positions, statics = decode_file(shared_file(f"ais/{name}"))
    sentences, n_positions, n_statics, dropped = SAMPLES[name]
    assert decoder.counts.sentences == sentences
    assert len(positions) == n_positions
    assert len(statics) == n_statics
    assert dict(decoder.counts.dropped) == dropped


def test_aisdb_types_match_its_provenance(shared_file):
    decoder, _, _ = decode_file(shared_file("ais/aisdb_samples/test_data_20211101.nm4"), default_time=None)
    # PROVENANCE.md of the file lists the types of its 979 messages.
    assert dict(decoder.counts.message_types) == {
        1: 608, 3: 104, 4: 5, 5: 18, 6: 1, 8: 1, 18: 74, 19: 4, 21: 11, 24: 24, 25: 2, 27: 127}
    assert "no_time" not in decoder.counts.dropped   # every message has a c: tag time


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_fast_path_equals_pyais_on_real_samples(shared_file, name):
    path = shared_file(f"ais/{name}")
    fast, fast_positions, fast_statics = decode_file(path, fast=True)
    slow, slow_positions, slow_statics = decode_file(path, fast=False)
    assert slow.counts.fast_decoded == 0
    if len(fast_positions) > 10:
        assert fast.counts.fast_decoded > len(fast_positions) / 2
    order_fast = np.lexsort((fast_positions.sog, fast_positions.lon, fast_positions.lat, fast_positions.mmsi))
    order_slow = np.lexsort((slow_positions.sog, slow_positions.lon, slow_positions.lat, slow_positions.mmsi))
    for name_ in fast_positions.__dataclass_fields__:
        assert np.array_equal(getattr(fast_positions, name_)[order_fast],
                              getattr(slow_positions, name_)[order_slow]), name_

    def key(row):
        return sorted((k, str(v)) for k, v in row.items())
    assert sorted(map(key, fast_statics)) == sorted(map(key, slow_statics))
    assert fast.counts.message_types == slow.counts.message_types
    assert fast.counts.dropped == slow.counts.dropped


def test_each_position_report_equals_pyais_decode(shared_data):
    """Independent of our pyais fallback: every single-sentence position report of every sample,
    through decode_position_payloads, against pyais.decode field by field."""
    checked = 0
    for path in sorted((shared_data / "ais").glob("*/*")):
        if path.suffix in (".md", ".csv", ".gz", ".rda", ".Rd", ".chk") or path.name.startswith(("LICENSE", "COPYING")):
            continue
        for line in path.read_bytes().splitlines():
            start = line.find(b"!")
            if start < 0 or b"VDM,1,1" not in line and b"VDO,1,1" not in line:
                continue
            text = line[start:].split(b"*")[0] + b"*" + line[start:].split(b"*")[1][:2]
            payload = text.split(b",")[5]
            if not payload or payload[:1] not in b"123B" and payload[:1] != b"K":
                continue
            if len(payload) != (16 if payload[:1] == b"K" else 28):
                continue
            try:
                reference = pyais.decode(text)
            except Exception:
                continue
            ours = {k: v[0] for k, v in decode_position_payloads([payload]).items()}
            assert ours["mmsi"] == reference.mmsi
            assert ours["lat"] == reference.lat and ours["lon"] == reference.lon
            assert ours["sog"] == reference.speed and ours["cog"] == reference.course
            if reference.msg_type != 27:
                assert ours["heading"] == reference.heading
            if reference.msg_type in (1, 2, 3, 27):
                assert ours["nav_status"] == reference.status
            checked += 1
    assert checked > 2500


position_messages = st.one_of(
    st.fixed_dictionaries({
        "type": st.sampled_from([1, 2, 3]), "mmsi": st.integers(0, 2**30 - 1),
        "status": st.integers(0, 15), "speed": st.integers(0, 1023).map(lambda v: v / 10),
        "lon": st.integers(-108_000_000, 108_600_000).map(lambda v: v / 600_000),
        "lat": st.integers(-54_000_000, 54_600_000).map(lambda v: v / 600_000),
        "course": st.integers(0, 3600).map(lambda v: v / 10), "heading": st.integers(0, 511)}),
    st.fixed_dictionaries({
        "type": st.just(18), "mmsi": st.integers(0, 2**30 - 1),
        "speed": st.integers(0, 1023).map(lambda v: v / 10),
        "lon": st.integers(-108_000_000, 108_600_000).map(lambda v: v / 600_000),
        "lat": st.integers(-54_000_000, 54_600_000).map(lambda v: v / 600_000),
        "course": st.integers(0, 3600).map(lambda v: v / 10), "heading": st.integers(0, 511)}),
    st.fixed_dictionaries({
        "type": st.just(27), "mmsi": st.integers(0, 2**30 - 1), "status": st.integers(0, 15),
        "lon": st.integers(-108_000, 108_600).map(lambda v: v / 600),
        "lat": st.integers(-54_000, 54_600).map(lambda v: v / 600),
        "speed": st.integers(0, 63), "course": st.integers(0, 511)}),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(position_messages, min_size=1, max_size=20))
def test_fast_decode_of_encoded_positions_equals_pyais(messages):
    lines = [pyais.encode_dict(m)[0] for m in messages]
    decoder = NmeaDecoder(default_time=0.0)
    positions, _ = decoder.feed("\n".join(lines).encode() + b"\n")
    assert decoder.counts.fast_decoded == len(messages)
    for i, line in enumerate(lines):
        reference = pyais.decode(line)
        assert positions.mmsi[i] == reference.mmsi
        assert positions.lat[i] == reference.lat and positions.lon[i] == reference.lon
        assert positions.sog[i] == reference.speed and positions.cog[i] == reference.course
        assert positions.heading[i] == (-1 if reference.msg_type == 27 else reference.heading)


# Ship type codes pyais has enum members for (it folds the reserved ones when encoding).
ship_types = st.sampled_from(sorted(int(v) for v in ShipType._value2member_map_))
six_bit_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.'/", max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**30 - 1), st.integers(0, 2**30 - 1), six_bit_text, six_bit_text.map(lambda t: t[:7]),
       ship_types, st.integers(0, 511), st.integers(0, 511), st.integers(0, 63), st.integers(0, 63),
       six_bit_text)
def test_fast_decode_of_encoded_type5_equals_pyais(mmsi, imo, name, call_sign, ship_type, bow, stern,
                                                   port, starboard, destination):
    parts = pyais.encode_dict({"type": 5, "mmsi": mmsi, "imo": imo, "shipname": name, "callsign": call_sign,
                               "ship_type": ship_type, "to_bow": bow, "to_stern": stern, "to_port": port,
                               "to_starboard": starboard, "destination": destination})
    reference = pyais.decode(*parts)
    payload = b"".join(p.encode().split(b",")[5] for p in parts)
    (row,) = decode_static_payloads([payload])
    assert row["mmsi"] == reference.mmsi
    assert row["imo"] == (reference.imo or None)
    assert row["name"] == clean_text(reference.shipname)
    assert row["call_sign"] == clean_text(reference.callsign)
    assert row["destination"] == clean_text(reference.destination)
    assert row["ship_type"] == (int(reference.ship_type) or None) == (ship_type or None)
    assert row["length"] == (float(bow + stern) or None)
    assert row["width"] == (float(port + starboard) or None)


def test_tag_block_times_seconds_and_milliseconds():
    body = "AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0"
    text = "\n".join([
        tag_block("s:rx1,c:1635731889") + sentence(body),
        tag_block("c:1635731890123,s:rx2") + sentence(body),
        tag_block("s:rx3,c:1635731891,t:x") + sentence(body),
    ]) + "\n"
    decoder = NmeaDecoder()
    positions, _ = decoder.feed(text.encode())
    assert positions.ts_us.tolist() == [1635731889_000000, 1635731890_123000, 1635731891_000000]


def test_bad_tag_checksum_drops_the_sentence():
    line = "\\s:rx1,c:1635731889*00\\" + sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0")
    decoder = NmeaDecoder()
    positions, _ = decoder.feed(line.encode() + b"\n")
    assert len(positions) == 0
    assert decoder.counts.dropped == {"bad_tag_checksum": 1}


def test_uscg_trailing_time_and_missing_time():
    body = sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0")
    text = f"{body},d-109,S2105,r003669946,1325394060\n{body}\n".encode()
    decoder = NmeaDecoder()
    positions, _ = decoder.feed(text)
    assert positions.ts_us.tolist() == [1325394060_000000]
    assert decoder.counts.dropped == {"no_time": 1}
    stamped = NmeaDecoder(default_time=100.0)
    positions, _ = stamped.feed(text)
    assert positions.ts_us.tolist() == [1325394060_000000, 100_000000]


def test_multi_sentence_assembly_interleaved_and_orphans():
    parts = pyais.encode_dict({"type": 5, "mmsi": 445123456, "shipname": "CHON MA SAN", "imo": 8660313},
                              radio_channel="A", seq_id=1)
    other = pyais.encode_dict({"type": 5, "mmsi": 273111222, "shipname": "PATRIOT"}, radio_channel="B", seq_id=1)
    position = pyais.encode_dict({"type": 1, "mmsi": 445123456, "lat": 38.7, "lon": 125.3})[0]
    lines = [parts[0], other[0], position, other[1], parts[1],
             parts[0],                      # part 1 whose part 2 never comes
             other[1]]                      # part 2 without its part 1
    decoder = NmeaDecoder(default_time=0.0)
    positions, statics = decoder.feed("\n".join(lines).encode() + b"\n")
    decoder.finish()
    assert sorted((s["mmsi"], s["name"]) for s in statics) == [(273111222, "PATRIOT"), (445123456, "CHON MA SAN")]
    assert [s["imo"] for s in statics if s["mmsi"] == 445123456] == [8660313]
    assert positions.mmsi.tolist() == [445123456]
    assert decoder.counts.dropped["orphan_fragment"] == 2


def test_fragments_spanning_two_chunks():
    parts = pyais.encode_dict({"type": 5, "mmsi": 445000001, "shipname": "JI SONG 6"})
    decoder = NmeaDecoder(default_time=0.0)
    _, first = decoder.feed(parts[0].encode() + b"\n")
    _, second = decoder.feed(parts[1].encode() + b"\n")
    assert first == [] and [s["name"] for s in second] == ["JI SONG 6"]


def test_bad_lines_are_counted_never_raised():
    good = sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0")
    text = "\n".join([
        good,
        good[:-2] + ("00" if not good.endswith("00") else "11"),        # bad checksum
        "!AIVDM,1,1,,A,15RTgt0PAso;90TK",                               # truncated
        "\x00\xff garbage",                                              # garbage
        "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",   # other NMEA
        "# a comment", "",
        good + good,                                                     # two sentences glued
    ]) + "\n"
    decoder = NmeaDecoder(default_time=0.0)
    positions, _ = decoder.feed(text.encode("latin-1"))
    assert len(positions) == 3
    assert decoder.counts.dropped == {"bad_checksum": 1, "truncated": 1, "garbage": 1}
    assert decoder.counts.skipped == {"other_sentence": 1, "comment": 1}


def test_trailing_number_that_is_not_an_epoch_is_no_time():
    """Only a ten-digit trailing field is a USCG receive time; ``*24,12`` is not 1970-01-01 00:00:12."""
    body = sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0")
    text = f"{body},12\n{body},d-109,S2105,123456789012\n{body},0000000012\n".encode()
    decoder = NmeaDecoder()
    positions, _ = decoder.feed(text)
    assert len(positions) == 0 and decoder.counts.dropped == {"no_time": 3}
    stamped = NmeaDecoder(default_time=1325394060.0)
    positions, _ = stamped.feed(text)
    assert positions.ts_us.tolist() == [1325394060_000000] * 3
