from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParsedList
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.un_1718_vessels import SOURCE
from sanctionwatch.lists.sources.un_1718_vessels.mapping import imo_digits, split_history
from sanctionwatch.model.entities import make_id, vessel_id
from tests.conftest import FIXTURES

REAL = "lists/un-1718-vessels/1718_designated_vessels_2020-06-04"
FIXTURE = FIXTURES / "lists" / "un_1718_vessels"
DEMO = Path(__file__).parents[3] / "sanctionwatch" / "data" / "demo" / "un_1718_vessels_demo.csv"


def load(path: Path, name: str | None = None) -> RawFile:
    return RawFile(name or str(path), path.read_bytes())


def parse(*raws: RawFile) -> ParsedList:
    return SOURCE().parse(list(raws))


def by_ref(parsed: ParsedList) -> dict:
    return {d.reference: d for d in parsed.designations}


def entity_dicts(parsed: ParsedList) -> dict[str, dict]:
    out = {}
    for d in parsed.designations:
        for e in [d.entity, *d.related]:
            out[e.id] = {k: sorted(v) for k, v in e.to_dict()["properties"].items()}
    return out


@pytest.fixture(scope="module")
def real_csv(shared_file) -> ParsedList:
    return parse(load(shared_file(REAL + ".csv")))


@pytest.fixture(scope="module")
def real_json(shared_file) -> ParsedList:
    return parse(load(shared_file(REAL + ".json")))


# ---------------------------------------------------------------- real files

def test_real_counts_and_dates(real_csv, real_json):
    assert len(real_csv.designations) == 59 == real_csv.records
    assert len(real_json.designations) == 59
    assert real_json.published == datetime(2020, 6, 4, tzinfo=timezone.utc)
    assert real_json.published_basis == "file"
    assert real_csv.published == datetime(2020, 6, 4, tzinfo=timezone.utc)
    assert real_csv.published_basis == "filename"
    listed = sorted({d.listed_on for d in real_csv.designations})
    assert listed == ["2017-06-21", "2017-10-03", "2017-12-28", "2018-03-30", "2018-10-16"]


def test_real_csv_and_json_give_the_same_entities(real_csv, real_json):
    assert entity_dicts(real_csv) == entity_dicts(real_json)
    assert [d.keys for d in real_csv.designations] == [d.keys for d in real_json.designations]


def test_real_named_vessels(real_csv):
    refs = by_ref(real_csv)
    fan_ke = refs["8914934"]
    assert fan_ke.entity.id == vessel_id("8914934")
    assert fan_ke.entity.get("name") == ["FAN KE"]
    assert fan_ke.entity.get("imoNumber") == ["IMO8914934"]
    [imo] = [s for s in fan_ke.entity.statements if s.prop == "imoNumber"]
    assert imo.original_value == "8914934"
    assert refs["8829593"].entity.get("name") == ["Pi Ryu Gang"]
    assert refs["8660313"].entity.get("name") == ["CHON MA SAN"]
    assert all(d.programs == ["DPRK"] for d in real_csv.designations)


def test_real_blue_nouvelle(real_csv):
    blue = by_ref(real_csv)["8909575"]
    vessel = blue.entity
    assert vessel.get("name") == ["Blue Nouvelle"]
    assert sorted(vessel.get("alias")) == ["Chong Bong", "Greenlight"]
    assert sorted(vessel.get("mmsi")) == ["445114000", "445528000", "515721000", "529734000"]
    assert vessel.get("flag") == ["ki"]
    assert sorted(vessel.get("pastFlags")) == ["kh", "kp"]
    assert sorted(vessel.get("callSign")) == ["HMXW", "T3NM2", "XUJX6"]
    assert vessel.get("type") == ["General Cargo Ship"]
    assert "sanction" in vessel.get("topics")
    assert blue.keys == {"no": "4"}
    [sanction] = blue.related
    assert sanction.get("entity") == [vessel.id]
    assert sanction.get("provisions") == [
        "Economic resources controlled or operated by Ocean Maritime Management (KPe.020)"]
    assert "Economic resource of Ocean Maritime Management (KPe.020)" in sanction.get("reason")
    # the flag keeps the PDF's own text as the statement's original value
    flag = [s for s in vessel.statements if s.prop == "flag"][0]
    assert flag.original_value == "Kiribati"


def test_real_min_ning_de_you_has_no_imo(real_csv):
    refs = by_ref(real_csv)
    min_ning = refs["MIN NING DE YOU 078"]
    assert min_ning.entity.id == make_id("un1718", "MIN NING DE YOU 078")
    assert not min_ning.entity.get("imoNumber")
    assert "IMO number as listed: Does not exist" in min_ning.entity.get("notes")
    assert any("Does not exist" in w for w in real_csv.report.warnings())


def test_real_hao_fan_6_has_both_designations(real_csv):
    hao_fan = by_ref(real_csv)["8628597"]
    assert hao_fan.listed_on == "2017-10-03"
    dates = sorted(s.get("listingDate")[0] for s in hao_fan.related)
    assert dates == ["2017-10-03", "2018-03-30"]
    second = [s for s in hao_fan.related if s.get("listingDate") == ["2018-03-30"]][0]
    assert second.get("provisions") == ["Paragraph 12 (a) of resolution 2321 (2016)"]


def test_real_quirks_reported(real_csv, real_json):
    for parsed in (real_csv, real_json):
        warnings = parsed.report.warnings()
        assert any("MMSI 445114000 given for more than one vessel (rows 4, 7)" in w for w in warnings)
        assert len(warnings) == 2, warnings


def test_real_owner_of_ji_song_8(real_csv):
    ji_song = by_ref(real_csv)["8503228"]
    [sanction] = ji_song.related
    assert "Economic resource of Phyongchon Shipping & Marine (Kpe.070)" in sanction.get("reason")
    assert sanction.get("provisions") == [
        "Paragraph 8 (d) of resolution 1718 (2006) and paragraph 12 of resolution 2270 (2016)"]


def test_sniff_real_files(shared_file):
    assert SOURCE.sniff(load(shared_file(REAL + ".csv")))
    assert SOURCE.sniff(load(shared_file(REAL + ".json")))


# ---------------------------------------------------------------- fixture

def test_fixture_csv_and_json_agree():
    csv_list = parse(load(FIXTURE / "vessels_2020-06-04.csv"))
    json_list = parse(load(FIXTURE / "vessels_2020-06-04.json"))
    assert len(csv_list.designations) == 5
    assert entity_dicts(csv_list) == entity_dicts(json_list)
    # both files together are one release; the JSON (date read from content) is used
    both = parse(load(FIXTURE / "vessels_2020-06-04.csv"), load(FIXTURE / "vessels_2020-06-04.json"))
    assert both.published_basis == "file"
    assert any("same vessels also given in vessels_2020-06-04.csv" in w for w in both.report.warnings())


def test_fixture_multiline_cell_is_collapsed_and_next_row_placed():
    parsed = parse(load(FIXTURE / "vessels_2020-06-04.csv"))
    hap = by_ref(parsed)["9066540"]
    assert any(n.startswith("DPRK cargo vessel M/V HAP JANG GANG 6 is owned by Hapjanggang Shipping Corp and is")
               for n in hap.entity.get("notes"))
    # row 5 starts on physical line 7 because row 4's cell spans two lines
    assert any("line 7" in w for w in parsed.report.warnings() if "Does not exist" in w)


def test_fixture_picture_link_is_a_note_not_source_url():
    blue = by_ref(parse(load(FIXTURE / "vessels_2020-06-04.csv")))["8909575"].entity
    assert not blue.get("sourceUrl")
    assert any("fleetmon.com" in n for n in blue.get("notes"))


def test_demo_file_loads_cleanly():
    parsed = parse(load(DEMO))
    assert len(parsed.designations) == 8
    assert parsed.report.warnings() == ["vessel listed with IMO 'Does not exist' (id made from its name) "
                                        "(1x, first at un_1718_vessels_demo.csv line 7)"]
    assert parsed.published is None and parsed.published_basis == "none"
    names = {d.entity.get("name")[0] for d in parsed.designations}
    assert {"FAN KE", "CHON MA SAN", "Blue Nouvelle", "Pi Ryu Gang"} <= names


def test_metadata():
    described = SOURCE().describe()
    assert described["name"] == "un_1718_vessels"
    assert described["update_urls"] == {}
    assert described["expected_designations"] == [30, 500]
    assert "PDF" in described["note"]


# ---------------------------------------------------------------- helpers

def test_imo_check_digit():
    assert imo_digits("8909575") == "8909575"
    assert imo_digits("IMO 8909575") == "8909575"
    assert imo_digits("8909576") is None
    assert imo_digits("Does not exist") is None


def test_split_history():
    assert split_history("1. Kiribati 2: Cambodia 3: Democratic People’s Republic of Korea") == (
        ["Kiribati", "Cambodia", "Democratic People’s Republic of Korea"], True)
    assert split_history("1: 9LY2539") == (["9LY2539"], True)
    assert split_history("Sierra Leone") == (["Sierra Leone"], True)
    assert split_history("2: HMZF 1: HMBL")[1] is False


# ---------------------------------------------------------------- errors and drift

def fixture_text(suffix: str = "csv") -> str:
    return (FIXTURE / f"vessels_2020-06-04.{suffix}").read_text(encoding="utf-8")


def raw_text(text: str, name: str = "vessels.csv") -> RawFile:
    return RawFile(name, text.encode("utf-8"))


def test_truncated_csv_row_names_the_line():
    text = fixture_text()
    cut = text[: text.index("HAO FAN 6") + 40]
    with pytest.raises(SourceFormatError) as err:
        parse(raw_text(cut))
    assert err.value.line == 4
    assert "cells" in str(err.value)


def test_truncated_inside_quotes():
    text = fixture_text()
    cut = text[: text.index("is owned by Hapjanggang") + 10]
    with pytest.raises(SourceFormatError) as err:
        parse(raw_text(cut))
    assert "truncated" in str(err.value)
    assert err.value.line is not None


def test_missing_column_is_an_error():
    text = fixture_text().replace("call_sign,", "callsign,", 1)
    with pytest.raises(SourceFormatError) as err:
        parse(raw_text(text))
    assert err.value.field == "call_sign" and err.value.line == 1


def test_unknown_column_is_reported():
    rows = list(csv.reader(io.StringIO(fixture_text())))
    out = io.StringIO()
    csv.writer(out).writerows([row + (["extra"] if i == 0 else ["x"]) for i, row in enumerate(rows)])
    parsed = parse(raw_text(out.getvalue()))
    assert len(parsed.designations) == 5
    assert any("unmapped field extra" in w for w in parsed.report.warnings())


def test_bad_values_are_reported():
    text = fixture_text().replace("7937317", "7937318").replace("445117000", "44511700").replace(
        "2017-10-03,2018-03-30:p12a_2321,na", "2017-10-03,2018-03-30:p99_9999,maybe")
    parsed = parse(raw_text(text))
    warnings = "\n".join(parsed.report.warnings())
    assert "imo (fails the IMO check digit): '7937318'" in warnings
    assert "mmsi (not 9 digits): '44511700'" in warnings
    assert "additional designation measure: 'p99_9999'" in warnings
    assert "measure_p8d_res1718_p12_res2270: 'maybe'" in warnings
    chong = by_ref(parsed)["Chong Chon Gang"]
    assert chong.entity.id == make_id("un1718", "Chong Chon Gang")
    assert "IMO number as listed: 7937318" in chong.entity.get("notes")


def test_not_utf8():
    data = fixture_text().encode("utf-8").replace("Kiribati".encode(), b"Kiri\xff")
    with pytest.raises(SourceFormatError) as err:
        parse(RawFile("vessels.csv", data))
    assert err.value.line == 2 and "UTF-8" in str(err.value)


def test_truncated_json():
    text = fixture_text("json")
    with pytest.raises(SourceFormatError) as err:
        parse(raw_text(text[: len(text) // 2], "vessels.json"))
    assert "invalid JSON" in str(err.value) and err.value.line


def test_json_structure_errors_and_unknown_keys():
    doc = json.loads(fixture_text("json"))
    del doc["vessels"][2]["imo"]
    with pytest.raises(SourceFormatError) as err:
        parse(raw_text(json.dumps(doc), "vessels.json"))
    assert err.value.field == "vessels[2].imo"

    doc = json.loads(fixture_text("json"))
    doc["vessels"][0]["tonnage"] = "2000"
    doc["comment"] = "x"
    parsed = parse(raw_text(json.dumps(doc), "vessels.json"))
    warnings = parsed.report.warnings()
    assert any("unmapped field tonnage" in w and "vessels[0]" in w for w in warnings)
    assert any("unmapped field comment" in w for w in warnings)

    with pytest.raises(SourceFormatError):
        parse(raw_text('{"vessels": {"primary_name": "x"}}', "vessels.json"))


def test_json_raw_date_disagreement_is_reported():
    doc = json.loads(fixture_text("json"))
    doc["vessels"][0]["designation_date_raw"] = "21-Jun-18"
    parsed = parse(raw_text(json.dumps(doc), "vessels.json"))
    assert any("disagrees with designation_date_raw" in w for w in parsed.report.warnings())


def test_repeated_imo_keeps_both_vessels_apart():
    text = fixture_text().replace("7937317", "8909575")
    parsed = parse(raw_text(text))
    ids = [d.entity.id for d in parsed.designations]
    assert len(set(ids)) == 5 and "imo-8909575" in ids and "un1718-chong-chon-gang-2" in ids
    assert any("listed twice" in w for w in parsed.report.warnings())


def test_different_files_in_one_release_are_refused():
    text = fixture_text()
    fewer = "\n".join(text.split("\n")[:3]) + "\n"
    with pytest.raises(SourceFormatError, match="different vessels"):
        parse(raw_text(text, "a.csv"), raw_text(fewer, "b.csv"))


def test_sniff_refuses_other_formats():
    assert not SOURCE.sniff(raw_text('{"id": "x", "schema": "Vessel", "properties": {}}\n'))
    assert not SOURCE.sniff(raw_text("Ent_num,SDN_Name,SDN_Type\n"))
    assert SOURCE.sniff(RawFile("x.csv", b"\xef\xbb\xbf" + fixture_text().encode()))
