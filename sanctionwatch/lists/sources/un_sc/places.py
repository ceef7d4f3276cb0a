"""Addresses, places of birth and identity documents of one UN record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator
from xml.etree.ElementTree import Element

from followthemoney import StatementEntity, registry

from sanctionwatch.lists.sources.un_sc.values import clean_text, collapse, raw_text
from sanctionwatch.model.entities import make_id

if TYPE_CHECKING:
    from sanctionwatch.lists.sources.un_sc.record import _Record

_ADDRESS_PARTS = {"STREET": "street", "CITY": "city", "STATE_PROVINCE": "region", "ZIP_CODE": "postalCode"}
_ADDRESS_FIELDS = set(_ADDRESS_PARTS) | {"COUNTRY", "NOTE"}
_BIRTH_PLACE_FIELDS = {"STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"}
_DOCUMENT_FIELDS = {"TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY", "COUNTRY_OF_ISSUE",
                    "DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE"}
# Type labels come in the list's three languages: KPi.008 lists passport 645120196 as
# "Numéro de passeport ", "Número de pasaporte" and "Passport" (lists-data.md §2.3.3).
_PASSPORT_WORDS = ("passport", "passeport", "pasaporte", "паспорт")


@lru_cache(maxsize=2048)
def country_code(text: str) -> str | None:
    """Fuzzy country lookup, cached: the same few country names repeat on every record."""
    return registry.country.clean(text, fuzzy=True)


def add_country(rec: _Record, targets: list[tuple[StatementEntity, str]], raw: str, path: str) -> bool:
    """Add the country code to each (entity, property); report text that names no country."""
    code = country_code(collapse(raw))
    if code is None:
        rec.b.report.unmapped_value(path, collapse(raw), rec.place)
        return False
    for entity, prop in targets:
        rec.b.factory.add(entity, prop, code, original=raw)
    return True


def address(rec: _Record, elem: Element, path: str) -> None:
    f = rec.fields(elem, path, _ADDRESS_FIELDS)
    parts = {tag: raw_text(f.get(tag)) for tag in _ADDRESS_PARTS}
    country = raw_text(f.get("COUNTRY"))
    note = clean_text(f.get("NOTE"))
    if not any(parts.values()) and not note:
        # Most addresses are just <COUNTRY/> (empty) or a country alone: no Address entity for that.
        if country is not None and not add_country(rec, [(rec.target, "country")], country, f"{path}/COUNTRY"):
            rec.note(f"Address: {collapse(country)}")
        return
    texts = list(dict.fromkeys(collapse(v) for v in [*parts.values(), country] if v))
    full = ", ".join(texts) or note or ""
    digest = hashlib.sha1(f"{full}|{note or ''}".encode()).hexdigest()[:12]
    addr = rec.b.factory.make("Address", make_id(rec.target_id, "address", digest))
    rec.add(addr, "full", full, path)
    for tag, prop in _ADDRESS_PARTS.items():
        rec.add(addr, prop, parts[tag], f"{path}/{tag}")
    if texts and note:
        # "as of June 2016", "previous address", "in prison": about the address, not part of it.
        rec.add(addr, "summary", note, f"{path}/NOTE")
    if country is not None:
        add_country(rec, [(addr, "country"), (rec.target, "country")], country, f"{path}/COUNTRY")
    rec.add(rec.target, "addressEntity", addr.id, path)
    rec.relate(addr)


def birth_place(rec: _Record, elem: Element, path: str) -> None:
    f = rec.fields(elem, path, _BIRTH_PLACE_FIELDS)
    texts = [t for t in (clean_text(f.get(tag)) for tag in ("STREET", "CITY", "STATE_PROVINCE")) if t]
    country = raw_text(f.get("COUNTRY"))
    note = clean_text(f.get("NOTE"))
    known = country is not None and add_country(rec, [(rec.target, "birthCountry")], country, f"{path}/COUNTRY")
    if not texts and not note and (country is None or known):
        return
    if country is not None:
        texts.append(collapse(country))
    # STREET and CITY sometimes repeat each other ("al-Awja, near Tikrit" twice).
    place = ", ".join(dict.fromkeys(texts))
    if note:
        place = f"{place} ({note})" if place else note
    rec.add(rec.target, "birthPlace", place, path)


@dataclass
class _Document:
    number: str
    path: str
    labels: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def take(self, f: dict[str, Element]) -> None:
        self.labels += [t for t in (clean_text(f.get(k)) for k in ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2")) if t]
        self.countries += [t for t in (raw_text(f.get(k)) for k in ("ISSUING_COUNTRY", "COUNTRY_OF_ISSUE")) if t]
        self.dates += [t for t in [raw_text(f.get("DATE_OF_ISSUE"))] if t]
        self.cities += [t for t in [raw_text(f.get("CITY_OF_ISSUE"))] if t]
        self.notes += [t for t in [clean_text(f.get("NOTE"))] if t]

    @property
    def is_passport(self) -> bool:
        return any(word in label.lower() for label in self.labels for word in _PASSPORT_WORDS)

    def describe(self) -> str:
        """A document the list gives without a NUMBER, as one line of notes."""
        details = list(self.notes)
        details += [f"issuing country {collapse(c)}" for c in dict.fromkeys(self.countries)]
        details += [f"issued {collapse(d)}" for d in self.dates]
        details += [f"issued in {collapse(c)}" for c in self.cities]
        head = " / ".join(dict.fromkeys(self.labels)) or "document"
        return f"{head}: {'; '.join(details)}" if details else head


class Documents:
    """INDIVIDUAL_DOCUMENT elements grouped by number: one entity per document, however many
    languages the list repeats it in."""

    def __init__(self) -> None:
        self.groups: dict[str, _Document] = {}

    def collect(self, rec: _Record, elem: Element, path: str) -> None:
        f = rec.fields(elem, path, _DOCUMENT_FIELDS)
        number = raw_text(f.get("NUMBER"))
        if number is None:
            doc = _Document("", path)
            doc.take(f)
            if doc.labels or doc.notes or doc.countries:
                # e.g. QDi.057 "Libyan passport number 347834, issued under name ...": kept as a note.
                rec.note(doc.describe())
            return
        key = "".join(number.split()).upper()
        self.groups.setdefault(key, _Document(number, path)).take(f)

    def build(self, rec: _Record) -> Iterator[StatementEntity]:
        for key, doc in self.groups.items():
            passport = doc.is_passport
            entity = rec.b.factory.make("Passport" if passport else "Identification",
                                        make_id(rec.target_id, "document", key))
            rec.add(entity, "holder", rec.target_id, doc.path)
            rec.add(entity, "number", doc.number, f"{doc.path}/NUMBER")
            rec.add(rec.target, "passportNumber" if passport else "idNumber", doc.number, f"{doc.path}/NUMBER")
            for label in dict.fromkeys(doc.labels):
                rec.add(entity, "type", label, f"{doc.path}/TYPE_OF_DOCUMENT")
            for country in dict.fromkeys(doc.countries):
                if not add_country(rec, [(entity, "country")], country, f"{doc.path}/ISSUING_COUNTRY"):
                    rec.add(entity, "summary", f"Issuing country: {collapse(country)}", doc.path)
            for date in dict.fromkeys(doc.dates):
                rec.add(entity, "startDate", date, f"{doc.path}/DATE_OF_ISSUE")
            for city in dict.fromkeys(doc.cities):
                # The list names where a document was issued, not by whom: the closest FtM field.
                rec.add(entity, "authority", city, f"{doc.path}/CITY_OF_ISSUE")
            for note in dict.fromkeys(doc.notes):
                rec.add(entity, "summary", note, f"{doc.path}/NOTE")
            yield entity
