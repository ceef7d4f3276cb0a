"""NMEA (through pyais), CSV and Parquet say the same thing; the CLI drives generate and score."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import numpy as np
import pyarrow.csv as pacsv
import pytest
from pyais import decode
from typer.testing import CliRunner

from sanctionwatch.cli.scenario import app
from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.scenario.writers import MARINECADASTRE_COLUMNS


def _decoded(path):
    """(message type, tag time, decoded message) for every message of an NMEA file, checksums enforced."""
    lines = path.read_bytes().splitlines()
    out, i = [], 0
    while i < len(lines):
        tag, _, sentence = lines[i][1:].partition(b"\\")
        count = int(sentence.split(b",")[1])
        parts = [sentence] + [lines[i + k][1:].partition(b"\\")[2] for k in range(1, count)]
        body, _, check = tag.rpartition(b"*")
        assert int(check, 16) == np.bitwise_xor.reduce(np.frombuffer(body, np.uint8)), lines[i]
        msg = decode(*parts, error_if_checksum_invalid=True)
        out.append((msg.msg_type, int(body.split(b":")[1]), msg))
        i += count
    return out


def test_nmea_round_trip_through_pyais(scenario):
    first = sorted((scenario["out"] / "nmea").glob("*.nmea"))[0]
    messages = _decoded(first)
    kinds = {t for t, _, _ in messages}
    assert kinds == {1, 5, 18, 24}
    times = [t for _, t, _ in messages]
    assert times == sorted(times)
    pos = scenario["positions"].to_pandas()
    pos["unix"] = pos["ts"].to_numpy().astype("datetime64[s]").astype("int64")
    day_end = int(datetime(2026, 1, 6, tzinfo=timezone.utc).timestamp())
    expected = pos[pos["unix"] < day_end].set_index(["mmsi", "unix"])
    decoded = [(m.mmsi, t, m) for k, t, m in messages if k in (1, 18)]
    assert len(decoded) == len(expected)
    for mmsi, t, m in decoded[:: max(1, len(decoded) // 3000)]:
        row = expected.loc[(mmsi, t)]
        assert abs(m.lat - row["lat"]) < 1e-5 and abs(m.lon - row["lon"]) < 1e-5
        assert m.speed == pytest.approx(row["sog"], abs=0.05) and m.course == pytest.approx(row["cog"], abs=0.05)
        assert m.second == t % 60
        if m.msg_type == 1:
            assert m.heading == row["heading"] and int(m.status) == row["nav_status"]
        else:
            assert m.heading == 511 and np.isnan(row["heading"])
    statics = scenario["statics"].to_pandas()
    statics["unix"] = statics["ts"].to_numpy().astype("datetime64[s]").astype("int64")
    by_key = statics.set_index(["mmsi", "unix"])
    fives = [(m, t) for k, t, m in messages if k == 5]
    assert fives
    for m, t in fives[:: max(1, len(fives) // 500)]:
        row = by_key.loc[(m.mmsi, t)]
        assert (m.shipname, m.callsign, m.destination) == (row["name"], row["call_sign"], row["destination"])
        assert m.imo == (0 if np.isnan(row["imo"]) else row["imo"]) and int(m.ship_type) == row["ship_type"]
    b_names = {m.mmsi: m.shipname for k, _, m in messages if k == 24 and m.partno == 0}
    assert b_names and all(by_key.loc[mmsi]["name"].iloc[0] == name for mmsi, name in b_names.items())


def test_csv_is_marinecadastre_layout_with_the_same_positions(scenario):
    table = pacsv.read_csv(scenario["out"] / "csv" / "positions.csv")
    assert tuple(table.column_names) == MARINECADASTRE_COLUMNS
    assert table.num_rows == scenario["positions"].num_rows
    first = table.slice(0, 1).to_pylist()[0]
    assert isinstance(first["BaseDateTime"], datetime) and first["BaseDateTime"].year == 2026
    pq_first = scenario["positions"].slice(0, 1).to_pylist()[0]
    assert first["MMSI"] == pq_first["mmsi"] and abs(first["LAT"] - pq_first["lat"]) < 1e-5
    imos = {v for v in table.column("IMO").to_pylist() if v}
    assert "IMO8660313" in imos and all(v.startswith("IMO") and len(v) == 10 for v in imos)
    assert set(table.column("TransceiverClass").to_pylist()) == {"A", "B"}


def test_cli_generate_and_score(tmp_path):
    runner = CliRunner()
    out = tmp_path / "s"
    result = runner.invoke(app, ["generate", "--out", str(out), "--seed", "2", "--vessels", "60", "--days", "2",
                                 "--format", "parquet", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["files"] == ["parquet/positions.parquet", "parquet/statics.parquet", "scenario.json", "truth.json"]
    truth = json.loads((out / "truth.json").read_text())
    planted = [e for e in truth if not e["negative"] and e["type"] == "gap"]
    events = tmp_path / "events.json"
    events.write_text(json.dumps(planted))                  # a perfect gap detector, and nothing else
    result = runner.invoke(app, ["score", "--truth", str(out / "truth.json"), "--events", str(events),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    gap = next(t for t in report["types"] if t["type"] == "gap")
    assert (gap["precision"], gap["recall"]) == (1.0, 1.0)
    assert report["recall"] < 1.0 and report["misses"]
    table = runner.invoke(app, ["score", "--truth", str(out / "truth.json"), "--events", str(events)])
    assert table.exit_code == 0 and "recall" in table.output
    bad = runner.invoke(app, ["score", "--truth", str(out / "truth.json"), "--events", str(tmp_path / "none.json")])
    assert isinstance(bad.exception, ConfigError) and bad.exception.exit_code == 2
