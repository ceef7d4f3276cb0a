"""One INDIVIDUAL or ENTITY element -> a Designation: the target, its Sanction, and the
Passport / Identification / Address entities it refers to.

Every child element has a handler; an element without one is reported, never dropped.
"""

from __future__ import annotations

import re
from typing import Callable
from xml.etree.ElementTree import Element

from followthemoney import StatementEntity, registry

from sanctionwatch.errors import SourceFormatError
from sanctionwatch.lists.parsed import Designation, ParseReport
from sanctionwatch.lists.sources.un_sc import places
from sanctionwatch.lists.sources.un_sc.values import (clean_text, collapse, month_year, raw_text,
                                                       script_name_in_note, split_scripts, year_span, years_between)
from sanctionwatch.model.entities import EntityFactory, make_id

AUTHORITY = "United Nations Security Council"
INDIVIDUAL = "INDIVIDUAL"
ENTITY = "ENTITY"

# UN name parts are positional, not given/family names: for Korean names FIRST_NAME holds the
# family name (KPi.008 FIRST_NAME "RA", SECOND_NAME "KY'ONG-SU"). They are kept as the list orders them.
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_PART_PROPS = {"FIRST_NAME": "firstName", "SECOND_NAME": "secondName",
               "THIRD_NAME": "middleName", "FOURTH_NAME": "middleName"}

# Individual aliases grade quality Good/Low, entity aliases use a.k.a./f.k.a. (lists-data.md §2.3.1).
_ALIAS_PROPS = {"": "alias", "good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
_DATE_KINDS = frozenset({"", "EXACT", "APPROXIMATELY", "BETWEEN"})
_ALIAS_FIELDS = {INDIVIDUAL: {"QUALITY", "ALIAS_NAME", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH", "NOTE"},
                 ENTITY: {"QUALITY", "ALIAS_NAME", "NOTE"}}
_DOB_FIELDS = {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"}
# The company/owner numbers of DPRK shipping firms sit in COMMENTS1: "IMO number: 5571322" (KPe.056),
# "International Maritime Organization (IMO) Number: 1790183" (KPe.020), "Company Number IMO 5434358".
_IMO_COMPANY = re.compile(r"\(?\bIMO\)?\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b", re.I)
# Bank codes in COMMENTS1 too: "SWIFT: DCBKKPPY" (KPe.023), "SWIFT/BIC: KUDBKPPY".
_SWIFT = re.compile(r"\bSWIFT(?:/BIC)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")


class RecordBuilder:
    """Shared state for all records of one file: the entity factory and the report."""

    def __init__(self, factory: EntityFactory, report: ParseReport, file: str, source_url: str | None) -> None:
        self.factory = factory
        self.report = report
        self.file = file
        self.source_url = source_url

    def build(self, elem: Element, kind: str, index: int) -> Designation:
        return _Record(self, elem, kind, index).designation()


class _Record:
    def __init__(self, builder: RecordBuilder, elem: Element, kind: str, index: int) -> None:
        self.b = builder
        self.elem = elem
        self.kind = kind
        dataid = clean_text(elem.find("DATAID"))
        reference = clean_text(elem.find("REFERENCE_NUMBER"))
        if not dataid:
            raise SourceFormatError(f"{kind} #{index} (reference {reference or 'missing'}) has no DATAID",
                                    file=builder.file, field=f"{kind}/DATAID")
        if not reference:
            raise SourceFormatError(f"{kind} #{index} (DATAID {dataid}) has no REFERENCE_NUMBER",
                                    file=builder.file, field=f"{kind}/REFERENCE_NUMBER")
        self.dataid: str = dataid
        self.reference: str = reference
        self.place = reference
        self.target_id = make_id("unsc", reference)
        schema = "Person" if kind == INDIVIDUAL else "Organization"
        self.target = builder.factory.make(schema, self.target_id)
        self.sanction = builder.factory.make("Sanction", make_id(self.target_id, "sanction"))
        self.related: dict[str, StatementEntity] = {}
        self.relate(self.sanction)
        self.programs: list[str] = []
        self.listed_on: str | None = None
        self.documents = places.Documents()

    # -- helpers -------------------------------------------------------------------------------

    def add(self, entity: StatementEntity, prop: str, value: str | None, path: str, *,
            original: str | None = None, fuzzy: bool = False) -> bool:
        """factory.add, with a value the model refuses reported under its element path."""
        rejected = len(self.b.factory.rejected)
        if self.b.factory.add(entity, prop, value, original=original, fuzzy=fuzzy):
            return True
        if len(self.b.factory.rejected) > rejected and value is not None:
            self.b.report.unmapped_value(path, collapse(value), self.place)
        return False

    def relate(self, entity: StatementEntity) -> None:
        """Keep a Sanction/Passport/Address once, however often the record repeats it."""
        self.related[entity.id or ""] = entity

    def note(self, text: str) -> None:
        self.b.factory.add(self.target, "notes", text)

    def unknown(self, path: str) -> None:
        self.b.report.unknown_field(path, self.place)

    def fields(self, elem: Element, path: str, known: set[str]) -> dict[str, Element]:
        """Sub-elements by tag; unknown or repeated ones reported (each is at most once in every file seen)."""
        found: dict[str, Element] = {}
        for child in elem:
            if child.tag not in known:
                self.unknown(f"{path}/{child.tag}")
            elif child.tag in found:
                self.b.report.note(f"repeated element {path}/{child.tag}, only the first read", self.place)
            else:
                found[child.tag] = child
        return found

    def values(self, elem: Element, path: str) -> list[str]:
        """Raw texts of a ``<X><VALUE>..</VALUE></X>`` list."""
        out = []
        for child in elem:
            if child.tag != "VALUE":
                self.unknown(f"{path}/{child.tag}")
            elif (text := raw_text(child)) is not None:
                out.append(text)
        return out

    # -- the record ----------------------------------------------------------------------------

    def designation(self) -> Designation:
        self._name()
        self.b.factory.add(self.target, "topics", "sanction")
        san = self.sanction
        self.b.factory.add(san, "entity", self.target_id)
        self.b.factory.add(san, "authority", AUTHORITY)
        self.b.factory.add(san, "unscId", self.reference,
                           original=raw_text(self.elem.find("REFERENCE_NUMBER")))
        self.b.factory.add(san, "sourceUrl", self.b.source_url)
        handlers = _INDIVIDUAL_HANDLERS if self.kind == INDIVIDUAL else _ENTITY_HANDLERS
        for child in self.elem:
            handler = handlers.get(child.tag)
            if handler is None:
                self.unknown(f"{self.kind}/{child.tag}")
            else:
                handler(self, child, f"{self.kind}/{child.tag}")
        for entity in self.documents.build(self):
            self.relate(entity)
        return Designation(entity=self.target, reference=self.reference, programs=self.programs,
                           keys={"dataid": self.dataid}, listed_on=self.listed_on,
                           related=list(self.related.values()))

    def _name(self) -> None:
        if self.kind == ENTITY:
            raw = raw_text(self.elem.find("FIRST_NAME"))
            name = collapse(raw) if raw else ""
        else:
            parts = [clean_text(self.elem.find(tag)) for tag in NAME_PARTS]
            raw = None
            name = " ".join(p for p in parts if p)
        if not name:
            raise SourceFormatError(f"{self.kind} {self.reference} (DATAID {self.dataid}) has no name",
                                    file=self.b.file, field=f"{self.kind}/FIRST_NAME")
        self.add(self.target, "name", name, f"{self.kind}/FIRST_NAME", original=raw)

    def consume(self, elem: Element, path: str) -> None:
        """Read elsewhere (DATAID, REFERENCE_NUMBER, the name) or carrying nothing (VERSIONNUM)."""

    def empty_expected(self, elem: Element, path: str) -> None:
        # SORT_KEY and SORT_KEY_LAST_MOD are empty in every file seen; content would be new.
        if (text := clean_text(elem)) is not None:
            self.b.report.unmapped_value(path, text, self.place)

    def name_part(self, elem: Element, path: str) -> None:
        if (raw := raw_text(elem)) is not None:
            self.add(self.target, _PART_PROPS[elem.tag], raw, path)

    def program(self, elem: Element, path: str) -> None:
        if (program := clean_text(elem)) is not None:
            self.programs.append(program)
            self.add(self.sanction, "program", program, path)

    def listing_date(self, elem: Element, path: str) -> None:
        raw = raw_text(elem)
        # Some dates carry an offset: "2015-04-07-04:00"; the date part is the listing date.
        if raw is not None and self.add(self.sanction, "listingDate", raw, path):
            self.listed_on = registry.date.clean(collapse(raw))

    def comments(self, elem: Element, path: str) -> None:
        raw = raw_text(elem)
        if raw is None:
            return
        self.add(self.target, "notes", raw, path)
        self.add(self.sanction, "reason", raw, path)
        if self.kind == ENTITY:
            for pattern, prop in ((_IMO_COMPANY, "imoNumber"), (_SWIFT, "swiftBic")):
                for match in pattern.finditer(raw):
                    self.add(self.target, prop, match.group(1), path, original=collapse(match.group(0)))

    def original_script(self, elem: Element, path: str) -> None:
        if (raw := raw_text(elem)) is not None:
            self.add(self.target, "alias", raw, path)

    def gender(self, elem: Element, path: str) -> None:
        raw = raw_text(elem)
        if raw is not None and raw.strip().lower() != "unknown":
            self.add(self.target, "gender", raw, path)

    def submitted(self, elem: Element, path: str) -> None:
        # SUBMITTED_BY (a member state) and SUBMITTED_ON (a date), only in the 2017 and 2020 files.
        if (text := clean_text(elem)) is not None:
            label = "Submitted by" if elem.tag == "SUBMITTED_BY" else "Submitted on"
            self.add(self.sanction, "summary", f"{label} {text}", path, original=raw_text(elem))

    def titles(self, elem: Element, path: str) -> None:
        for raw in self.values(elem, path):
            self.add(self.target, "title", raw, path)

    def positions(self, elem: Element, path: str) -> None:
        for raw in self.values(elem, path):
            self.add(self.target, "position", raw, path)

    def nationalities(self, elem: Element, path: str) -> None:
        for raw in self.values(elem, path):
            # Free text such as "Possibly Ethiopian" does not clean: reported, and kept in notes.
            if not self.add(self.target, "nationality", raw, f"{path}/VALUE", fuzzy=True):
                self.note(f"Nationality: {collapse(raw)}")

    def list_type(self, elem: Element, path: str) -> None:
        for raw in self.values(elem, path):
            if collapse(raw) != "UN List":
                self.b.report.unmapped_value(f"{path}/VALUE", collapse(raw), self.place)

    def last_updated(self, elem: Element, path: str) -> None:
        for raw in self.values(elem, path):
            self.add(self.sanction, "modifiedAt", raw, f"{path}/VALUE")

    # -- aliases and dates of birth -------------------------------------------------------------

    def alias(self, elem: Element, path: str) -> None:
        f = self.fields(elem, path, _ALIAS_FIELDS[self.kind])
        raw = raw_text(f.get("ALIAS_NAME"))
        note = clean_text(f.get("NOTE"))
        if raw is not None:
            quality = (clean_text(f.get("QUALITY")) or "").lower()
            prop = _ALIAS_PROPS.get(quality)
            if prop is None:
                self.b.report.unmapped_value(f"{path}/QUALITY", quality, self.place)
                prop = "alias"
            for name in split_scripts(collapse(raw)):
                self.add(self.target, prop, name, f"{path}/ALIAS_NAME", original=raw)
            if note:
                self.note(f"Alias {collapse(raw)}: {note}")
                if (script_name := script_name_in_note(note)) is not None:
                    self.add(self.target, prop, script_name, f"{path}/NOTE", original=note)
        elif note:
            self.note(f"Alias note: {note}")
        # The 2024 file puts alternative dates of birth in otherwise empty aliases (KPi.030 1970-10-15).
        if (dob := raw_text(f.get("DATE_OF_BIRTH"))) is not None:
            self.alias_birth_date(dob, f"{path}/DATE_OF_BIRTH")
        if (city := raw_text(f.get("CITY_OF_BIRTH"))) is not None:
            self.add(self.target, "birthPlace", city, f"{path}/CITY_OF_BIRTH")
        if (country := raw_text(f.get("COUNTRY_OF_BIRTH"))) is not None:
            if not self.add(self.target, "birthCountry", country, f"{path}/COUNTRY_OF_BIRTH", fuzzy=True):
                self.note(f"Country of birth: {collapse(country)}")

    def alias_birth_date(self, raw: str, path: str) -> None:
        span = year_span(raw)
        if span is None:
            self.add(self.target, "birthDate", raw, path)
            return
        self.add_years(span[0], span[1], collapse(raw), path)

    def add_years(self, start: int, end: int, original: str, path: str) -> list[str]:
        years, cut = years_between(start, end)
        if cut:
            self.b.report.note(f"date of birth range longer than 15 years kept as its two ends ({path})",
                               self.place)
        return [y for y in years if self.add(self.target, "birthDate", y, path, original=original)]

    def birth_date(self, elem: Element, path: str) -> None:
        f = self.fields(elem, path, _DOB_FIELDS)
        kind = (clean_text(f.get("TYPE_OF_DATE")) or "").upper()
        if kind not in _DATE_KINDS:
            self.b.report.unmapped_value(f"{path}/TYPE_OF_DATE", kind, self.place)
        note = clean_text(f.get("NOTE"))
        qualifier = kind if kind in ("APPROXIMATELY", "BETWEEN") else ""
        # "Approximately" as the NOTE of a BETWEEN range is a qualifier, kept in the original text.
        approx_note = note is not None and note.lower() == "approximately"
        suffix = f" ({note})" if approx_note else ""
        added: list[str] = []
        for tag in ("DATE", "YEAR"):
            raw = raw_text(f.get(tag))
            if raw is None:
                continue
            value, original = collapse(raw), f"{qualifier} {collapse(raw)}".strip() + suffix
            # "Sep." as NOTE of YEAR 1958 is the month of birth.
            if tag == "YEAR" and note and (month := month_year(f"{note} {value}")):
                value, original, note = month, f"{note} {value}", None
            if self.add(self.target, "birthDate", value, f"{path}/{tag}",
                        original=original if original != value else None):
                added.append(value)
        start, end = clean_text(f.get("FROM_YEAR")), clean_text(f.get("TO_YEAR"))
        if start and end and start.isdigit() and end.isdigit():
            original = f"{qualifier or 'BETWEEN'} {start} AND {end}{suffix}"
            added += self.add_years(int(start), int(end), original, f"{path}/FROM_YEAR")
        elif start or end:
            self.b.report.unmapped_value(f"{path}/FROM_YEAR", f"{start or ''}..{end or ''}", self.place)
        if note and not added and (month := month_year(note)):
            # A date given only as a NOTE: "Nov. 1973".
            if self.add(self.target, "birthDate", month, f"{path}/NOTE", original=note):
                return
        if note and not approx_note:
            when = f" {', '.join(added)}" if added else ""
            self.note(f"Date of birth{when}: {note}")
        elif not added and not note and kind:
            self.b.report.note(f"{path} without a date", self.place)

    # -- places and documents --------------------------------------------------------------------

    def address(self, elem: Element, path: str) -> None:
        places.address(self, elem, path)

    def birth_place(self, elem: Element, path: str) -> None:
        places.birth_place(self, elem, path)

    def document(self, elem: Element, path: str) -> None:
        self.documents.collect(self, elem, path)


Handler = Callable[[_Record, Element, str], None]

_COMMON: dict[str, Handler] = {
    "DATAID": _Record.consume,
    "VERSIONNUM": _Record.consume,
    "REFERENCE_NUMBER": _Record.consume,
    "UN_LIST_TYPE": _Record.program,
    "LISTED_ON": _Record.listing_date,
    "NAME_ORIGINAL_SCRIPT": _Record.original_script,
    "COMMENTS1": _Record.comments,
    "LIST_TYPE": _Record.list_type,
    "LAST_DAY_UPDATED": _Record.last_updated,
    "SORT_KEY": _Record.empty_expected,
    "SORT_KEY_LAST_MOD": _Record.empty_expected,
    "SUBMITTED_BY": _Record.submitted,
    "SUBMITTED_ON": _Record.submitted,
}

_INDIVIDUAL_HANDLERS: dict[str, Handler] = {
    **_COMMON,
    **{tag: _Record.name_part for tag in NAME_PARTS},
    "GENDER": _Record.gender,
    "TITLE": _Record.titles,
    "DESIGNATION": _Record.positions,
    "NATIONALITY": _Record.nationalities,
    "INDIVIDUAL_ALIAS": _Record.alias,
    "INDIVIDUAL_ADDRESS": _Record.address,
    "INDIVIDUAL_DATE_OF_BIRTH": _Record.birth_date,
    "INDIVIDUAL_PLACE_OF_BIRTH": _Record.birth_place,
    "INDIVIDUAL_DOCUMENT": _Record.document,
}

_ENTITY_HANDLERS: dict[str, Handler] = {
    **_COMMON,
    "FIRST_NAME": _Record.consume,
    "ENTITY_ALIAS": _Record.alias,
    "ENTITY_ADDRESS": _Record.address,
}
