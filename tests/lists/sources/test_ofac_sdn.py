"""OFAC SDN list: the legacy CSV set and the sdnList XML, on the real files and on fixtures."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import Designation, ParsedList
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.ofac_cons import OfacConsSource
from sanctionwatch.lists.sources.ofac_sdn import SOURCE, OfacSdnSource
from sanctionwatch.lists.sources.ofac_sdn.remarks import parse_dates, split_identifier, split_remarks
from sanctionwatch.model.entities import make_id, vessel_id

FIXTURES = Path(__file__).parents[2] / "fixtures" / "lists" / "ofac_sdn"
CSV_SET = FIXTURES / "csv_set"
SDN_XML = FIXTURES / "sdn_sample.xml"
DEMO = Path(__file__).parents[3] / "sanctionwatch" / "data" / "demo" / "ofac_sdn_demo.csv"
DPRK = {"DPRK", "DPRK2", "DPRK3", "DPRK4", "DPRK-NKSPEA"}


def raw(path: Path, name: str | None = None) -> RawFile:
    return RawFile(name or str(path), path.read_bytes())


def csv_set() -> list[RawFile]:
    return [raw(p) for p in sorted(CSV_SET.iterdir())]


def parse(files: list[RawFile]) -> ParsedList:
    return SOURCE().parse(files)


def by_ref(parsed: ParsedList) -> dict[str, Designation]:
    return {d.reference: d for d in parsed.designations}


def related(designation: Designation, schema: str) -> list:
    return [e for e in designation.related if e.schema.name == schema]


def sanction(designation: Designation):
    (found,) = related(designation, "Sanction")
    return found


def originals(entity, prop: str) -> dict[str, str | None]:
    return {s.value: s.original_value for s in entity.get_statements(prop)}


def warnings_text(parsed: ParsedList) -> str:
    return "\n".join(parsed.report.warnings())


def dprk(parsed: ParsedList) -> list[Designation]:
    return [d for d in parsed.designations if DPRK & set(d.programs)]


def schema_counts(designations: list[Designation]) -> Counter:
    counts: Counter = Counter()
    for d in designations:
        schema = d.entity.schema
        counts["Organization" if schema.is_a("Organization") else schema.name] += 1
    return counts


# -- metadata and sniffing -------------------------------------------------------------------

def test_metadata():
    assert SOURCE is OfacSdnSource
    info = SOURCE().describe()
    assert info["name"] == "ofac_sdn"
    assert info["title"] == "OFAC Specially Designated Nationals (SDN) List"
    assert info["publisher"] == "US Treasury, Office of Foreign Assets Control"
    assert info["format"] == "csv|xml"
    assert info["expected_designations"] == [5000, 50000]
    assert info["parser_version"] == "1"
    assert set(info["update_urls"]) == {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
    assert info["update_urls"]["sdn_comments.csv"].endswith("/exports/SDN_COMMENTS.CSV")


@pytest.mark.parametrize("name", ["SDN.CSV", "ADD.CSV", "alt.csv", "sdn_comments.csv"])
def test_sniff_accepts_each_csv_kind(name):
    file = raw(CSV_SET / name)
    assert OfacSdnSource.sniff(file)
    assert not OfacConsSource.sniff(file)


def test_sniff_csv_kinds_by_shape_whatever_the_name():
    for path in CSV_SET.iterdir():
        assert OfacSdnSource.sniff(raw(path, name=f"download-{path.stat().st_size}.bin"))


def test_sniff_sdn_xml_but_not_consolidated_xml(shared_file):
    assert OfacSdnSource.sniff(raw(SDN_XML))
    assert not OfacConsSource.sniff(raw(SDN_XML))
    cons = raw(shared_file("lists/ofac/cons-xml-2024-05-06/consolidated.xml"))
    assert not OfacSdnSource.sniff(cons)
    assert OfacConsSource.sniff(cons)


def test_sniff_unnamed_xml_goes_by_record_count():
    # Without "sdn" or "cons" in the name, a Record_Count below the SDN floor means the
    # Consolidated list (the content cannot tell them apart otherwise).
    small = RawFile("list.xml", SDN_XML.read_bytes())
    assert OfacConsSource.sniff(small) and not OfacSdnSource.sniff(small)
    big = RawFile("list.xml", SDN_XML.read_bytes().replace(b"<Record_Count>5<", b"<Record_Count>15123<"))
    assert OfacSdnSource.sniff(big) and not OfacConsSource.sniff(big)


@pytest.mark.parametrize("data", [
    b"ent_num,SDN_Name,SDN_Type\r\n36,AEROCARIBBEAN AIRLINES,-0- \r\n",      # a header row
    b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n',                              # 4 columns
    b'{"id": "x", "schema": "Person", "properties": {}}\n',
    b'<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"></CONSOLIDATED_LIST>',
])
def test_sniff_refuses_other_files(data):
    assert not OfacSdnSource.sniff(RawFile("consolidated_sdn.csv", data))
    assert not OfacConsSource.sniff(RawFile("consolidated_sdn.csv", data))


def test_sniff_refuses_the_un_list(shared_file):
    un = raw(shared_file("lists/un/consolidated_2026-02-27.xml"))
    assert not OfacSdnSource.sniff(un) and not OfacConsSource.sniff(un)


def test_registry_groups_the_csv_set_into_one_release():
    from sanctionwatch.lists import registry

    (source, files), = registry.group_by_source(csv_set())
    assert source.name == "ofac_sdn" and len(source.parse(files).designations) == 7


# -- remark helpers ----------------------------------------------------------------------------

def test_split_remarks_keeps_semicolons_inside_parentheses():
    text = ("DOB 1969; (Following data derived from a passport: Alt. DOB: 10 October 1969; Alt. POB: "
            "Keren Eritrea); a.k.a. 'ABU MANSUR'.")
    assert split_remarks(text) == ["DOB 1969", "(Following data derived from a passport: Alt. DOB: 10 October "
                                   "1969; Alt. POB: Keren Eritrea)", "a.k.a. 'ABU MANSUR'."]
    # an unclosed parenthesis does not swallow the items after it
    assert split_remarks("a.k.a. 'ABU (X'; DOB 1970") == ["a.k.a. 'ABU (X'", "DOB 1970"]


@pytest.mark.parametrize("text, expected", [
    ("10 Dec 1948", ["1948-12-10"]),
    ("Jan 1960", ["1960-01"]),
    ("1960", ["1960"]),
    ("circa 1951", ["1951"]),
    ("1960 to 1962", ["1960", "1962"]),
    ("01 Jan 1948 to 31 Dec 1948", ["1948-01-01", "1948-12-31"]),
    ("circa 1958-1962", ["1958", "1962"]),
    ("sometime", []),
])
def test_parse_dates(text, expected):
    assert parse_dates(text) == expected


def test_split_identifier():
    assert split_identifier("0310857 (Eritrea) issued 21 Aug 2006 expires 20 Aug 2008") == \
        ("0310857", "Eritrea", "21 Aug 2006", "20 Aug 2008")
    assert split_identifier("HRA 738077 (Stuttgart) (Germany)") == ("HRA 738077 (Stuttgart)", "Germany", None, None)
    assert split_identifier("IMO 5936312.") == ("IMO 5936312", None, None, None)


# -- the CSV set fixture ---------------------------------------------------------------------

def test_csv_set_fixture():
    parsed = parse(csv_set())
    assert parsed.source == "ofac_sdn"
    assert parsed.published is None and parsed.published_basis == "none"
    assert parsed.records == 7 and len(parsed.designations) == 7
    refs = by_ref(parsed)

    park = refs["24918"]
    assert park.entity.schema.name == "Person"
    assert park.entity.id == make_id("ofac", "24918") and park.keys == {"ent_num": "24918"}
    assert originals(park.entity, "name") == {"Jin Hyok PARK": "PARK, Jin Hyok"}
    assert park.entity.get("lastName") == ["PARK"] and park.entity.get("firstName") == ["Jin Hyok"]
    # the remark cut in sdn.csv ("Passport 2903") continues in sdn_comments.csv ("33974 (Korea, North).")
    assert park.entity.get("passportNumber") == ["290333974"]
    (passport,) = related(park, "Passport")
    assert passport.get("country") == ["kp"] and passport.get("holder") == [park.entity.id]
    assert sorted(park.entity.get("birthDate")) == ["1984-08-15", "1984-10-18"]
    assert sorted(park.entity.get("alias")) == ["Hyon U KIM", "Jin Hek PAK"]
    assert originals(park.entity, "alias")["Jin Hek PAK"] == "PAK, Jin Hek"
    assert park.entity.get("topics") == ["sanction"]

    komid = refs["9345"]
    assert komid.programs == ["NPWMD", "DPRK2"]
    assert komid.entity.get("weakAlias") == ["KOMID"]   # OFAC's weak aliases sit in the remarks
    assert sorted(komid.entity.get("alias")) == ["CHANGGWANG SINYONG CORPORATION",
                                                 "EXTERNAL TECHNOLOGY GENERAL CORPORATION"]
    addresses = {a.id: a for a in related(komid, "Address")}
    assert set(addresses) == {make_id("ofac-9345", "addr", "11532"), make_id("ofac-9345", "addr", "26782")}
    assert addresses["ofac-9345-addr-11532"].get("country") == ["kp"]
    assert set(komid.entity.get("addressEntity")) == set(addresses)
    komid_sanction = sanction(komid)
    assert komid_sanction.get("entity") == [komid.entity.id]
    assert komid_sanction.get("authority") == ["US Treasury OFAC"]
    assert sorted(komid_sanction.get("program")) == ["DPRK2", "NPWMD"]
    assert sorted(komid_sanction.get("programId")) == ["DPRK2", "NPWMD"]
    assert komid_sanction.get("sourceUrl") == [OfacSdnSource.url]
    assert any(p.startswith("Secondary sanctions risk: North Korea") for p in komid_sanction.get("provisions"))

    chon_ma_san = refs["23729"]
    assert chon_ma_san.entity.id == vessel_id("8660313")
    assert chon_ma_san.reference == "23729"
    assert chon_ma_san.entity.get("imoNumber") == ["IMO8660313"]
    assert chon_ma_san.entity.get("flag") == ["kp"]
    (link,) = related(chon_ma_san, "UnknownLink")
    assert link.get("object") == [make_id("ofac", "23707")] and link.get("role") == ["Linked To"]

    # a company's IMO number is not a ship's
    assert refs["23707"].entity.get("registrationNumber") == ["IMO 5936312"]
    assert refs["23707"].entity.get("imoNumber") == []

    asia_bridge = refs["27408"]
    assert asia_bridge.entity.get("previousName") == ["ASIA BRIDGE 2"]     # alt.csv fka
    assert "Linked To: GOOD SIBLINGS LTD" in asia_bridge.entity.get("notes")  # not on this small list

    aircraft = refs["20540"]
    assert aircraft.entity.schema.name == "Airplane"
    assert aircraft.entity.get("model") == ["AN24-RV"] and aircraft.entity.get("buildDate") == ["1974"]
    assert aircraft.entity.get("operator") == [make_id("ofac", "20520")]   # AIR KORYO is on the list

    text = warnings_text(parsed)
    assert "address for an unknown ent_num" in text and "ent_num 31000" in text
    assert "Linked To name not found" in text


def test_csv_set_roles_by_shape_and_in_any_order():
    files = [RawFile(f"part{i}.csv", f.data) for i, f in enumerate(csv_set())]
    random.Random(4).shuffle(files)
    parsed = parse(files)
    assert len(parsed.designations) == 7
    assert by_ref(parsed)["24918"].entity.get("passportNumber") == ["290333974"]


def test_unknown_remark_key_is_reported_by_name():
    files = [RawFile(f.name, f.data.replace(b"Gender Male;", b"Gender Male; Hull Identification Number 5551212;"))
             if f.basename == "SDN.CSV" else f for f in csv_set()]
    parsed = parse(files)
    text = warnings_text(parsed)
    assert "remark key 'Hull Identification Number'" in text and "ent_num 24918" in text
    assert "Hull Identification Number 5551212" in by_ref(parsed)["24918"].entity.get("notes")


def test_demo_file():
    parsed = parse([raw(DEMO)])
    assert parsed.report.warnings() == []
    assert len(parsed.designations) == 15
    assert all(DPRK & set(d.programs) for d in parsed.designations)
    refs = by_ref(parsed)
    assert refs["19570"].entity.id == vessel_id("8914934")           # EVER BRIGHT 88
    assert refs["17104"].entity.get("imoNumber") == ["IMO8606173"]    # RYONG GUN BONG, no "IMO" word
    assert refs["24508"].entity.id == vessel_id("9003550")           # PATRIOT
    assert refs["23729"].entity.id == vessel_id("8660313")           # CHON MA SAN
    assert refs["9345"].entity.get("weakAlias") == ["KOMID"]
    kim = refs["20157"].entity
    assert kim.get("position") == ["Chairman of the Workers' Party of Korea"]
    assert kim.get("notes") == []   # the remark that repeats the Title is not a note
    assert refs["27254"].programs == ["DPRK3", "DPRK-NKSPEA"]
    data = DEMO.read_bytes()
    assert data.endswith(b"\r\n\x1a") and b"\r\n" in data and b"-0- ," in data
    data.decode("latin-1")


# -- the XML fixture -------------------------------------------------------------------------

def test_xml_fixture():
    parsed = parse([raw(SDN_XML)])
    assert parsed.published == datetime(2024, 5, 3, tzinfo=timezone.utc)
    assert parsed.published_basis == "file"
    assert parsed.records == 5 and len(parsed.designations) == 5
    assert parsed.report.warnings() == []
    refs = by_ref(parsed)
    park = refs["24918"].entity
    assert originals(park, "name") == {"Jin Hyok PARK": "PARK, Jin Hyok"}
    assert park.get("nationality") == ["kp"] and park.get("gender") == ["male"]
    assert sorted(park.get("birthDate")) == ["1984-08-15", "1984-10-18"]
    assert park.get("alias") == ["Jin Hek PAK"]
    komid = refs["9345"].entity
    assert komid.get("alias") == ["CHANGGWANG SINYONG CORPORATION"]
    assert komid.get("weakAlias") == ["KOMID"]                         # category weak
    vessel = refs["23729"]
    assert vessel.entity.id == vessel_id("8660313") and vessel.entity.get("flag") == ["kp"]
    assert related(vessel, "UnknownLink")[0].get("object") == ["ofac-23707"]
    aircraft = refs["20540"]
    (operator,) = related(aircraft, "LegalEntity")                     # Air Koryo is not in this file
    assert operator.get("name") == ["Air Koryo"] and aircraft.entity.get("operator") == [operator.id]


def test_xml_unknown_elements_and_id_types_are_reported():
    data = SDN_XML.read_text().replace(
        "<idType>Gender</idType>", "<idType>Shoe Size</idType>").replace(
        "<sdnType>Aircraft</sdnType>", "<sdnType>Aircraft</sdnType><colour>blue</colour>")
    parsed = parse([RawFile("SDN.XML", data.encode())])
    text = warnings_text(parsed)
    assert "idType 'Shoe Size'" in text and "uid 24918" in text
    assert "<colour> in sdnEntry" in text


def test_xml_record_count_mismatch_is_an_error():
    data = SDN_XML.read_bytes().replace(b"<Record_Count>5<", b"<Record_Count>6<")
    with pytest.raises(SourceFormatError, match="Record_Count says 6 entries but the file has 5"):
        parse([RawFile("SDN.XML", data)])


def test_truncated_xml_is_an_error():
    data = SDN_XML.read_bytes()
    with pytest.raises(SourceFormatError, match="truncated XML") as error:
        parse([RawFile("SDN.XML", data[: len(data) // 2])])
    assert error.value.line is not None


# -- structural errors in the CSV ----------------------------------------------------------

def test_truncated_sdn_csv_names_the_line():
    data = (CSV_SET / "SDN.CSV").read_bytes()
    cut = data.index(b"Vessel Registration Identification IMO 9010022")   # inside the last row (line 7)
    with pytest.raises(SourceFormatError, match="truncated") as error:
        parse([RawFile("sdn.csv", data[:cut])])
    assert error.value.line == 7 and error.value.file == "sdn.csv"


@pytest.mark.slow
def test_truncated_real_sdn_csv(shared_file):
    data = shared_file("lists/ofac/sdn-csv-2024-05-03/sdn.csv").read_bytes()
    cut = data.index(b"\r\n", len(data) // 2) + 40      # 40 bytes into a row in the middle
    line = data[:cut].count(b"\n") + 1
    with pytest.raises(SourceFormatError, match="truncated file") as error:
        parse([RawFile("sdn.csv", data[:cut])])
    assert error.value.line == line


def test_wrong_column_count_names_the_line():
    lines = (CSV_SET / "SDN.CSV").read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b'"P-532","aircraft",', b'"P-532",')       # 11 columns on line 3
    with pytest.raises(SourceFormatError, match="11 columns, expected 12") as error:
        parse([RawFile("sdn.csv", b"\r\n".join(lines))])
    assert error.value.line == 3


def test_ent_num_must_be_an_integer():
    data = (CSV_SET / "SDN.CSV").read_bytes().replace(b"20520,", b"20520a,", 1)
    with pytest.raises(SourceFormatError, match="not an integer") as error:
        parse([RawFile("sdn.csv", data)])
    assert error.value.line == 2 and error.value.field == "ent_num"


def test_set_without_sdn_csv_is_an_error():
    files = [f for f in csv_set() if f.basename != "SDN.CSV"]
    with pytest.raises(SourceFormatError, match="sdn.csv is missing"):
        parse(files)


def test_two_files_of_one_role_or_xml_with_csv_are_errors():
    sdn = raw(CSV_SET / "SDN.CSV")
    with pytest.raises(SourceFormatError, match="two sdn.csv files"):
        parse([sdn, RawFile("copy/sdn.csv", sdn.data)])
    with pytest.raises(SourceFormatError, match="XML list is a release on its own"):
        parse([sdn, raw(SDN_XML)])


# -- the real files --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sdn_2024(shared_file) -> ParsedList:
    return parse([raw(shared_file("lists/ofac/sdn-csv-2024-05-03/sdn.csv"))])


@pytest.fixture(scope="module")
def set_2021(shared_file) -> ParsedList:
    folder = shared_file("lists/ofac/sdn-csv-set-2021-07")
    return parse([raw(folder / name) for name in ("sdn_comments.csv", "alt.csv", "sdn.csv", "add.csv")])


@pytest.mark.slow
def test_real_2024_counts(sdn_2024):
    assert sdn_2024.published is None and sdn_2024.published_basis == "none"
    assert sdn_2024.records == 14965 and len(sdn_2024.designations) == 14965
    designations = dprk(sdn_2024)
    assert len(designations) == 484
    assert schema_counts(designations) == {"Person": 164, "Vessel": 105, "Airplane": 16, "Organization": 199}
    per_program = Counter(p for d in designations for p in d.programs if p in DPRK)
    assert per_program == {"DPRK": 57, "DPRK2": 111, "DPRK3": 147, "DPRK4": 174, "DPRK-NKSPEA": 2}
    nkspea = sorted(d.entity.get("name")[0] for d in designations if "DPRK-NKSPEA" in d.programs)
    assert nkspea == ["BEIJING SUKBAKSO", "KOREA NAMGANG TRADING CORPORATION"]


@pytest.mark.slow
def test_real_2024_dprk_vessels_carry_their_imo(sdn_2024):
    vessels = [d for d in dprk(sdn_2024) if d.entity.schema.name == "Vessel"]
    assert len(vessels) == 105
    assert all(len(v.entity.get("imoNumber")) >= 1 for v in vessels)
    assert all(v.entity.id.startswith("imo-") for v in vessels)
    refs = by_ref(sdn_2024)
    assert refs["17104"].entity.get("imoNumber") == ["IMO8606173"]        # RYONG GUN BONG
    assert refs["23729"].entity.get("imoNumber") == ["IMO8660313"]        # CHON MA SAN
    assert refs["23729"].entity.get("name") == ["CHON MA SAN"]
    assert refs["19570"].entity.id == vessel_id("8914934")                # EVER BRIGHT 88
    assert refs["19570"].entity.get("flag") == ["sl"]
    all_vessels = [d for d in sdn_2024.designations if d.entity.schema.name == "Vessel"]
    assert sum(1 for v in all_vessels if v.entity.get("imoNumber")) == 846   # of 851
    assert refs["23424"].entity.get("registrationNumber") == ["15411"]    # BONU 5: Maltese number


@pytest.mark.slow
def test_real_2024_details(sdn_2024):
    refs = by_ref(sdn_2024)
    lazarus = refs["27307"]
    assert len(related(lazarus, "CryptoWallet")) == 8
    assert {w.get("currencySymbol")[0] for w in related(lazarus, "CryptoWallet")} == {"ETH"}
    # LAZARUS GROUP's remarks stop at OFAC's 1000 characters ("a.k.a. 'WHOIS HACKIN"): kept as a
    # note, not as a cut alias
    assert "WHOIS HACKIN" not in " ".join(lazarus.entity.get("weakAlias"))
    assert "a.k.a. 'WHOIS HACKIN" in lazarus.entity.get("notes")
    text = warnings_text(sdn_2024)
    assert "remarks cut at OFAC's 1000-character limit" in text
    robow = refs["11313"].entity
    assert robow.get("nationality") == ["er"] and "1969-10-10" in robow.get("birthDate")
    (passport,) = related(refs["11313"], "Passport")
    assert passport.get("startDate") == ["2006-08-21"] and passport.get("endDate") == ["2008-08-20"]
    assert refs["7940"].entity.get("notes")   # "nationality possibly Palestinian" kept as a note
    assert "nationality value not accepted as nationality" in text


@pytest.mark.slow
def test_real_2021_set(set_2021):
    assert set_2021.records == 8976 and len(set_2021.designations) == 8976
    designations = dprk(set_2021)
    assert len(designations) == 414
    assert schema_counts(designations) == {"Organization": 162, "Person": 130, "Vessel": 106, "Airplane": 16}
    refs = by_ref(set_2021)
    park = refs["24918"].entity
    assert {"Jin Hek PAK", "Jin Hyok PAK", "Hyon Woo KIM"} <= set(park.get("alias"))
    rgb = refs["12210"]
    assert {"CHONGCH'AL CH'ONGGUK", "KPA UNIT 586"} <= set(rgb.entity.get("alias"))
    assert len(related(rgb, "Address")) == 2
    # sdn_comments.csv continues 28264's remarks after "...510.210; P": "hone Number 8613314257947; ..."
    tian = refs["28264"].entity
    assert "+8613314257947" in tian.get("phone")
    assert "khaleesi" in tian.get("weakAlias")
    links = {e.get("object")[0] for e in related(refs["12300"], "UnknownLink")}
    assert {make_id("ofac", "12396"), make_id("ofac", "12904")} <= links      # PROMO RAIZ S.A.S., R D I S.A.
    assert "remarks cut" not in warnings_text(set_2021)


def test_consolidated_xml_parses_under_ofac_sdn_too(shared_file):
    parsed = parse([raw(shared_file("lists/ofac/cons-xml-2024-05-06/consolidated.xml"))])
    assert parsed.source == "ofac_sdn"
    assert len(parsed.designations) == 443
    assert parsed.published == datetime(2024, 5, 6, tzinfo=timezone.utc)
