from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from sanctionwatch.errors import ConfigError, SourceFormatError
from sanctionwatch.lists.parsed import ParsedList
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.ftm import default_name, looks_like_ftm, source_for
from sanctionwatch.model.entities import vessel_id
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "lists" / "ftm" / "opensanctions_dprk.ftm.json"
RA, TCB, OMM, CCG = ("NK-3rLxWZpRzVU5D8bBvEA1Kq", "NK-9QbTfKx2uTBmCcn8VZsJdh", "NK-5jYw7AqFvNnPzG2rEoLd8s",
                     "NK-7HgvQeM4pTzsw9DkXbRyUa")


def fixture_lines() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def jsonl(objs: list, name: str = "test.ftm.json") -> RawFile:
    return RawFile(name, "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs).encode())


def parse(*raws: RawFile, name: str = "ftm_test") -> ParsedList:
    return source_for(name).parse(list(raws))


def by_ref(parsed: ParsedList) -> dict:
    return {d.reference: d for d in parsed.designations}


def warnings(parsed: ParsedList) -> str:
    return "\n".join(parsed.report.warnings())


@pytest.fixture(scope="module")
def fixture() -> ParsedList:
    raw = RawFile(str(FIXTURE), FIXTURE.read_bytes())
    return source_for(default_name(raw)).parse([raw])


# ---------------------------------------------------------------- the fixture

def test_fixture_targets_and_related(fixture):
    refs = by_ref(fixture)
    assert sorted(refs) == ["KPe.003", "KPe.020", "KPi.008", vessel_id("7937317")]
    assert fixture.records == 12
    assert fixture.report.warnings() == []
    ra = refs["KPi.008"]
    assert ra.entity.id == RA and ra.entity.schema.name == "Person"
    assert sorted(e.id for e in ra.related) == ["unsc-690744-passport-645120196", "unsc-employment-690744-690752",
                                                "unsc-sanction-690744"]
    assert ra.programs == ["DPRK"]
    assert ra.listed_on == "2013-01-22"
    assert ra.keys == {"id": RA, "datasets": "un_sc_sanctions", "referents": "unsc-690744"}
    omm = refs["KPe.020"]
    # the address the company points at travels with it; the vessel it operates is its own target
    assert sorted(e.id for e in omm.related) == ["addr-donghung-dong-po-box-120-pyongyang", "unsc-sanction-6908046"]
    assert refs["KPe.003"].listed_on == "2009-04-24"
    assert all("sanction" in d.entity.get("topics") for d in fixture.designations)


def test_fixture_published_and_metadata(fixture):
    assert fixture.source == "ftm_un_sc_sanctions"
    assert fixture.published == datetime(2024, 5, 6, 6, 10, 12, tzinfo=timezone.utc)
    assert fixture.published_basis == "file"
    described = source_for("ftm_rusi_dprk").describe()
    assert described["title"] == "rusi dprk (FollowTheMoney JSON lines)"
    assert described["publisher"] == "FollowTheMoney JSON lines (user supplied)"
    assert described["url"] is None and described["update_urls"] == {}
    assert described["format"] == "ftm-jsonl"
    assert described["expected_designations"] == [1, 10_000_000]


def test_vessel_takes_its_imo_id_and_references_follow(fixture):
    vessel = by_ref(fixture)[vessel_id("7937317")]
    assert vessel.entity.id == "imo-7937317"
    assert vessel.keys["id"] == CCG
    assert vessel.programs == ["Economic resources controlled or operated by Ocean Maritime Management (KPe.020)"]
    assert vessel.listed_on == "2017-06-21"
    [sanction] = vessel.related
    assert sanction.get("entity") == ["imo-7937317"]
    [stmt] = [s for s in sanction.statements if s.prop == "entity"]
    assert stmt.original_value == CCG          # the file's own id stays as provenance
    assert vessel.entity.get("operator") == [OMM]


def test_round_trip_same_properties(fixture):
    ids = {CCG: "imo-7937317"}
    out = {}
    for d in fixture.designations:
        for e in [d.entity, *d.related]:
            out[e.id] = {k: sorted(v) for k, v in e.to_dict()["properties"].items()}
    for obj in fixture_lines():
        expected = {k: sorted(ids.get(v, v) for v in vs) for k, vs in obj["properties"].items()}
        assert out[ids.get(obj["id"], obj["id"])] == expected, obj["id"]


def test_original_values_kept(fixture):
    ra = by_ref(fixture)["KPi.008"].entity
    assert ra.dataset.name == "ftm_un_sc_sanctions"
    assert {s.prop for s in ra.statements} >= {"name", "birthDate", "passportNumber"}


# ---------------------------------------------------------------- errors

def test_invalid_json_line_names_the_line():
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    lines.insert(4, '{"id": "x", "schema": "Person", "properties": {"name": ["cut')
    with pytest.raises(SourceFormatError) as err:
        parse(RawFile("broken.ftm.json", "\n".join(lines).encode()))
    assert err.value.line == 5
    assert "broken.ftm.json, line 5: invalid JSON" in str(err.value)


def test_truncated_last_line():
    data = FIXTURE.read_bytes()
    with pytest.raises(SourceFormatError) as err:
        parse(RawFile("cut.ftm.json", data[:-40]))
    assert err.value.line == 12


@pytest.mark.parametrize("line, field", [
    ('["not", "an", "object"]', None),
    ('{"schema": "Person", "properties": {}}', "id"),
    ('{"id": "p1", "properties": {}}', "schema"),
    ('{"id": "p1", "schema": "Person", "properties": ["x"]}', "properties"),
])
def test_bad_lines_are_errors(line, field):
    with pytest.raises(SourceFormatError) as err:
        parse(jsonl([fixture_lines()[0], line]))
    assert err.value.line == 2
    assert err.value.field == field


def test_not_utf8_line():
    raw = RawFile("x.ftm.json", json.dumps(fixture_lines()[0]).encode() + b'\n{"id": "\xff"}\n')
    with pytest.raises(SourceFormatError) as err:
        parse(raw)
    assert err.value.line == 2


# ---------------------------------------------------------------- drift is reported

def test_unknown_property_schema_and_key_are_reported():
    objs = fixture_lines()
    objs[0]["properties"]["shoeSize"] = ["44"]
    objs[0]["origin"] = "crawler"
    objs.append({"id": "x1", "schema": "Spaceship", "properties": {"name": ["Enterprise"]}, "target": True})
    objs[2]["properties"]["listingDate"].append("not a date")
    parsed = parse(jsonl(objs))
    text = warnings(parsed)
    assert "unmapped field Person.shoeSize (1x, first at test.ftm.json line 1)" in text
    assert "unmapped field origin" in text
    assert "unknown schema 'Spaceship' (entity skipped)" in text
    assert "unmapped value in Sanction.listingDate: 'not a date'" in text
    assert len(parsed.designations) == 4


def test_unlinked_entity_is_reported():
    objs = fixture_lines() + [{"id": "lone-address", "schema": "Address", "properties": {"full": ["Pyongyang"]},
                               "target": False}]
    assert "entity not linked to any target (not loaded)" in warnings(parse(jsonl(objs)))


# ---------------------------------------------------------------- target rules

def strip_target(objs: list[dict]) -> list[dict]:
    return [{k: v for k, v in o.items() if k != "target"} for o in objs]


def test_targets_from_topics_without_target_key():
    parsed = parse(jsonl(strip_target(fixture_lines())))
    assert sorted(by_ref(parsed)) == ["KPe.003", "KPe.020", "KPi.008", "imo-7937317"]


def test_targets_are_things_without_target_key_or_topics():
    objs = strip_target(fixture_lines())
    for o in objs:
        o["properties"].pop("topics", None)
    parsed = parse(jsonl(objs))
    schemas = sorted(d.entity.schema.name for d in parsed.designations)
    assert schemas == ["Company", "Company", "Person", "Vessel"]   # no Address, Sanction, Passport
    assert all("sanction" in d.entity.get("topics") for d in parsed.designations)


def test_target_without_sanction_gets_one():
    parsed = parse(jsonl([{"id": "p1", "schema": "Person", "target": True,
                           "properties": {"name": ["Kim Jong Sik"], "programId": ["UN-SC1718"]}}]))
    [d] = parsed.designations
    [sanction] = d.related
    assert sanction.schema.name == "Sanction" and sanction.get("entity") == ["p1"]
    assert d.programs == ["UN-SC1718"] and d.reference == "p1"
    assert "target without a Sanction entity" in warnings(parsed)
    bare = parse(jsonl([{"id": "p2", "schema": "Person", "target": True, "properties": {"name": ["X"]}}]),
                 name="ftm_rusi_dprk")
    assert bare.designations[0].programs == ["ftm_rusi_dprk"]


def test_far_end_of_a_link_comes_along():
    objs = [
        {"id": "v1", "schema": "Vessel", "target": True, "properties": {"name": ["JI SONG 8"]}},
        {"id": "own1", "schema": "Ownership", "target": False, "properties": {"owner": ["c1"], "asset": ["v1"]}},
        {"id": "c1", "schema": "Company", "target": False,
         "properties": {"name": ["Phyongchon Shipping & Marine"]}},
    ]
    [d] = parse(jsonl(objs)).designations
    assert [e.id for e in d.related[:2]] == ["own1", "c1"]


# ---------------------------------------------------------------- ids

def test_referents_and_duplicate_vessels_merge():
    objs = [
        {"id": "v-a", "schema": "Vessel", "target": True, "properties": {"name": ["FAN KE"], "imoNumber": ["8914934"]}},
        {"id": "v-b", "schema": "Vessel", "target": True,
         "properties": {"name": ["EVER BRIGHT 88"], "imoNumber": ["IMO 8914934"]}},
        {"id": "s1", "schema": "Sanction", "target": False, "properties": {"entity": ["old-id"], "program": ["DPRK3"]}},
        {"id": "p1", "schema": "Person", "target": True, "referents": ["old-id"], "properties": {"name": ["Y"]}},
        {"id": "v-bad", "schema": "Vessel", "target": True,
         "properties": {"name": ["NO CHECK"], "imoNumber": ["8914935"]}},
    ]
    parsed = parse(jsonl(objs))
    refs = by_ref(parsed)
    assert sorted(refs["imo-8914934"].entity.get("name")) == ["EVER BRIGHT 88", "FAN KE"]
    assert "entity given on several lines (merged)" in warnings(parsed)
    assert refs["p1"].programs == ["DPRK3"]          # Sanction pointed at a merged-away id
    assert refs["p1"].related[0].get("entity") == ["p1"]
    assert "v-bad" in refs                             # a failed check digit keeps the file's id


def test_nested_entities_are_unnested():
    nested = {"id": "p1", "schema": "Person", "target": True, "properties": {
        "name": ["RA KY'ONG-SU"],
        "sanctions": [{"id": "s1", "schema": "Sanction", "properties": {"unscId": ["KPi.008"], "program": ["DPRK"]}}],
        "addressEntity": [{"id": "a1", "schema": "Address", "properties": {"full": ["Pyongyang"]}}]}}
    [d] = parse(jsonl([nested])).designations
    assert d.reference == "KPi.008"
    assert sorted(e.id for e in d.related) == ["a1", "s1"]
    assert d.entity.get("addressEntity") == ["a1"]


def test_several_files_are_one_release():
    objs = fixture_lines()
    parsed = parse(jsonl(objs[:6], "a.ftm.json"), jsonl(objs[6:], "b.ftm.json"))
    assert len(parsed.designations) == 4 and parsed.records == 12


# ---------------------------------------------------------------- names and sniffing

def test_source_names():
    assert source_for("ftm_rusi_dprk").name == "ftm_rusi_dprk"
    assert type(source_for("ftm_x1")) is type(source_for("ftm_x1"))
    for bad in ("rusi", "ftm_", "ftm_Rusi", "ftm_rusi-dprk", "ftm_a b"):
        with pytest.raises(ConfigError):
            source_for(bad)


def test_default_name():
    assert default_name(RawFile(str(FIXTURE), FIXTURE.read_bytes())) == "ftm_un_sc_sanctions"
    nodata = jsonl([{"id": "p1", "schema": "Person", "properties": {}}], "/tmp/Kp RUSI-Reports.2024.jsonl")
    assert default_name(nodata) == "ftm_kp_rusi_reports_2024"


def test_looks_like_ftm():
    assert looks_like_ftm(RawFile("x", b"\n\n" + FIXTURE.read_bytes()))
    assert not looks_like_ftm(RawFile("x", b'{\n "vessels": []\n}\n'))
    assert not looks_like_ftm(RawFile("x", b"no,primary_name,imo\n"))
    assert not looks_like_ftm(RawFile("x", b'{"id": "p1", "schema": "Person"}\n'))
