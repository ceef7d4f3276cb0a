"""Reported deliveries and the tally against the cap; the estimate from tanker calls, each scenario's
arithmetic written out by hand; the tally on a scenario with planted tanker calls at Nampho."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from sanctionwatch.cli.trade import petroleum_app
from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.trade import add_delivery, estimate, import_deliveries, list_deliveries, petroleum_tally, tally
from sanctionwatch.trade.tankers import tanker_calls


def visit(mmsi, arrival, port="kp-nampho", country="KP"):
    return {"type": "port_visit", "id": f"e{mmsi}{arrival}", "vessels": [mmsi], "start": arrival,
            "details": {"port_id": port, "port_name": port, "port_country": country, "arrival": arrival}}


VESSELS = {445000001: {"imo": 9000001, "name": "A", "ship_type": 80},
           445000002: {"imo": 9000002, "name": "B", "ship_type": 84},
           445000003: {"imo": None, "name": "C", "ship_type": 80},
           445000004: {"imo": 9000004, "name": "D", "ship_type": 70}}       # cargo ship: not a tanker
CAPACITIES = [{"imo": 9000001, "mmsi": None, "capacity_bbl": 30000.0, "dwt": None, "source": "registry"},
              {"imo": 9000002, "mmsi": None, "capacity_bbl": None, "dwt": 2000.0, "product": "diesel",
               "source": "registry"}]


def test_estimate_arithmetic_by_hand():
    events = [visit(445000001, "2018-01-10T04:00:00Z"), visit(445000001, "2018-02-03T04:00:00Z"),
              visit(445000002, "2018-02-20T10:00:00Z"), visit(445000003, "2018-03-01T00:00:00Z"),
              visit(445000004, "2018-03-02T00:00:00Z"), visit(445000001, "2018-03-05T00:00:00Z", "cn-dalian", "CN")]
    calls = tanker_calls(events, VESSELS)
    assert [c["mmsi"] for c in calls] == [445000001, 445000001, 445000002, 445000003]   # tankers at DPRK ports
    result = estimate(calls, CAPACITIES)
    # capacities: A 30,000 bbl (stated) twice; B 2,000 t DWT x 1.0 x 7.45 bbl/t = 14,900 bbl; C unknown
    assert result["calls_without_capacity"] == 1 and result["unknown"][0]["mmsi"] == 445000003
    assert result["capacity_bbl"] == pytest.approx(30000 + 30000 + 14900) == 74900
    s = {x["name"]: x["bbl"] for x in result["scenarios"]}
    assert s["one-third"] == pytest.approx(74900 / 3) == pytest.approx(24966.67, abs=0.01)
    assert s["half"] == pytest.approx(37450.0)                      # 74,900 x 0.5
    assert s["90 %"] == pytest.approx(67410.0)                      # 74,900 x 0.9
    months = {m["month"]: m for m in result["months"]}
    assert months["2018-01"]["half"] == pytest.approx(15000.0)      # 30,000 x 0.5
    assert months["2018-02"]["90 %"] == pytest.approx(40410.0)      # (30,000 + 14,900) x 0.9
    # a stated cargo share of DWT: B = 2,000 x 0.9 x 7.45 = 13,410 bbl
    assert estimate(calls, CAPACITIES, cargo_share=0.9)["capacity_bbl"] == pytest.approx(73410.0)
    with pytest.raises(ConfigError):
        estimate(calls, CAPACITIES, cargo_share=1.5)


def test_the_2018_us_pair_is_one_capacity_total_at_half_and_90_percent():
    """89 calls whose capacities sum to 1,519,587 bbl give the two published figures at 50 % and 90 %
    (759,793 and 1,367,628, rounded down); at one-third the same total gives 506,529 (docs/trade.md)."""
    capacities = [{"imo": 9100000 + i, "mmsi": None, "capacity_bbl": 17074.0, "dwt": None} for i in range(88)]
    capacities.append({"imo": 9100088, "mmsi": None, "capacity_bbl": 1_519_587.0 - 88 * 17074.0, "dwt": None})
    vessels = {445100000 + i: {"imo": 9100000 + i, "name": f"T{i}", "ship_type": 80} for i in range(89)}
    events = [visit(445100000 + i, f"2018-0{1 + i % 5}-15T00:00:00Z") for i in range(89)]
    result = estimate(tanker_calls(events, vessels), capacities)
    assert result["calls"] == 89 and result["capacity_bbl"] == pytest.approx(1_519_587.0)
    s = {x["name"]: int(x["bbl"]) for x in result["scenarios"]}
    assert s == {"one-third": 506_529, "half": 759_793, "90 %": 1_367_628}


def test_tally_marks_by_hand():
    rows = [{"supplier": "China", "month": "2018-01", "barrels": 200_000.0},
            {"supplier": "Russia", "month": "2018-02", "barrels": 180_000.0},     # 380,000: 76 % -> 75 % mark
            {"supplier": "China", "month": "2018-04", "barrels": 80_000.0},       # 460,000: 92 % -> 90 % mark
            {"supplier": "Russia", "month": "2017-11", "barrels": 1.0}]
    t = tally(rows, 2018)
    assert t["reported_bbl"] == 460_000 and t["cap"]["bbl"] == 500_000 and t["cap"]["paragraph"] == "OP5"
    assert {m["percent"]: m["reached"] for m in t["marks"]} == {75: "2018-02", 90: "2018-04", 95: None}
    assert [m["bbl"] for m in t["marks"]] == [375_000, 450_000, 475_000]
    assert t["months"][1]["share_of_cap"] == 76.0 and t["months"][11]["cumulative"] == 460_000
    assert t["suppliers"] == [{"supplier": "China", "barrels": 280_000}, {"supplier": "Russia", "barrels": 180_000}]
    assert tally(rows, 2017)["cap"]["id"] == "CAP-RP-2017" and tally(rows, 2016)["cap"] is None


def test_deliveries_add_import_and_refusal(store, tmp_path):
    row = add_delivery("Russia", "2018-03", 1000, "t", product="gasoline", source="1718 Committee tally", store=store)
    assert row["barrels"] == pytest.approx(8500.0) and row["bbl_per_tonne"] == 8.5   # 1,000 t x 8.5 bbl/t
    good = tmp_path / "deliveries.csv"
    good.write_text("supplier,month,quantity,unit,product\nChina,2018-01,1500.5,bbl,diesel\nChina,2018-02,100,t,\n")
    assert import_deliveries(good, store=store)["imported"] == 2
    assert import_deliveries(good, store=store)["already_imported"]
    bad = tmp_path / "bad.csv"
    bad.write_text("supplier,month,quantity,unit\nChina,2018-01,5,bbl\nChina,2018-13,5,bbl\n")
    with pytest.raises(SourceFormatError, match=r"^bad.csv, line 3: month '2018-13'"):
        import_deliveries(bad, store=store)
    rows = list_deliveries(year=2018, store=store)
    assert [r["barrels"] for r in rows] == [pytest.approx(1500.5), pytest.approx(745.0), pytest.approx(8500.0)]
    with pytest.raises(ConfigError, match="unit"):
        add_delivery("China", "2018-01", 5, "gallons", store=store)


def test_tally_on_a_scenario_matches_the_planted_volumes(store, tmp_path):
    from sanctionwatch.maritime.areas import Areas
    from sanctionwatch.maritime.detect import detect
    from sanctionwatch.maritime.engine import DuckDBEngine
    from sanctionwatch.maritime.scenario import generate
    from sanctionwatch.trade.tankers import vessels_from_ais

    out = tmp_path / "scenario"
    generate(out, seed=3, vessels=60, days=3, formats=("parquet",), tanker_calls=5)
    engine = DuckDBEngine(positions=[out / "parquet" / "positions.parquet"],
                          statics=[out / "parquet" / "statics.parquet"])
    try:
        run = detect(detectors=["port_visit"], engine=engine, list_store=None, save=False,
                     areas=Areas.load(ports_path="", anchorages_path="", land_path=""))
        vessels = vessels_from_ais(engine=engine)
    finally:
        engine.close()
    planted = list(csv.DictReader((out / "tankers.csv").open()))
    assert len(planted) == 5
    manifest = {v["mmsi"]: v for v in json.loads((out / "scenario.json").read_text())["vessels"]}
    assert all(manifest[int(p["mmsi"])]["capacity_bbl"] == int(p["capacity_bbl"]) for p in planted)
    add_delivery("China", "2026-01", 12_000, "bbl", store=store)
    result = petroleum_tally(2026, capacities=out / "tankers.csv", events=[e.to_dict() for e in run.events],
                             vessels=vessels, store=store)
    (year,) = result["years"]
    e = year["estimate"]
    assert e["calls"] == e["calls_with_capacity"] == 5
    capacity = sum(int(p["capacity_bbl"]) for p in planted)
    assert e["capacity_bbl"] == capacity
    s = {x["name"]: x["bbl"] for x in e["scenarios"]}
    assert s["half"] == pytest.approx(capacity * 0.5)
    assert s["half"] == pytest.approx(sum(int(p["cargo_bbl"]) for p in planted), abs=5)  # planted half laden
    assert s["one-third"] == pytest.approx(capacity / 3) and s["90 %"] == pytest.approx(capacity * 0.9)
    assert year["reported_bbl"] == 12_000


def test_cli(store, tmp_path):
    def run(*args):
        result = CliRunner().invoke(petroleum_app, [str(a) for a in args])
        assert result.exit_code == 0 and result.exception is None, (result.output, result.exception)
        return result.stdout

    run("add", "China", "2018-01", "--barrels", "400000")
    assert json.loads(run("add", "Russia", "2018-02", "--tonnes", "100", "--format", "json"))["barrels"] == 745.0
    text = run("tally", "--year", "2018")
    assert "75 % mark (375,000 bbl): reached 2018-01" in text and "95 % mark" in text
    data = json.loads(run("tally", "--format", "json"))
    assert data["years"][0]["reported_bbl"] == 400_745
    bad = CliRunner().invoke(petroleum_app, ["add", "China", "2018-01"])
    assert isinstance(bad.exception, ConfigError)


def test_report_petroleum_section(store, tmp_path):
    from sanctionwatch.reports.build import build_report

    add_delivery("China", "2018-01", 400_000, "bbl", store=store)
    out = tmp_path / "report"
    build_report(out, store=store, pdf=False)
    html = (out / "report.html").read_text()
    assert "Refined petroleum: reported deliveries and estimates" in html
    assert "75 % mark (375,000 bbl): reached 2018-01" in html and "2397 (2017), OP5" in html
    assert list((out / "figures").glob("petroleum-*.png"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert "petroleum_sha256" in manifest
