"""OFAC's ``sdnList`` XML (SDN.XML, and CONSOLIDATED.XML for the non-SDN lists).

``publshInformation`` (sic) gives Publish_Date (MM/DD/YYYY) and Record_Count; each ``sdnEntry``
has uid, firstName, lastName, title, sdnType, remarks, programList, idList, akaList,
addressList, nationalityList, citizenshipList, dateOfBirthList, placeOfBirthList, vesselInfo.
The idList types are the keys of the CSV remarks, so both go through one key table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from xml.etree.ElementTree import Element

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.sources.base import RawFile
from sanctionwatch.lists.sources.ofac_sdn.builder import Entry, ReleaseBuilder
from sanctionwatch.lists.sources.ofac_sdn.csvset import add_items
from sanctionwatch.lists.sources.ofac_sdn.remarks import KEYS, Feature, feature_from_id, split_remarks
from sanctionwatch.lists.xmlsafe import iterparse, local

_ENTRY_FIELDS = frozenset({"uid", "firstName", "lastName", "title", "sdnType", "remarks", "programList",
                           "idList", "akaList", "addressList", "nationalityList", "citizenshipList",
                           "dateOfBirthList", "placeOfBirthList", "vesselInfo"})
_ID_FIELDS = frozenset({"uid", "idType", "idNumber", "idCountry", "issueDate", "expirationDate"})
_AKA_FIELDS = frozenset({"uid", "type", "category", "lastName", "firstName"})
_ADDRESS_FIELDS = frozenset({"uid", "address1", "address2", "address3", "city", "stateOrProvince",
                             "postalCode", "country", "region"})
_VESSEL_FIELDS = {"callSign": "call_sign", "vesselType": "type", "vesselFlag": "flag",
                  "vesselOwner": "owner", "tonnage": "tonnage", "grossRegisteredTonnage": "grt"}
# list element -> (item element, value element, remark key whose handling it shares)
_ITEM_LISTS = {
    "dateOfBirthList": ("dateOfBirthItem", "dateOfBirth", "DOB"),
    "placeOfBirthList": ("placeOfBirthItem", "placeOfBirth", "POB"),
    "nationalityList": ("nationality", "country", "nationality"),
    "citizenshipList": ("citizenship", "country", "citizenship"),
}


def parse_xml(raw: RawFile, builder: ReleaseBuilder) -> tuple[datetime | None, int]:
    """Read the file into the builder; returns (published, number of sdnEntry elements)."""
    published_text = record_count = None
    entries = 0
    for event, elem in iterparse(raw, "sdnList"):
        if event != "end":
            continue
        tag = local(elem.tag)
        if tag == "sdnEntry":
            entries += 1
            _add_entry(raw, elem, builder)
            elem.clear()
        elif tag == "Publish_Date":
            published_text = (elem.text or "").strip()
        elif tag == "Record_Count":
            record_count = (elem.text or "").strip()
    if not record_count or not record_count.isdigit():
        raise SourceFormatError("no publshInformation/Record_Count: cannot check the file is complete",
                                file=raw.name, field="Record_Count")
    if int(record_count) != entries:
        raise SourceFormatError(f"Record_Count says {record_count} entries but the file has {entries} "
                                f"sdnEntry elements (incomplete or edited file)", file=raw.name,
                                field="Record_Count")
    return _published(raw, published_text, builder), entries


def _published(raw: RawFile, text: str | None, builder: ReleaseBuilder) -> datetime | None:
    if not text:
        builder.report.note("no publshInformation/Publish_Date", raw.name)
        return None
    try:
        return datetime.strptime(text, "%m/%d/%Y").replace(tzinfo=timezone.utc)
    except ValueError:
        builder.report.unmapped_value("Publish_Date", text, raw.name)
        return None


def _children(elem: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for child in elem:
        found.setdefault(local(child.tag), []).append(child)
    return found


def _text(elem: Element | None) -> str | None:
    if elem is None or elem.text is None:
        return None
    text = " ".join(elem.text.split())
    return text or None


def _first(fields: dict[str, list[Element]], name: str) -> str | None:
    elems = fields.get(name)
    return _text(elems[0]) if elems else None


def _add_entry(raw: RawFile, elem: Element, builder: ReleaseBuilder) -> None:
    fields = _children(elem)
    uid = _first(fields, "uid")
    if not uid or not uid.isdigit():
        raise SourceFormatError(f"sdnEntry without an integer uid ({uid!r})", file=raw.name, field="uid")
    place = f"{raw.basename} sdnEntry uid {uid}"
    report = builder.report
    for name in fields.keys() - _ENTRY_FIELDS:
        report.unknown_field(f"<{name}> in sdnEntry (ignored)", place)
    last, first = _first(fields, "lastName"), _first(fields, "firstName")
    sdn_type = (_first(fields, "sdnType") or "entity").lower()
    if not last:
        report.note("sdnEntry without lastName, skipped", place)
        return
    entry = Entry(ent_num=uid, sdn_type=sdn_type, name=f"{last}, {first}" if first else last,
                  programs=_programs(fields), place=place, title=_first(fields, "title"),
                  last_name=last if first else None, first_name=first)
    for container in fields.get("vesselInfo", []):
        _vessel_info(container, entry, builder)
    for container in fields.get("idList", []):
        _ids(container, entry, builder)
    for list_name, (item_name, value_name, key) in _ITEM_LISTS.items():
        for container in fields.get(list_name, []):
            _list_items(container, item_name, value_name, key, entry, builder)
    remarks = _first(fields, "remarks")
    if remarks:
        add_items(entry, split_remarks(remarks))
    target = builder.add_entry(entry)
    if target is None:
        return
    for container in fields.get("akaList", []):
        _akas(container, uid, place, builder)
    for container in fields.get("addressList", []):
        _addresses(container, uid, place, builder)


def _programs(fields: dict[str, list[Element]]) -> list[str]:
    programs: list[str] = []
    for container in fields.get("programList", []):
        for program in container:
            code = _text(program)
            if code and code not in programs:
                programs.append(code)
    return programs


def _vessel_info(container: Element, entry: Entry, builder: ReleaseBuilder) -> None:
    for child in container:
        name = local(child.tag)
        key = _VESSEL_FIELDS.get(name)
        if key is None:
            builder.report.unknown_field(f"<{name}> in vesselInfo (ignored)", entry.place)
            continue
        value = _text(child)
        if value:
            entry.vessel[key] = value


def _ids(container: Element, entry: Entry, builder: ReleaseBuilder) -> None:
    for item in container:
        fields = _children(item)
        for name in fields.keys() - _ID_FIELDS:
            builder.report.unknown_field(f"<{name}> in idList/id (ignored)", entry.place)
        id_type, number = _first(fields, "idType") or "", _first(fields, "idNumber") or ""
        feature = feature_from_id(id_type, number, _first(fields, "idCountry"), _first(fields, "issueDate"),
                                  _first(fields, "expirationDate"))
        if feature is not None:
            entry.features.append(feature)
        elif id_type or number:
            builder.report.unknown_field(f"idType {id_type!r} (kept as note)", entry.place)
            entry.notes.append(f"{id_type} {number}".strip())


def _list_items(container: Element, item_name: str, value_name: str, key: str, entry: Entry,
                builder: ReleaseBuilder) -> None:
    spec = KEYS[key]
    for item in container:
        fields = _children(item)
        if local(item.tag) != item_name or value_name not in fields:
            builder.report.unknown_field(f"<{local(item.tag)}> in {local(container.tag)} (ignored)", entry.place)
            continue
        value = _first(fields, value_name)
        if value:
            entry.features.append(Feature(key, spec, value, value))


def _akas(container: Element, uid: str, place: str, builder: ReleaseBuilder) -> None:
    for item in container:
        fields = _children(item)
        for name in fields.keys() - _AKA_FIELDS:
            builder.report.unknown_field(f"<{name}> in akaList/aka (ignored)", place)
        last, first = _first(fields, "lastName"), _first(fields, "firstName")
        if not last and not first:
            continue
        name = f"{last}, {first}" if last and first else (last or first or "")
        weak = (_first(fields, "category") or "").lower() == "weak"
        builder.add_alias(uid, _first(fields, "type") or "a.k.a.", name, place, weak=weak,
                          last_name=last if first else None, first_name=first if last else None)


def _addresses(container: Element, uid: str, place: str, builder: ReleaseBuilder) -> None:
    for index, item in enumerate(container, start=1):
        fields = _children(item)
        for name in fields.keys() - _ADDRESS_FIELDS:
            builder.report.unknown_field(f"<{name}> in addressList/address (ignored)", place)
        street2 = " ".join(p for p in (_first(fields, "address2"), _first(fields, "address3")) if p) or None
        builder.add_address(uid, _first(fields, "uid") or f"n{index}", place,
                            street=_first(fields, "address1"), street2=street2, city=_first(fields, "city"),
                            state=_first(fields, "stateOrProvince"), postal_code=_first(fields, "postalCode"),
                            country=_first(fields, "country"), region=_first(fields, "region"))
