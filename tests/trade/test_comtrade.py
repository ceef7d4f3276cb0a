"""Comtrade parsing: the real API v1 fixture, the legacy CSV layout, the DPRK/ROK guard, bad rows."""

from __future__ import annotations

import pytest

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.trade.comtrade import parse_comtrade
from tests.trade.fixtures import LEGACY_HEADER, api_file, legacy_row, record

REAL = "trade/comtradr-api-v1-goods-fixture/comtrade_v1_get_C_A_HS_CHN_ARG_DEU_2010.json"


def test_real_api_v1_fixture(shared_file):
    path = shared_file(REAL)
    parsed = parse_comtrade(path.read_bytes(), path.name)
    assert parsed.format == "comtrade-api-v1-json" and len(parsed.rows) == 4
    imports = [r for r in parsed.rows if r["flow"] == "M"]
    exports = [r for r in parsed.rows if r["flow"] == "X"]
    assert len(imports) == len(exports) == 2
    # imports fill CIF, exports FOB; the other is null; primaryValue is the value
    assert all(r["cif_usd"] == r["value_usd"] and r["fob_usd"] is None for r in imports)
    assert all(r["fob_usd"] == r["value_usd"] and r["cif_usd"] is None for r in exports)
    assert {r["partner_iso"] for r in parsed.rows} == {"ARG", "DEU"}
    assert all(r["reporter_code"] == 156 and r["period"] == "2010" and r["month"] is None and r["hs"] == "TOTAL"
               and r["net_kg"] is None for r in parsed.rows)


def test_legacy_csv_layout():
    text = "\n".join([LEGACY_HEADER, legacy_row(1, 156, 408, "201801", "2701", 1234.0),
                      legacy_row(2, 156, 408, "201801", "8429", 99.0)]) + "\n"
    parsed = parse_comtrade(text.encode(), "legacy.csv")
    assert parsed.format == "comtrade-csv"
    a, b = parsed.rows
    assert (a["flow"], a["partner_code"], a["partner_iso"], a["hs"], a["value_usd"], a["month"]) == \
        ("M", 408, "PRK", "2701", 1234.0, 1)
    assert b["flow"] == "X" and b["row_number"] == 3 and b["net_kg"] == 1000.0


def test_dprk_rok_mixup_refused_with_file_row_field():
    bad = api_file([record(156, "M", 408, "201801", "2701", 5.0),
                    record(156, "M", 408, "201801", "6110", 5.0, partner_iso="KOR")])
    with pytest.raises(SourceFormatError) as err:
        parse_comtrade(bad, "china.json")
    message = str(err.value)
    assert message.startswith("china.json, line 2, field partnerISO: DPRK/Republic of Korea mix-up")
    assert "\n" not in message
    flagged = parse_comtrade(bad, "china.json", flag_mixups=True)
    assert flagged.mixups == 1 and flagged.rows[1]["flags"] == ["kor-prk-mixup:partner"]


@pytest.mark.parametrize("kwargs", [dict(partner=410, partner_iso="PRK"),
                                    dict(partner=410, partner_desc="Dem. People's Rep. of Korea"),
                                    dict(partner=408, partner_desc="Rep. of Korea")])
def test_other_mixups(kwargs):
    partner = kwargs.pop("partner")
    with pytest.raises(SourceFormatError, match="mix-up"):
        parse_comtrade(api_file([record(156, "M", partner, "2018", "2701", 1.0, **kwargs)]), "f.json")
    csv_text = "\n".join([LEGACY_HEADER, legacy_row(1, 156, 410, "2018", "2701", 1.0, partner_iso="PRK")])
    with pytest.raises(SourceFormatError, match=r"^legacy.csv, line 2, field partnerISO"):
        parse_comtrade(csv_text.encode(), "legacy.csv")


@pytest.mark.parametrize("data,where", [
    (b"", "empty file"),
    (b"<html>", "not a Comtrade CSV"),
    (b"{\"data\": 3}", "field data"),
    (b"{\"data\": [", "not JSON"),
])
def test_bad_files(data, where):
    with pytest.raises(SourceFormatError, match=where):
        parse_comtrade(data, "x.json")


def test_bad_rows_name_the_field():
    rec = record(156, "M", 408, "201801", "2701", 1.0)
    for field, value, expect in (("flowCode", "Q", "field flowCode"), ("period", "2018-01", "field period"),
                                 ("cmdCode", "27011", "field cmdCode"), ("primaryValue", "lots", "field primaryValue"),
                                 ("partnerCode", None, "field partnerCode")):
        broken = {**rec, field: value}
        with pytest.raises(SourceFormatError, match=f"x.json, line 1, {expect}"):
            parse_comtrade(api_file([broken]), "x.json")
