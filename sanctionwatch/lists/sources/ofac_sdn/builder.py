"""Designations from OFAC entries: one target entity with its Sanction and related entities.

The CSV set and the XML both describe an entry as an ``Entry`` (name, type, programs, vessel
columns, features from remarks or idList); ``ReleaseBuilder`` turns entries into designations
and, once all are read, resolves "Linked To: NAME" and aircraft operators to the listed entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from followthemoney import StatementEntity
from rigour.ids import IMO

from sanctionwatch.lists.parsed import Designation, ParseReport
from sanctionwatch.lists.sources.ofac_sdn import features
from sanctionwatch.lists.sources.ofac_sdn.features import entity_id
from sanctionwatch.lists.sources.ofac_sdn.remarks import VESSEL_REG, Feature
from sanctionwatch.model.entities import EntityFactory, make_id, vessel_id

AUTHORITY = "US Treasury OFAC"

COMPANY_PROPS = frozenset({"isinCode", "ticker", "bikCode"})
SCHEMAS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}


@dataclass
class Entry:
    """One OFAC entry as read from either layout."""

    ent_num: str
    sdn_type: str                         # individual | entity | vessel | aircraft (lower case)
    name: str                             # as OFAC writes it: "LAST, First" for individuals
    programs: list[str]
    place: str                            # "sdn.csv line 12 (ent_num 306)" for the report
    title: str | None = None
    last_name: str | None = None          # the XML gives the parts; the CSV is split at the comma
    first_name: str | None = None
    vessel: dict[str, str] = field(default_factory=dict)   # call_sign, type, tonnage, grt, flag, owner
    features: list[Feature] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)     # remark items with no known key
    notes: list[str] = field(default_factory=list)         # kept as notes, already reported
    cut_item: str | None = None           # last remark item cut by OFAC's 1000-char limit


@dataclass
class Target:
    """A designation being built: the target, its related entities by id, where it came from."""

    designation: Designation
    entity: StatementEntity
    sanction: StatementEntity
    place: str
    related: dict[str, StatementEntity] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return entity_id(self.entity)

    def relate(self, entity: StatementEntity) -> StatementEntity:
        """Add a related entity once; a repeated id (an "alt." passport) merges into the first."""
        key = entity_id(entity)
        known = self.related.get(key)
        if known is None:
            self.related[key] = entity
            return entity
        return known


def name_key(name: str) -> str:
    return " ".join(name.split()).upper()


class ReleaseBuilder:
    def __init__(self, source: str, source_url: str | None) -> None:
        self.source = source
        self.source_url = source_url
        self.factory = EntityFactory(source)
        self.report = ParseReport()
        self.targets: dict[str, Target] = {}           # by ent_num, in file order
        self._by_name: dict[str, list[str]] = {}       # primary name -> target ids
        self._ids: set[str] = set()
        self._links: list[tuple[Target, Feature]] = []
        self._operators: list[tuple[Target, Feature]] = []
        self._rejected_seen = 0

    # -- entries ---------------------------------------------------------------------------

    def add_entry(self, entry: Entry) -> Target | None:
        if entry.ent_num in self.targets:
            self.report.note("duplicate ent_num, later entry skipped", entry.place)
            return None
        schema = SCHEMAS.get(entry.sdn_type)
        if schema is None:
            self.report.unmapped_value("SDN type", entry.sdn_type, entry.place)
            schema = "LegalEntity"
        elif schema == "Organization" and any(f.spec.prop in COMPANY_PROPS for f in entry.features):
            # CMIC entries carry ISIN and Equity Ticker, which only Company has
            schema = "Company"
        entity = self.factory.make(schema, self._target_id(entry, schema))
        self._ids.add(entity_id(entity))
        sanction = self.factory.make("Sanction", make_id(self.source, entry.ent_num, "sanction"))
        designation = Designation(entity=entity, reference=entry.ent_num, programs=list(entry.programs),
                                  keys={"ent_num": entry.ent_num})
        target = Target(designation, entity, sanction, entry.place)
        target.relate(sanction)
        self.targets[entry.ent_num] = target
        self._by_name.setdefault(name_key(entry.name), []).append(target.id)

        self._add_names(target, entry)
        self._add_sanction(target, entry)
        if entry.title:
            features.add_prop(self, target, "position", entry.title, key="Title")
        self._add_vessel_columns(target, entry)
        for feature in entry.features:
            features.apply(self, target, feature)
        self._add_free_text(target, entry)
        self._report_rejected(target.place)
        return target

    def _target_id(self, entry: Entry, schema: str) -> str:
        """Vessels with a valid IMO get the cross-source vessel id, so the UN and OFAC
        listings of one ship merge; everything else (and a second entry claiming the same
        IMO) keeps OFAC's ent_num."""
        if schema == "Vessel":
            imo = next((i for i in (vessel_imo(f) for f in entry.features) if i), None)
            if imo:
                candidate = vessel_id(imo)
                if candidate not in self._ids:
                    return candidate
                self.report.note("two entries give the same IMO; the second keeps its ent_num id", entry.place)
        return make_id("ofac", entry.ent_num)

    def _add_names(self, target: Target, entry: Entry) -> None:
        entity, raw = target.entity, entry.name
        if entity.schema.is_a("Person"):
            full, last, first, suffix = features.split_person_name(raw)
            last = entry.last_name or last
            first = entry.first_name or first
            self.factory.add(entity, "name", full, original=raw)
            self.factory.add(entity, "lastName", last)
            self.factory.add(entity, "firstName", first)
            self.factory.add(entity, "nameSuffix", suffix)
        else:
            self.factory.add(entity, "name", raw)
        self.factory.add(entity, "topics", "sanction")

    def _add_sanction(self, target: Target, entry: Entry) -> None:
        sanction, add = target.sanction, self.factory.add
        add(sanction, "entity", target.id)
        add(sanction, "authority", AUTHORITY)
        add(sanction, "sourceUrl", self.source_url)
        for program in entry.programs:
            add(sanction, "program", program)
            add(sanction, "programId", program)
        if not entry.programs:
            self.report.note("entry without a program", entry.place)

    def _add_vessel_columns(self, target: Target, entry: Entry) -> None:
        columns = entry.vessel
        if not columns:
            return
        if not target.entity.schema.is_a("Vessel"):
            for name, value in columns.items():
                self.report.note(f"vessel column {name} on a non-vessel, kept as note", target.place)
                features.add_note(self, target, f"{name}: {value}")
            return
        add = features.add_prop
        if "call_sign" in columns:
            add(self, target, "callSign", columns["call_sign"], key="Call_Sign")
        if "type" in columns:
            add(self, target, "type", columns["type"], key="Vess_type")
        for column, prop in (("tonnage", "tonnage"), ("grt", "grossRegisteredTonnage")):
            if column in columns:
                # "318,000": the number type keeps the comma, so "318,000" and "318000" differ
                value = columns[column]
                add(self, target, prop, value.replace(",", ""), key=column, original=value)
        if "flag" in columns:
            features.add_country(self, target, "flag", columns["flag"], key="Vess_flag")
        if "owner" in columns:
            owner_name = columns["owner"]
            owner = self.factory.make("LegalEntity", make_id("ofac-owner", owner_name))
            self.factory.add(owner, "name", owner_name)
            owner = target.relate(owner)
            self.factory.add(target.entity, "owner", entity_id(owner))

    def _add_free_text(self, target: Target, entry: Entry) -> None:
        for item in entry.free_text:
            if entry.title and item.rstrip(".").strip().lower() == entry.title.rstrip(".").strip().lower():
                continue  # "Member of the State Duma ..." repeats the Title column
            features.add_note(self, target, item)
            features.report_unknown_item(self, item, target.place)
        for text in entry.notes:
            features.add_note(self, target, text)
        if entry.cut_item:
            features.add_note(self, target, entry.cut_item)
            self.report.note("remarks cut at OFAC's 1000-character limit with no sdn_comments "
                             "continuation; last item kept as note", target.place)

    # -- rows of add.csv / alt.csv -------------------------------------------------------------

    def add_address(self, ent_num: str, add_num: str, place: str, *, street: str | None = None,
                    street2: str | None = None, city: str | None = None, state: str | None = None,
                    postal_code: str | None = None, country: str | None = None, region: str | None = None,
                    remarks: str | None = None) -> None:
        target = self.targets.get(ent_num)
        if target is None:
            self.report.note("address for an unknown ent_num", place)
            return
        parts = [street, street2, city, state, postal_code, region, country]
        if not any(parts) and not remarks:
            return
        address = self.factory.make("Address", make_id(target.id, "addr", add_num))
        add = self.factory.add
        add(address, "street", street)
        add(address, "street2", street2)
        add(address, "city", city)
        add(address, "state", state)
        add(address, "postalCode", postal_code)
        add(address, "region", region)
        seen = len(self.factory.rejected)
        if country and not add(address, "country", country, fuzzy=True):
            # add.csv has "undetermined" as a country
            del self.factory.rejected[seen:]
            self.report.note("address country not recognised (kept in the full address)", f"{place}: {country!r}")
        add(address, "remarks", remarks)
        full = ", ".join(" ".join(p.split()) for p in parts if p)
        add(address, "full", full)
        address = target.relate(address)
        add(target.entity, "addressEntity", entity_id(address))
        add(target.entity, "address", full)

    def add_alias(self, ent_num: str, alt_type: str, name: str, place: str, *, weak: bool = False,
                  last_name: str | None = None, first_name: str | None = None) -> None:
        target = self.targets.get(ent_num)
        if target is None:
            self.report.note("alias for an unknown ent_num", place)
            return
        kind = alt_type.strip().lower().replace(".", "")
        prop = {"aka": "alias", "fka": "previousName", "nka": "alias"}.get(kind)
        if prop is None:
            self.report.unmapped_value("alias type", alt_type, place)
            prop = "alias"
        if weak and prop == "alias":
            prop = "weakAlias"
        features.add_name(self, target, prop, name, last_name=last_name, first_name=first_name)

    # -- the end ---------------------------------------------------------------------------

    def link_later(self, target: Target, feature: Feature) -> None:
        self._links.append((target, feature))

    def operator_later(self, target: Target, feature: Feature) -> None:
        self._operators.append((target, feature))

    def find_listed(self, name: str) -> str | None:
        """The id of the listed entry with this primary name; the last remark item carries
        OFAC's closing '.' ("Linked To: HIZBALLAH.") while names may end in one ("CO., LTD.")."""
        key = name_key(name)
        for candidate in (key, key.rstrip(".")):
            ids = self._by_name.get(candidate)
            if ids and len(ids) == 1:
                return ids[0]
        return None

    def finish(self) -> list[Designation]:
        for target, feature in self._links:
            features.resolve_link(self, target, feature)
        for target, feature in self._operators:
            features.resolve_operator(self, target, feature)
        self._report_rejected("after linking")
        designations = []
        for target in self.targets.values():
            target.designation.related = list(target.related.values())
            designations.append(target.designation)
        return designations

    def _report_rejected(self, place: str) -> None:
        """Values FtM refused that no feature code took care of (names, address parts, links)."""
        for _entity_id, prop, value, reason in self.factory.rejected[self._rejected_seen:]:
            self.report.note(f"value not accepted as {prop} ({reason})", f"{place}: {value[:60]!r}")
        self._rejected_seen = len(self.factory.rejected)


def vessel_imo(feature: Feature) -> str | None:
    """The 7 digits of a ship's IMO number in a feature, when the check digit is right.
    RYONG GUN BONG (ent 17104) writes "Vessel Registration Identification 8606173" with no
    "IMO"; BONU 5 (ent 23424) has "Vessel Registration Identification 15411 (Malta)", a
    national registration number."""
    if feature.spec.kind != VESSEL_REG and not feature.value.upper().startswith("IMO"):
        return None
    digits = feature.value.upper().removeprefix("IMO").strip()
    if len(digits) == 7 and digits.isdigit() and IMO.is_valid(digits):
        return digits
    return None
