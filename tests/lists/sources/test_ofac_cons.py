"""OFAC Consolidated (non-SDN) list: the ofac_sdn parser with its own metadata."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import ParsedList
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.ofac_cons import SOURCE, OfacConsSource
from sanctionwatch.lists.sources.ofac_sdn import OfacSdnSource

FIXTURES = Path(__file__).parents[2] / "fixtures" / "lists" / "ofac_sdn"
CONS = "lists/ofac/cons-xml-2024-05-06/consolidated.xml"


@pytest.fixture(scope="module")
def cons(shared_file) -> ParsedList:
    path = shared_file(CONS)
    return SOURCE().parse([RawFile(str(path), path.read_bytes())])


def test_metadata():
    assert SOURCE is OfacConsSource
    info = SOURCE().describe()
    assert info["name"] == "ofac_cons"
    assert info["url"] == "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"
    assert info["update_urls"] == {
        "consolidated.xml": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"}
    assert info["expected_designations"] == [100, 10000]


def test_sniff(shared_file):
    path = shared_file(CONS)
    assert OfacConsSource.sniff(RawFile(str(path), path.read_bytes()))
    assert not OfacConsSource.sniff(RawFile("SDN.XML", (FIXTURES / "sdn_sample.xml").read_bytes()))
    sdn_csv = (FIXTURES / "csv_set" / "SDN.CSV").read_bytes()
    assert not OfacConsSource.sniff(RawFile("sdn.csv", sdn_csv))
    # the Consolidated list's CSV files have the SDN layout and their own names
    assert OfacConsSource.sniff(RawFile("CONS_PRIM.CSV", sdn_csv))
    assert not OfacSdnSource.sniff(RawFile("CONS_PRIM.CSV", sdn_csv))


def test_real_file(cons):
    assert cons.source == "ofac_cons"
    assert cons.published == datetime(2024, 5, 6, tzinfo=timezone.utc) and cons.published_basis == "file"
    assert cons.records == 443 and len(cons.designations) == 443
    assert not any(p.startswith("DPRK") for d in cons.designations for p in d.programs)
    programs = Counter(p for d in cons.designations for p in d.programs)
    assert programs["UKRAINE-EO13662"] == 287 and programs["NS-PLC"] == 78 and programs["CMIC-EO13959"] == 68
    schemas = Counter(d.entity.schema.name for d in cons.designations)
    assert schemas["Person"] == 79 and schemas["Organization"] + schemas["Company"] == 364


def test_real_records(cons):
    refs = {d.reference: d for d in cons.designations}
    haniya = refs["9639"]
    statements = {s.value: s.original_value for s in haniya.entity.get_statements("name")}
    assert statements == {"Ismail Abdul Salah HANIYA": "HANIYA, Ismail Abdul Salah"}
    assert haniya.entity.get("birthDate") == ["1962"] and haniya.entity.get("birthPlace") == ["Shati"]
    assert set(haniya.entity.get("alias")) == {"Ismail HANIYA", "Ismaeel HANIYYA"}
    (sanction,) = [e for e in haniya.related if e.schema.name == "Sanction"]
    assert sanction.id == "ofac-cons-9639-sanction"
    assert sanction.get("program") == ["NS-PLC"] and sanction.get("sourceUrl") == [OfacConsSource.url]
    china_telecom = refs["30882"].entity           # CMIC: ISIN and tickers make it a Company
    assert china_telecom.schema.name == "Company"
    assert "US1694261033" in china_telecom.get("isinCode") and "CHA US" in china_telecom.get("ticker")
    assert china_telecom.get("uscCode") == ["9111000071093019X7"]


def test_record_count_mismatch_on_the_real_file(shared_file):
    data = shared_file(CONS).read_bytes().replace(b"<Record_Count>443<", b"<Record_Count>444<")
    with pytest.raises(SourceFormatError, match="Record_Count says 444"):
        SOURCE().parse([RawFile("consolidated.xml", data)])
