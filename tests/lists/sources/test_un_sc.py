"""UN Security Council Consolidated List parser: real files, the quirks fixture, the demo file, errors."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from followthemoney import StatementEntity, registry
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import Designation, ParsedList
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.un_sc import SOURCE

FIXTURES = Path(__file__).parents[2] / "fixtures" / "lists" / "un_sc"
DEMO = Path(__file__).parents[3] / "sanctionwatch" / "data" / "demo" / "un_sc_demo.xml"
UN = "lists/un/consolidated_{}.xml"
VERSIONS = ("2017-07-03", "2020-03-20", "2024-09-26", "2026-02-27")

# lists-data.md §2.1: individuals / entities per UN_LIST_TYPE.
COUNTS = {
    "2017-07-03": {"Al-Qaida": (252, 75), "CAR": (11, 2), "DPRK": (53, 46), "DRC": (31, 9), "GB": (11, 0),
                   "Iran": (23, 61), "Iraq": (86, 170), "Libya": (20, 2), "Somalia": (13, 1),
                   "SouthSudan": (6, 0), "Sudan": (4, 0), "Taliban": (135, 5), "Yemen": (5, 0)},
    "2020-03-20": {"Al-Qaida": (260, 89), "CAR": (11, 2), "DPRK": (80, 75), "DRC": (36, 9), "GB": (10, 0),
                   "Iran": (23, 61), "Iraq": (86, 61), "Libya": (28, 2), "Mali": (8, 0), "Somalia": (15, 1),
                   "SouthSudan": (8, 0), "Sudan": (4, 0), "Taliban": (135, 5), "Yemen": (5, 0)},
    "2024-09-26": {"Al-Qaida": (255, 89), "CAR": (14, 1), "DPRK": (80, 75), "DRC": (44, 9), "GB": (10, 0),
                   "Haiti": (5, 0), "Iraq": (66, 10), "Libya": (29, 2), "Somalia": (23, 1), "SouthSudan": (8, 0),
                   "Sudan": (3, 0), "Taliban": (135, 5), "Yemen": (10, 1)},
    "2026-02-27": {"Al-Qaida": (252, 89), "CAR": (14, 1), "DPRK": (80, 75), "DRC": (44, 9), "GB": (10, 0),
                   "Haiti": (9, 2), "Iran": (43, 78), "Iraq": (65, 10), "Libya": (28, 2), "Somalia": (23, 1),
                   "SouthSudan": (8, 0), "Sudan": (9, 0), "Taliban": (135, 5), "Yemen": (10, 1)},
}
TOTALS = {"2017-07-03": 1021, "2020-03-20": 1014, "2024-09-26": 875, "2026-02-27": 1003}


def parse_bytes(data: bytes, name: str = "consolidated.xml") -> ParsedList:
    return SOURCE().parse([RawFile(name, data)])


def parse_path(path: Path) -> ParsedList:
    return parse_bytes(path.read_bytes(), str(path))


def by_ref(parsed: ParsedList) -> dict[str, Designation]:
    return {d.reference: d for d in parsed.designations}


def related(d: Designation, schema: str) -> list[StatementEntity]:
    return [e for e in d.related if e.schema.name == schema]


def originals(entity: StatementEntity, prop: str) -> dict[str, str | None]:
    return {s.value: s.original_value for s in entity.statements if s.prop == prop}


_REAL: dict[str, ParsedList] = {}


@pytest.fixture(scope="module")
def real(shared_file):
    def get(version: str) -> ParsedList:
        if version not in _REAL:
            _REAL[version] = parse_path(shared_file(UN.format(version)))
        return _REAL[version]
    return get


@pytest.fixture(scope="module")
def quirks() -> dict[str, Designation]:
    return by_ref(parse_path(FIXTURES / "quirks.xml"))


# -- metadata and sniffing ------------------------------------------------------------------------

def test_metadata():
    info = SOURCE().describe()
    assert info["name"] == "un_sc"
    assert info["title"] == "UN Security Council Consolidated List"
    assert info["publisher"] == "United Nations Security Council"
    assert info["update_urls"] == {"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}
    assert info["format"] == "xml"
    assert info["expected_designations"] == [500, 5000]


def test_sniff():
    assert SOURCE.sniff(RawFile("a.xml", (FIXTURES / "quirks.xml").read_bytes()))
    assert SOURCE.sniff(RawFile("demo.xml", DEMO.read_bytes()))
    assert not SOURCE.sniff(RawFile("sdn.csv", b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"'))
    assert not SOURCE.sniff(RawFile("x.xml", b"<?xml version='1.0'?><sdnList></sdnList>"))


# -- the quirks fixture ---------------------------------------------------------------------------

def test_fixture_published_is_utc():
    parsed = parse_path(FIXTURES / "quirks.xml")
    assert parsed.published == datetime(2020, 3, 20, 23, 9, 21, 822000, tzinfo=timezone.utc)
    assert parsed.published_basis == "file"
    assert parsed.records == len(parsed.designations) == 14
    assert parsed.source == "un_sc"


def test_designation_and_sanction(quirks):
    d = quirks["KPi.006"]
    assert d.entity.schema.name == "Person"
    assert d.entity.id == "unsc-kpi.006"
    assert d.programs == ["DPRK"]
    assert d.keys == {"dataid": "690747"}
    assert d.listed_on == "2013-01-22"
    assert d.entity.get("topics") == ["sanction"]
    assert d.entity.get("name") == ["PAEK CHANG-HO"]
    # Positional parts: for Korean names FIRST_NAME is the family name.
    assert d.entity.get("firstName") == ["PAEK"]
    assert d.entity.get("secondName") == ["CHANG-HO"]
    assert d.entity.get("birthPlace") == ["Kaesong, Democratic People's Republic of Korea"]
    assert d.entity.get("birthCountry") == ["kp"]
    [sanction] = related(d, "Sanction")
    assert sanction.id == "unsc-kpi.006-sanction"
    assert sanction.get("entity") == ["unsc-kpi.006"]
    assert sanction.get("authority") == ["United Nations Security Council"]
    assert sanction.get("program") == ["DPRK"]
    assert sanction.get("unscId") == ["KPi.006"]
    assert sanction.get("listingDate") == ["2013-01-22"]
    assert sanction.get("sourceUrl") == [SOURCE.url]
    assert sanction.get("reason") == [
        "Senior official and head of the satellite control center of Korean Committee for Space Technology."]


def test_multilingual_passport_is_one_document(quirks):
    d = quirks["KPi.006"]
    [passport] = related(d, "Passport")
    assert not related(d, "Identification")
    assert passport.get("number") == ["381420754"]
    assert passport.get("holder") == [d.entity.id]
    assert sorted(passport.get("type")) == ["Numéro de passeport", "Número de pasaporte", "Passport"]
    assert passport.get("startDate") == ["2011-12-07"]
    assert passport.get("summary") == ["Expires on 7 Dec. 2016"]
    assert d.entity.get("passportNumber") == ["381420754"]


def test_alias_with_embedded_newline(quirks):
    person = quirks["KPi.024"].entity
    assert "Kim Yong-Chol" in person.get("alias")
    assert originals(person, "alias")["Kim Yong-Chol"] == "Kim\n                        Yong-Chol"
    assert person.get("position") == ["KOMID Representative"]
    [sanction] = related(quirks["KPi.024"], "Sanction")
    assert sorted(sanction.get("modifiedAt")) == ["2017-06-01", "2022-07-26"]


def test_alternative_birth_date_in_empty_alias(quirks):
    person = quirks["KPi.030"].entity
    assert sorted(person.get("birthDate")) == ["1968-03-26", "1970-10-15"]
    assert person.get("alias") == ["Kim Hak Song"]
    assert sorted(person.get("passportNumber")) == ["381420565", "654120219"]
    assert len(related(quirks["KPi.030"], "Passport")) == 2


def test_reference_whitespace_is_stripped(quirks):
    assert "KPi.034 " not in quirks
    d = quirks["KPi.034"]
    assert d.entity.id == "unsc-kpi.034"
    [sanction] = related(d, "Sanction")
    assert originals(sanction, "unscId") == {"KPi.034": "KPi.034 "}
    assert quirks["KPe.023"].entity.id == "unsc-kpe.023"


def test_chinese_script_alias_is_split(quirks):
    person = quirks["KPi.035"].entity
    assert sorted(person.get("alias")) == sorted(["Jin Tiesan", "金铁三"])
    assert originals(person, "alias")["金铁三"] == "Jin Tiesan (金铁三)"
    [passport] = related(quirks["KPi.035"], "Passport")
    assert passport.get("number") == ["645120378"]
    assert passport.get("country") == ["kp"]
    # A name entirely in Chinese keeps its own parentheses.
    assert quirks["KPe.059"].entity.get("alias") == ["華信船務(香港)有限公司"]


def test_placeholders_spans_and_alias_qualities(quirks):
    d = quirks["TAi.153"]
    person = d.entity
    assert person.get("name") == ["FAIZULLAH KHAN NOORZAI"]  # FOURTH_NAME "na" is a placeholder
    assert person.get("middleName") == ["NOORZAI"]
    assert sorted(person.get("birthDate")) == ["1966", "1968", "1969", "1970"]
    assert originals(person, "birthDate")["1969"] == "1968 - 1970"
    assert "فیض الله خان نورزی" in person.get("alias")  # NAME_ORIGINAL_SCRIPT
    assert person.get("weakAlias") == ["Haji Mullah Faizullah"]
    assert "Alias Faizullah Noorzai Akhtar Mohammed Mira Khan: previously listed as" in person.get("notes")
    assert person.get("title") == ["Haji"]
    [address] = related(d, "Address")
    assert address.get("full") == ["Boghra Road, Miralzei Village, Chaman, Baluchistan Province, Pakistan"]
    assert address.get("street") == ["Boghra Road"]
    assert address.get("region") == ["Baluchistan Province"]
    assert address.get("country") == ["pk"]
    assert person.get("addressEntity") == [address.id]
    assert person.get("country") == ["pk"]
    assert person.get("birthPlace") == ["Chaman, Baluchistan Province, Pakistan"]


def test_between_range_keeps_its_qualifier(quirks):
    person = quirks["TAi.038"].entity
    assert sorted(person.get("birthDate")) == ["1960", "1961", "1962"]
    assert set(originals(person, "birthDate").values()) == {"BETWEEN 1960 AND 1962 (Approximately)"}


def test_birth_month_from_note_and_address_note(quirks):
    d = quirks["CDi.004"]
    assert d.entity.get("birthDate") == ["1973-11"]
    assert originals(d.entity, "birthDate") == {"1973-11": "Nov. 1973"}
    assert d.entity.get("gender") == ["male"]
    assert d.entity.get("weakAlias") == ["India Queen"]
    [address] = related(d, "Address")
    assert address.get("full") == ["Uganda"]
    assert address.get("summary") == ["as of early 2016"]
    assert d.entity.get("birthCountry") == ["cd"]


def test_document_without_number_is_kept_as_note(quirks):
    d = quirks["QDi.057"]
    [passport] = related(d, "Passport")
    assert passport.get("number") == ["203037"]
    assert passport.get("authority") == ["Tripoli"]
    assert passport.get("country") == ["ly"]
    assert d.entity.get("name") == ["IBRAHIM ALI ABU BAKR TANTOUSH"]
    assert sorted(d.entity.get("middleName")) == ["ABU BAKR", "TANTOUSH"]
    assert any("Libyan passport number 347834, issued under name Ibrahim Ali Tantoush, expired on 21 Feb. 2014"
               in note for note in d.entity.get("notes"))


def test_identification_free_text_nationality_and_submitted_by():
    parsed = parse_path(FIXTURES / "quirks.xml")
    d = by_ref(parsed)["SOi.009"]
    [ident] = related(d, "Identification")
    assert ident.get("number") == ["23446085"]
    assert ident.get("type") == ["National Identification Number"]
    assert d.entity.get("idNumber") == ["23446085"]
    assert not d.entity.get("nationality")
    assert "Nationality: Possibly Ethiopian" in d.entity.get("notes")
    [sanction] = related(d, "Sanction")
    assert sanction.get("summary") == ["Submitted by United States"]
    assert parsed.report.warnings() == [
        "unmapped value in INDIVIDUAL/NATIONALITY/VALUE: 'Possibly Ethiopian' (1x, first at SOi.009)"]


def test_entities(quirks):
    tanchon = quirks["KPe.003"]
    assert tanchon.entity.schema.name == "Organization"
    assert tanchon.entity.get("name") == ["TANCHON COMMERCIAL BANK"]
    assert sorted(tanchon.entity.get("previousName")) == ["CHANGGWANG CREDIT BANK", "KOREA CHANGGWANG CREDIT BANK"]
    assert not tanchon.entity.get("alias")
    [address] = related(tanchon, "Address")
    assert address.get("city") == ["Pyongyang"]
    assert related(quirks["KPe.023"], "Address") == []  # a bare country is not an address
    assert quirks["KPe.023"].entity.get("country") == ["kp"]
    assert quirks["KPe.023"].entity.get("swiftBic") == ["DCBKKPPY"]
    assert quirks["KPe.020"].entity.get("imoNumber") == ["1790183"]
    [sanction] = related(quirks["KPe.059"], "Sanction")
    assert sanction.get("summary") == ["Submitted on 2009-07-17"]


# -- the demo file ---------------------------------------------------------------------------------

def test_demo_file():
    parsed = parse_path(DEMO)
    refs = by_ref(parsed)
    assert parsed.report.warnings() == []
    assert parsed.published == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=timezone.utc)
    assert sum(1 for d in parsed.designations if d.programs == ["DPRK"]) == 10
    assert {p for d in parsed.designations for p in d.programs} == {"DPRK", "Haiti", "Taliban", "Iran"}
    ra = refs["KPi.008"]
    assert {"Ra Kyung-Su", "Chang Myong Ho", "Ra Kyong-Su"} <= set(ra.entity.get("alias"))
    assert [p.get("number") for p in related(ra, "Passport")] == [["645120196"]]
    komid = refs["KPe.001"].entity
    assert "KOMID" in komid.get("alias")
    assert "CHANGGWANG SINYONG CORPORATION" in komid.get("alias")


# -- errors and reports ----------------------------------------------------------------------------

FIXTURE_BYTES = (FIXTURES / "quirks.xml").read_bytes()


def test_truncated_fixture(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_bytes(FIXTURE_BYTES[: len(FIXTURE_BYTES) // 2])
    with pytest.raises(SourceFormatError, match="truncated") as err:
        parse_path(path)
    assert err.value.line is not None and err.value.line > 1
    assert err.value.file == str(path)


def test_root_renamed():
    data = FIXTURE_BYTES.replace(b"CONSOLIDATED_LIST", b"SANCTIONS_LIST")
    with pytest.raises(SourceFormatError, match="root element is <SANCTIONS_LIST>"):
        parse_bytes(data)


def test_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
            b'<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL>'
            b'<FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>')
    with pytest.raises(SourceFormatError, match="unsafe"):
        parse_bytes(bomb)


@pytest.mark.parametrize(("old", "new", "message", "field"), [
    (b"<REFERENCE_NUMBER>KPi.030</REFERENCE_NUMBER>", b"",
     r"INDIVIDUAL #3 \(DATAID 6908558\) has no REFERENCE_NUMBER", "INDIVIDUAL/REFERENCE_NUMBER"),
    (b"<DATAID>6908558</DATAID>", b"<DATAID> </DATAID>",
     r"INDIVIDUAL #3 \(reference KPi.030\) has no DATAID", "INDIVIDUAL/DATAID"),
    (b"<FIRST_NAME>TANCHON COMMERCIAL BANK</FIRST_NAME>", b"<FIRST_NAME/>",
     r"ENTITY KPe.003 \(DATAID 690752\) has no name", "ENTITY/FIRST_NAME"),
])
def test_missing_required_element(old, new, message, field):
    assert old in FIXTURE_BYTES
    with pytest.raises(SourceFormatError, match=message) as err:
        parse_bytes(FIXTURE_BYTES.replace(old, new), "quirks.xml")
    assert err.value.field == field
    assert err.value.file == "quirks.xml"


def test_missing_section():
    data = FIXTURE_BYTES[: FIXTURE_BYTES.index(b"<ENTITIES>")] + b"</CONSOLIDATED_LIST>\n"
    with pytest.raises(SourceFormatError, match="no <ENTITIES> section"):
        parse_bytes(data)


def test_empty_and_html_files_are_refused():
    with pytest.raises(SourceFormatError, match="empty file"):
        parse_bytes(b"  \n")
    with pytest.raises(SourceFormatError, match="HTML page"):
        parse_bytes(b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>")


def test_one_file_per_release():
    raw = RawFile("a.xml", FIXTURE_BYTES)
    with pytest.raises(SourceFormatError, match="one XML file, got 2"):
        SOURCE().parse([raw, raw])


def test_unknown_elements_are_reported():
    data = (FIXTURE_BYTES
            .replace(b"<VERSIONNUM>1</VERSIONNUM>", b"<VERSIONNUM>1</VERSIONNUM><FOO>new</FOO>", 1)
            .replace(b"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>", b"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><CALENDAR/>", 1)
            .replace(b"<QUALITY>f.k.a.</QUALITY>", b"<QUALITY>n.k.a.</QUALITY>", 1)
            .replace(b"<SORT_KEY/>", b"<SORT_KEY>PAEK</SORT_KEY>", 1)
            .replace(b"</ENTITIES>", b"</ENTITIES><VESSELS/>"))
    parsed = parse_bytes(data)
    assert len(parsed.designations) == 14
    warnings = "\n".join(parsed.report.warnings())
    assert "unmapped field INDIVIDUAL/FOO (1x, first at KPi.006)" in warnings
    assert "unmapped field INDIVIDUAL/INDIVIDUAL_DATE_OF_BIRTH/CALENDAR (1x, first at KPi.006)" in warnings
    assert "unmapped value in ENTITY/ENTITY_ALIAS/QUALITY: 'n.k.a.'" in warnings
    assert "unmapped value in INDIVIDUAL/SORT_KEY: 'PAEK'" in warnings
    assert "unmapped field CONSOLIDATED_LIST/VESSELS" in warnings
    # The alias with the unknown quality is still kept.
    assert "CHANGGWANG CREDIT BANK" in by_ref(parsed)["KPe.003"].entity.get("alias")


def test_missing_date_generated_is_reported():
    data = FIXTURE_BYTES.replace(b" dateGenerated='2020-03-20T19:09:21.822-04:00'", b"")
    parsed = parse_bytes(data)
    assert parsed.published is None
    assert parsed.published_basis == "none"
    assert any("dateGenerated" in w for w in parsed.report.warnings())


# -- whitespace property ---------------------------------------------------------------------------

# Name words as the list writes them (KY'ONG-SU); FtM trims quotes at the ends of a name, so words
# start and end with a letter.
_WORD = st.from_regex(r"[A-Z]([A-Z'-]{0,6}[A-Z])?", fullmatch=True)
_SPACE = st.text(alphabet=" \t\n", min_size=1, max_size=4)


def _spaced(words: list[str], gaps: list[str], pad: tuple[str, str]) -> str:
    text = words[0]
    for word, gap in zip(words[1:], gaps):
        text += gap + word
    return pad[0] + text + pad[1]


@settings(max_examples=40, deadline=None)
@given(first=st.lists(_WORD, min_size=1, max_size=3), second=st.lists(_WORD, min_size=1, max_size=3),
       gaps=st.lists(_SPACE, min_size=3, max_size=3), pad=st.tuples(_SPACE, _SPACE) | st.just(("", "")))
def test_names_with_any_whitespace_normalise_the_same(first, second, gaps, pad):
    first_raw = _spaced(first, gaps[: len(first)], pad)
    second_raw = _spaced(second, gaps[: len(second)], pad)
    record = (f"<INDIVIDUAL><DATAID>690744</DATAID><FIRST_NAME>{escape(first_raw)}</FIRST_NAME>"
              f"<SECOND_NAME>{escape(second_raw)}</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
              f"<REFERENCE_NUMBER>{pad[0]}KPi.008{pad[1]}</REFERENCE_NUMBER>"
              f"<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{escape(second_raw + gaps[0] + first_raw)}"
              f"</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>")
    xml = (f"<CONSOLIDATED_LIST dateGenerated='2026-02-27T00:00:09.554Z'><INDIVIDUALS>{record}</INDIVIDUALS>"
           f"<ENTITIES/></CONSOLIDATED_LIST>").encode()
    [d] = parse_bytes(xml).designations
    expected = " ".join(first) + " " + " ".join(second)
    assert d.entity.id == "unsc-kpi.008"
    assert d.reference == "KPi.008"
    assert d.entity.get("name") == [expected]
    assert d.entity.get("alias") == [" ".join(second) + " " + " ".join(first)]


# -- the real files ----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_real_counts_per_list_type(real, version):
    parsed = real(version)
    seen: Counter = Counter()
    for d in parsed.designations:
        assert len(d.programs) == 1
        seen[(d.programs[0], d.entity.schema.name)] += 1
    expected = {}
    for program, (people, orgs) in COUNTS[version].items():
        if people:
            expected[(program, "Person")] = people
        if orgs:
            expected[(program, "Organization")] = orgs
    assert dict(seen) == expected
    assert len(parsed.designations) == parsed.records == TOTALS[version]
    assert len({d.entity.id for d in parsed.designations}) == TOTALS[version]
    assert all(d.reference == d.reference.strip() for d in parsed.designations)


@pytest.mark.slow
def test_real_2026_records(real):
    parsed = real("2026-02-27")
    assert parsed.published == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=timezone.utc)
    assert parsed.report.warnings() == []
    refs = by_ref(parsed)
    ra = refs["KPi.008"]
    assert ra.keys == {"dataid": "690744"}
    assert {"Ra Kyung-Su", "Chang Myong Ho", "Chang Myo’ng-Ho", "Chang Myong-Ho", "Ra Kyong-Su"} == set(
        ra.entity.get("alias"))
    [passport] = related(ra, "Passport")
    assert passport.get("number") == ["645120196"]
    assert len(passport.get("type")) == 3
    assert ra.entity.get("birthDate") == ["1954-06-04"]
    assert sorted(refs["KPi.007"].entity.get("birthDate")) == ["1965", "1966", "1968-02-19"]
    assert sorted(refs["KPi.030"].entity.get("birthDate")) == ["1968-03-26", "1970-10-15"]
    dprk = [d for d in parsed.designations if d.programs == ["DPRK"]]
    # lists-data.md §2.3.7: 16 DPRK shipping entities carry an IMO company number in COMMENTS1.
    assert sum(1 for d in dprk if d.entity.schema.name == "Organization" and d.entity.get("imoNumber")) == 16
    assert refs["KPe.022"].entity.get("imoNumber") == ["5342883"]
    assert refs["KPe.001"].listed_on == "2009-04-24"
    # Offsets after LISTED_ON dates ("2015-04-07-04:00") still give the date.
    assert all(d.listed_on and len(d.listed_on) == 10 for d in parsed.designations)
    # Every passport / identification number is one entity per record.
    for d in parsed.designations:
        numbers = [e.get("number")[0] for e in d.related if e.schema.name in ("Passport", "Identification")]
        assert len(numbers) == len(set(numbers))


@pytest.mark.slow
def test_real_2024_records(real):
    parsed = real("2024-09-26")
    assert parsed.report.warnings() == []
    refs = by_ref(parsed)
    assert sorted(refs["KPi.030"].entity.get("birthDate")) == ["1968-03-26", "1970-10-15"]
    assert "Kim Yong-Chol" in refs["KPi.024"].entity.get("alias")
    assert {"Jin Tiesan", "金铁三"} <= set(refs["KPi.035"].entity.get("alias"))
    assert refs["KPi.035"].entity.get("passportNumber") == ["645120378"]
    # "KPe.023 " in this file.
    assert refs["KPe.023"].entity.id == "unsc-kpe.023"
    # An alias-encoded span "1968 - 1970" becomes each of its years.
    dobs = originals(refs["TAi.153"].entity, "birthDate")
    assert {year for year, text in dobs.items() if text == "1968 - 1970"} == {"1968", "1969", "1970"}


@pytest.mark.slow
def test_real_2020_and_2017(real):
    parsed = real("2020-03-20")
    assert parsed.published == datetime(2020, 3, 20, 23, 9, 21, 822000, tzinfo=timezone.utc)
    refs = by_ref(parsed)
    assert refs["KPi.034"].entity.id == "unsc-kpi.034"  # "KPi.034 " in the 2020 file
    old = real("2017-07-03")
    warnings = "\n".join(old.report.warnings())
    assert "unmapped value in INDIVIDUAL/NATIONALITY/VALUE: 'Possibly Ethiopian'" in warnings
    assert "Nationality: Possibly Ethiopian" in by_ref(old)["SOi.009"].entity.get("notes")
    # DATAID is the stable record key: the same for every DPRK record in both 2017 and 2026.
    new = {d.reference: d.keys["dataid"] for d in real("2026-02-27").designations if d.programs == ["DPRK"]}
    both = {d.reference: d.keys["dataid"] for d in old.designations if d.reference in new}
    assert len(both) == 99
    assert all(new[ref] == dataid for ref, dataid in both.items())


@pytest.mark.slow
def test_real_values_all_clean(real):
    """Every country value the parser stored is a valid code; every date is a valid date."""
    for version in VERSIONS:
        for d in real(version).designations:
            for entity in (d.entity, *d.related):
                for stmt in entity.statements:
                    prop = entity.schema.get(stmt.prop)
                    if prop is not None and prop.type in (registry.country, registry.date):
                        assert prop.type.clean(stmt.value) == stmt.value, (d.reference, stmt.prop, stmt.value)


@pytest.mark.slow
def test_real_parse_time(shared_file):
    data = shared_file(UN.format("2026-02-27")).read_bytes()
    # The first country lookup builds rigour's territory-name index (a one-time cost per process).
    registry.country.clean("Iran (Islamic Republic of)", fuzzy=True)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse_bytes(data)
        best = min(best, time.perf_counter() - start)
    assert best < 1.5, f"parsing the 2026 UN list took {best:.2f} s"


@pytest.mark.slow
def test_real_truncated_copy(shared_file, tmp_path):
    data = shared_file(UN.format("2026-02-27")).read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFormatError, match="truncated") as err:
        parse_path(path)
    assert "line" in str(err.value) and err.value.line
