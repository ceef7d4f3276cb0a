from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyarrow as pa
import pytest

from sanctionwatch.maritime.detectors.base import DetectionContext
from sanctionwatch.maritime.detectors.identity_v1 import IdentityV1, split_tracks
from sanctionwatch.maritime.engine import DuckDBEngine
from sanctionwatch.maritime.schema import STATICS
from tests.maritime.detectors.test_designated_vessel import demo_store  # noqa: F401 (fixture)
from tests.maritime.detectors.tracks import T0, leg, positions

SHIP, OTHER = 412000001, 412000002
A = (35.0, 125.0)
B = (35.6, 125.9)          # about 105 km from A


def stay(mmsi, start_minutes, place, minutes, every=10):
    return leg(mmsi, T0 + timedelta(minutes=start_minutes), place[0], place[1], minutes, every=every)


def statics(*rows: dict[str, Any]) -> pa.Table:
    return pa.Table.from_pylist([{"mmsi": r["mmsi"], "ts": T0 + timedelta(hours=r.get("hour", 0)),
                                  "imo": r.get("imo"), "name": r.get("name"), "call_sign": r.get("call_sign"),
                                  "ship_type": 80, "length": None, "width": None, "destination": None,
                                  "source": "test"} for r in rows], schema=STATICS)


def detect(table, static_rows=None, store=None, **overrides):
    engine = DuckDBEngine(positions=table, statics=static_rows if static_rows is not None else statics(), threads=2)
    ctx = DetectionContext(engine=engine, areas=None, store=store, extras={"events": [], "notes": []})
    try:
        detector = IdentityV1()
        return detector.run(ctx, detector.resolve(overrides)), ctx.extras["notes"]
    finally:
        engine.close()


def kinds(events, kind):
    return [e for e in events if e.details["kind"] == kind]


def test_teleport_that_persists_is_reported():
    before = stay(SHIP, 0, A, 60)
    after = stay(SHIP, 70, B, 60)
    [event], _ = detect(positions(before, after))
    d = event.details
    assert (event.type, event.vessels, d["kind"]) == ("identity", [SHIP], "speed")
    assert (event.start, event.end) == (before[-1]["ts"], after[1]["ts"])
    assert 100 < d["distance_km"] < 110 and d["implied_knots"] > 300
    assert d["jump_to"]["lat"] == pytest.approx(B[0])


def test_single_outlier_is_noise_not_an_event():
    track = stay(SHIP, 0, A, 60) + stay(SHIP, 65, B, 0) + stay(SHIP, 70, A, 60)
    events, notes = detect(positions(track))
    assert events == []
    assert any("1 single-fix position outlier" in n for n in notes)


def test_fast_but_possible_and_short_jumps_are_not_flagged():
    fast = leg(SHIP, T0, *A, 120, every=5, knots=35)
    glitch = stay(OTHER, 0, A, 30) + leg(OTHER, T0 + timedelta(minutes=31), A[0] + 0.07, A[1], 30, every=10)
    events, _ = detect(positions(fast, glitch))   # 7.8 km in 1 min: fast, but under the 10 km floor
    assert kinds(events, "speed") == [] and kinds(events, "shared_mmsi") == []


@pytest.mark.parametrize("burst", [1, 3])
def test_alternation_between_two_places_is_a_shared_mmsi(burst):
    track = []
    for i in range(8):                    # A B A B ... every 10 minutes, `burst` fixes per visit
        place = A if i % 2 == 0 else B
        track += stay(SHIP, i * burst * 10, place, (burst - 1) * 10)
    events, _ = detect(positions(track))
    assert kinds(events, "speed") == []
    [event] = kinds(events, "shared_mmsi")
    d = event.details
    assert d["alternations"] == 7
    places = sorted((round(c["lat"], 1), round(c["lon"], 1)) for c in d["clusters"])
    assert places == [A, B] and 100 < d["clusters_km_apart"] < 110
    assert (event.start, event.end) == (track[0]["ts"], track[-1]["ts"])


def test_split_tracks_keeps_one_ship_in_one_track():
    fixes = [(r["ts"], r["lat"], r["lon"]) for r in leg(SHIP, T0, *A, 120, every=10, knots=12)]
    labels, tracks = split_tracks(fixes, 50.0, 10.0)
    assert set(labels) == {0} and len(tracks) == 1


def test_mid_dprk_unallocated_and_invalid():
    table = positions(stay(445123456, 0, A, 20), stay(412123456, 0, A, 20), stay(299123456, 0, A, 20),
                      stay(12345, 0, A, 20))
    events, notes = detect(table, statics({"mmsi": 445123456, "name": "CHON MA SAN"}))
    found = {e.vessels[0]: e.details for e in kinds(events, "mid")}
    assert set(found) == {445123456, 299123456}
    assert found[445123456]["reason"] == "dprk_mid" and found[445123456]["country"] == "KP"
    assert found[445123456]["names"] == ["CHON MA SAN"]
    assert found[299123456]["reason"] == "unallocated_mid" and found[299123456]["country"] is None
    assert any("1 MMSI(s) of no ITU-R M.585 shape" in n for n in notes)


def test_one_imo_under_two_flags_is_reflagging():
    table = positions(stay(273111111, 0, A, 20), stay(620222222, 600, B, 20))
    rows = statics({"mmsi": 273111111, "imo": 9161003, "name": "LADY R"},
                   {"mmsi": 620222222, "imo": 9161003, "name": "LADY R", "hour": 10},
                   {"mmsi": 412000009, "imo": 9003550}, {"mmsi": 412000010, "imo": 9003550})  # same flag
    [event] = kinds(detect(table, rows)[0], "mid")
    d = event.details
    assert event.vessels == [273111111, 620222222] and d["reason"] == "reflagged"
    assert d["countries"] == ["KM", "RU"] and [m["mmsi"] for m in d["mmsis"]] == [273111111, 620222222]
    # The same two MMSIs broadcasting the IMO at the same time: a clone or a mistyped IMO.
    rows = statics({"mmsi": 273111111, "imo": 9161003, "hour": 0}, {"mmsi": 620222222, "imo": 9161003, "hour": 1},
                   {"mmsi": 273111111, "imo": 9161003, "hour": 2})
    [event] = kinds(detect(table, rows)[0], "mid")
    assert event.details["reason"] == "imo_used_simultaneously"


def test_one_imo_on_two_flags_at_once_for_days_is_simultaneous_use():
    # A Russian and a DPRK MMSI both broadcast IMO 9161003 every hour for three days, about 300 km
    # apart. Ingest keeps a static row only when a value changes, so each MMSI has one static row at
    # its start: the static rows alone would make two instants, one after the other (a "reflag").
    # The MMSIs' positions show both in use over the same three days.
    russian, dprk = 273111111, 445111111
    vostochny, rajin = (42.75, 133.08), (42.23, 130.30)
    table = positions(stay(russian, 0, vostochny, 72 * 60, every=60), stay(dprk, 30, rajin, 72 * 60, every=60))
    rows = statics({"mmsi": russian, "imo": 9161003, "name": "LADY R", "hour": 0},
                   {"mmsi": dprk, "imo": 9161003, "name": "LADY R", "hour": 1})
    [event] = [e for e in kinds(detect(table, rows)[0], "mid") if "imo" in e.details]   # not the MID 445 one
    assert event.details["reason"] == "imo_used_simultaneously"
    assert (event.start, event.end) == (T0, T0 + timedelta(hours=72, minutes=30))
    assert [(m["mmsi"], m["last"]) for m in event.details["mmsis"]] == [
        (russian, "2026-01-08T00:00:00Z"), (dprk, "2026-01-08T00:30:00Z")]


def test_identity_change_spans_come_from_the_mmsi_activity():
    # Name A at hour 0, name B from hour 5, positions for two days: A was in use until B appeared,
    # B until the MMSI's last fix (the static rows alone would end both at their first report).
    rows = statics({"mmsi": SHIP, "name": "SAM MA 2", "hour": 0}, {"mmsi": SHIP, "name": "SONG HAE", "hour": 5})
    [event] = kinds(detect(positions(stay(SHIP, 0, A, 48 * 60, every=60)), rows)[0], "identity_change")
    history = event.details["history"]["name"]
    assert [(v["value"], v["first_seen"], v["last_seen"]) for v in history] == [
        ("SAM MA 2", "2026-01-05T00:00:00Z", "2026-01-05T05:00:00Z"),
        ("SONG HAE", "2026-01-05T05:00:00Z", "2026-01-07T00:00:00Z")]
    assert (event.start, event.end) == (T0, T0 + timedelta(hours=48))


def test_imo_check_digit():
    rows = statics({"mmsi": SHIP, "imo": 8914935}, {"mmsi": SHIP, "imo": 8914934, "hour": 1},
                   {"mmsi": OTHER, "imo": 0}, {"mmsi": OTHER, "imo": None, "hour": 1},
                   {"mmsi": 412000003, "imo": 123456789})
    events, notes = detect(positions(stay(SHIP, 0, A, 10)), rows)
    assert [(e.vessels[0], e.details["imo"]) for e in kinds(events, "imo_check")] == [(SHIP, "8914935")]
    assert any("1 MMSI/IMO pair(s) with an IMO field that is not seven digits" in n for n in notes)
    events = kinds(detect(positions(stay(SHIP, 0, A, 10)), rows, report_malformed_imo=True)[0], "imo_check")
    assert [(e.vessels[0], e.details["reason"]) for e in events] == [(SHIP, "check digit fails"),
                                                                     (412000003, "not seven digits")]


def test_identity_change_ignores_spacing_and_case():
    rows = statics({"mmsi": SHIP, "name": "SAM MA 2", "call_sign": "HMYU"},
                   {"mmsi": SHIP, "name": "Sam Ma2@@", "call_sign": "hmyu", "hour": 2},
                   {"mmsi": OTHER, "name": "RYE SONG GANG 1", "call_sign": "HMAA"},
                   {"mmsi": OTHER, "name": "SONG HAE", "call_sign": "HMAA", "hour": 5},
                   {"mmsi": OTHER, "name": None, "call_sign": None, "hour": 6})
    [event] = kinds(detect(positions(stay(SHIP, 0, A, 10)), rows)[0], "identity_change")
    assert event.vessels == [OTHER] and event.details["fields"] == ["name"]
    assert [v["value"] for v in event.details["history"]["name"]] == ["RYE SONG GANG 1", "SONG HAE"]
    # SONG HAE is in use from hour 5 until OTHER's last sight (a static row at hour 6; no positions).
    assert (event.start, event.end) == (T0, T0 + timedelta(hours=6))
    rows = statics({"mmsi": SHIP, "imo": 8106496, "call_sign": "A"}, {"mmsi": SHIP, "imo": 8660313, "hour": 1})
    [event] = kinds(detect(positions(stay(SHIP, 0, A, 10)), rows)[0], "identity_change")
    assert event.details["fields"] == ["imo"]


def test_designated_imo_elsewhere_needs_the_store_and_compares_with_the_list(demo_store):
    table = positions(stay(412999999, 0, A, 20), stay(445122000, 0, B, 20), stay(412888888, 0, B, 20))
    rows = statics({"mmsi": 412999999, "imo": 8914934, "name": "GE"},        # listed IMO, other name
                   {"mmsi": 445122000, "imo": 8829593, "name": "KANG GYE"},  # listed MMSI and former name
                   {"mmsi": 412888888, "imo": 8829593, "name": "PI RYU GANG"})  # listed name, other MMSI
    assert kinds(detect(table, rows)[0], "designated_imo_elsewhere") == []   # no store: skipped
    events = kinds(detect(table, rows, store=demo_store)[0], "designated_imo_elsewhere")
    found = {e.vessels[0]: e.details for e in events}
    assert set(found) == {412999999, 412888888}
    assert found[412999999]["differs_in"] == ["name"] and found[412999999]["listed"]["entity_id"] == "imo-8914934"
    assert found[412888888]["differs_in"] == ["mmsi"]
    assert "445122000" in found[412888888]["listed"]["mmsi"]


def test_marinecadastre_sample(shared_file, tmp_path):
    """Real US data (2022-01-03, 99,999 rows): what identity-v1 flags, for review."""
    import duckdb

    path = shared_file("ais/marinecadastre_2022_01_03_sample/AIS_2022_01_03_first99999.csv.gz")
    con = duckdb.connect()
    src = f"read_csv('{path}', all_varchar = true)"
    pos = con.sql(f"""SELECT CAST(MMSI AS BIGINT) AS mmsi, CAST(BaseDateTime AS TIMESTAMP) AS ts,
        CAST(LAT AS DOUBLE) AS lat, CAST(LON AS DOUBLE) AS lon, CAST(SOG AS DOUBLE) AS sog,
        CAST(COG AS DOUBLE) AS cog, CAST(NULLIF(Heading, '511') AS INTEGER) AS heading,
        CAST(Status AS INTEGER) AS nav_status, 'marinecadastre' AS source FROM {src}""").to_arrow_table()
    sta = con.sql(f"""SELECT CAST(MMSI AS BIGINT) AS mmsi, CAST(BaseDateTime AS TIMESTAMP) AS ts,
        TRY_CAST(substr(IMO, 4) AS BIGINT) AS imo, VesselName AS name, CallSign AS call_sign,
        CAST(VesselType AS INTEGER) AS ship_type, CAST(Length AS DOUBLE) AS length,
        CAST(Width AS DOUBLE) AS width, CAST(NULL AS VARCHAR) AS destination, 'marinecadastre' AS source
        FROM {src}""").to_arrow_table().cast(STATICS)
    events, notes = detect(pos.cast(positions().schema), sta)
    found = {k: {e.vessels[0] for e in kinds(events, k)} for k in ("speed", "shared_mmsi", "mid", "imo_check")}
    # Reviewed by hand: two Class B transmitters on one MMSI (Santa Barbara and Pensacola, alternating).
    assert 211002010 in found["shared_mmsi"]
    # One boat's MMSI at Miami, then 1,394 km away in Chesapeake Bay three minutes later.
    assert 367654040 in found["speed"]
    # US MIDs are 366-369 (and 338); 360 and 444 are not allocated.
    assert {360000000, 444444444} <= found["mid"]
    # Midnight rows with several places at 00:00:00 are not turned into jumps.
    assert 220580000 not in found["speed"] and 367375360 not in found["speed"]
    assert all(e.start <= e.end and len(e.positions) <= 200 for e in events)
    assert any("ITU-R M.585" in n for n in notes) and any("sharing a timestamp" in n for n in notes)


def test_dma_sample_has_no_identity_anomaly(shared_file):
    """Danish data (10 Class A rows, Kattegat): IMO 'Unknown' is not given, MIDs 244/265/266 allocated."""
    import duckdb

    path = shared_file("ais/dma_aisdk_20180208_mobiml_sample/test_aisdk_20180208_sample.csv")
    src = f"read_csv('{path}', all_varchar = true)"
    ts = "strptime(\"# Timestamp\", '%d/%m/%Y %H:%M:%S')"
    con = duckdb.connect()
    pos = con.sql(f"""SELECT CAST(MMSI AS BIGINT) AS mmsi, {ts} AS ts, CAST(Latitude AS DOUBLE) AS lat,
        CAST(Longitude AS DOUBLE) AS lon, TRY_CAST(SOG AS DOUBLE) AS sog, TRY_CAST(COG AS DOUBLE) AS cog,
        TRY_CAST(Heading AS INTEGER) AS heading, CAST(NULL AS INTEGER) AS nav_status, 'dma' AS source
        FROM {src}""").to_arrow_table().cast(positions().schema)
    sta = con.sql(f"""SELECT CAST(MMSI AS BIGINT) AS mmsi, {ts} AS ts, TRY_CAST(IMO AS BIGINT) AS imo,
        NULLIF(Name, '') AS name, NULLIF(Callsign, '') AS call_sign, CAST(NULL AS INTEGER) AS ship_type,
        TRY_CAST(Length AS DOUBLE) AS length, TRY_CAST(Width AS DOUBLE) AS width, Destination AS destination,
        'dma' AS source FROM {src}""").to_arrow_table().cast(STATICS)
    assert pos.num_rows == 10
    events, notes = detect(pos, sta)
    assert events == [] and notes == []
