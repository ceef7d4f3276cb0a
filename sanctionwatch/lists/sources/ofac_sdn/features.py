"""Putting one remark item (or XML id) on a target: the property, or a related entity.

Every value keeps the item as OFAC wrote it as its original text. A value the model refuses, or
a key whose property the target's schema lacks, is kept as a note and reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from followthemoney import StatementEntity
from rigour.ids import IMO

from sanctionwatch.lists.sources.ofac_sdn import remarks as R
from sanctionwatch.lists.sources.ofac_sdn.remarks import Feature, guess_key, looks_like_key, strip_alt
from sanctionwatch.model.entities import make_id

if TYPE_CHECKING:
    from sanctionwatch.lists.sources.ofac_sdn.builder import ReleaseBuilder, Target


_NON_DIGIT = re.compile(r"\D+")


def entity_id(entity: StatementEntity) -> str:
    if not entity.id:
        raise ValueError(f"{entity.schema.name} entity without an id")
    return entity.id


def split_person_name(raw: str) -> tuple[str, str | None, str | None, str | None]:
    """"PARK, Jin Hyok" -> ("Jin Hyok PARK", "PARK", "Jin Hyok", None);
    "DELOS REYES, Feliciano Semborio, Jr." keeps "Jr." as the suffix."""
    parts = [" ".join(p.split()) for p in raw.split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return " ".join(raw.split()), None, None, None
    last, first = parts[0], parts[1]
    suffix = ", ".join(p for p in parts[2:] if p) or None
    full = f"{first} {last}" + (f" {suffix}" if suffix else "")
    return full, last, first, suffix


def add_prop(builder: ReleaseBuilder, target: Target, prop: str, value: str, *, key: str,
             original: str | None = None, fuzzy: bool = False, fallback: str | None = None) -> bool:
    """Add ``value`` to the target's ``prop`` (or ``fallback`` when the schema lacks it)."""
    entity = target.entity
    chosen = prop if entity.schema.get(prop) is not None else fallback
    if chosen == "notes" or chosen is None or entity.schema.get(chosen) is None:
        add_note(builder, target, original or f"{key} {value}")
        builder.report.note(f"{key} does not apply to a {entity.schema.name}, kept as note", target.place)
        return False
    seen = len(builder.factory.rejected)
    if builder.factory.add(entity, chosen, value, original=original, fuzzy=fuzzy):
        return True
    if len(builder.factory.rejected) > seen:
        del builder.factory.rejected[seen:]   # handled here: kept as a note and reported by key
        add_note(builder, target, original or f"{key} {value}")
        builder.report.note(f"{key} value not accepted as {chosen}, kept as note",
                            f"{target.place}: {value[:60]!r}")
    return False


def add_note(builder: ReleaseBuilder, target: Target, text: str) -> None:
    builder.factory.add(target.entity, "notes", text)


def report_unknown_item(builder: ReleaseBuilder, item: str, place: str) -> None:
    if looks_like_key(item):
        builder.report.unknown_field(f"remark key {guess_key(item)!r} (kept as note)", place)
    else:
        builder.report.note("free-text remark kept as note", place)


def add_name(builder: ReleaseBuilder, target: Target, prop: str, name: str, *,
             last_name: str | None = None, first_name: str | None = None) -> None:
    """An alias of a person is written "LAST, First" like the primary name: keep that as the
    original and store "First LAST"."""
    if target.entity.schema.is_a("Person"):
        if last_name and first_name:
            full, original = f"{first_name} {last_name}", f"{last_name}, {first_name}"
        else:
            full, original = split_person_name(name)[0], name
        builder.factory.add(target.entity, prop, full, original=original)
    else:
        builder.factory.add(target.entity, prop, name)


def apply(builder: ReleaseBuilder, target: Target, feature: Feature) -> None:
    handler = _HANDLERS[feature.spec.kind]
    handler(builder, target, feature)


def _date(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    dates = R.parse_dates(f.value)
    if not dates:
        add_note(builder, target, f.original)
        builder.report.note(f"{f.key} date not understood, kept as note", f"{target.place}: {f.value[:60]!r}")
        return
    for date in dates:
        add_prop(builder, target, f.spec.prop, date, key=f.key, original=f.original, fallback=f.spec.fallback)


def _place(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    add_prop(builder, target, f.spec.prop, f.value, key=f.key, original=f.original, fallback=f.spec.fallback)


def _country(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    add_country(builder, target, f.spec.prop, f.value, key=f.key, original=f.original, fallback=f.spec.fallback)


def add_country(builder: ReleaseBuilder, target: Target, prop: str, value: str, *, key: str,
                original: str | None = None, fallback: str | None = None) -> None:
    if value.lower().rstrip(".") == "none identified":
        # OFAC's way of saying there is no flag (Vess_flag and "Former Vessel Flag None Identified")
        add_note(builder, target, original or f"{key} {value}")
        return
    add_prop(builder, target, prop, value, key=key, original=original, fuzzy=True, fallback=fallback)


def _text(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    add_prop(builder, target, f.spec.prop, f.value, key=f.key, original=f.original, fallback=f.spec.fallback)


def _ident(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    if target.entity.schema.is_a("Vessel") and f.value.upper().startswith("IMO"):
        _vessel_reg(builder, target, f)
        return
    add_prop(builder, target, f.spec.prop, f.value, key=f.key, original=f.original, fallback=f.spec.fallback)


def _document(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    """An identity document of a person: the number on the person, and a Passport or
    Identification entity with country and dates ("Passport 0310857 (Eritrea) issued
    21 Aug 2006 expires 20 Aug 2008")."""
    entity = target.entity
    if not entity.schema.is_a("Person"):
        # "Identification Number IMO 1790183" of OCEAN MARITIME MANAGEMENT COMPANY LIMITED is a
        # company's number: registrationNumber, not a person's idNumber
        prop = f.spec.fallback or f.spec.prop
        if entity.schema.is_a("Vessel") and f.value.upper().startswith("IMO"):
            _vessel_reg(builder, target, f)
        else:
            add_prop(builder, target, prop, f.value, key=f.key, original=f.original, fallback="notes")
        return
    if not add_prop(builder, target, f.spec.prop, f.value, key=f.key, original=f.original,
                    fallback=f.spec.fallback):
        return
    schema = "Passport" if f.spec.prop == "passportNumber" else "Identification"
    doc = builder.factory.make(schema, make_id(target.id, "id", f.key, f.value))
    add = builder.factory.add
    add(doc, "holder", target.id)
    add(doc, "number", f.value, original=f.original)
    add(doc, "type", f.key)
    if f.country and not add(doc, "country", f.country, fuzzy=True):
        del builder.factory.rejected[-1:]
        add(doc, "summary", f"country: {f.country}")
    for prop, text in (("startDate", f.issued), ("endDate", f.expires)):
        for date in R.parse_dates(text) if text else ():
            add(doc, prop, date, original=text)
    target.relate(doc)


def _vessel_reg(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    """A ship's IMO number goes to imoNumber; a national registration number ("15411 (Malta)")
    or an IMO *company* number on a shipping company (CHONGBONG SHIPPING CO LTD, ent 19569,
    "Vessel Registration Identification IMO 5878589") goes to registrationNumber."""
    digits = f.value.upper().removeprefix("IMO").strip()
    is_imo = len(digits) == 7 and digits.isdigit()
    if target.entity.schema.is_a("Vessel") and is_imo:
        if IMO.is_valid(digits):
            add_prop(builder, target, "imoNumber", IMO.normalize(digits) or digits, key=f.key, original=f.original)
            return
        builder.report.note("IMO number fails its check digit, kept as registrationNumber",
                            f"{target.place}: {f.value!r}")
    add_prop(builder, target, "registrationNumber", f.value, key=f.key, original=f.original, fallback="notes")


def _contact(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    value = f.value
    if f.spec.prop == "phone" and not value.startswith("+"):
        # OFAC writes numbers with the country code but no '+': "Phone Number 982188526300",
        # "Telephone (357)(22660766)"; the phone type needs the '+'.
        value = "+" + _NON_DIGIT.sub("", value).removeprefix("00")
    add_prop(builder, target, f.spec.prop, value, key=f.key, original=f.original, fallback="notes")


def _alias(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    value = f.value.strip()
    if value.endswith("."):
        value = value[:-1].rstrip()
    if len(value) < 3 or value[0] != "'" or value[-1] != "'":
        # a cut remark ("a.k.a. 'WHOIS HACKIN") or a quote-less alias: keep it as written
        add_note(builder, target, f.original)
        builder.report.note(f"{f.key} name without closing quote, kept as note", target.place)
        return
    add_name(builder, target, f.spec.prop, value[1:-1])


def _link(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    builder.link_later(target, f)


def resolve_link(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    other = builder.find_listed(f.value)
    if other is None or other == target.id:
        add_note(builder, target, strip_alt(f.original))
        builder.report.note("Linked To name not found (or not unique) among the listed names, kept as note",
                            f"{target.place}: {f.value[:60]!r}")
        return
    link = builder.factory.make("UnknownLink", make_id(target.id, "link", other))
    builder.factory.add(link, "subject", target.id)
    builder.factory.add(link, "object", other)
    builder.factory.add(link, "role", "Linked To", original=strip_alt(f.original))
    target.relate(link)


def _operator(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    if target.entity.schema.get("operator") is None:
        add_prop(builder, target, "operator", f.value, key=f.key, original=f.original, fallback="notes")
        return
    builder.operator_later(target, f)


def resolve_operator(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    """"Aircraft Operator MAHAN AIR": the listed airline when its name is on the list, else a
    LegalEntity of that name."""
    operator_id = builder.find_listed(f.value)
    if operator_id is None:
        operator = builder.factory.make("LegalEntity", make_id("ofac-operator", f.value))
        builder.factory.add(operator, "name", f.value)
        operator_id = entity_id(target.relate(operator))
    builder.factory.add(target.entity, "operator", operator_id, original=f.original)


def _crypto(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    """"Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h": a CryptoWallet held
    by the target."""
    parts = f.value.rstrip(".").split(None, 1)
    if len(parts) != 2:
        add_note(builder, target, f.original)
        builder.report.note("Digital Currency Address without currency and address, kept as note", target.place)
        return
    currency, address = parts[0], parts[1].strip()
    wallet = builder.factory.make("CryptoWallet", make_id(target.id, "wallet", address))
    builder.factory.add(wallet, "publicKey", address, original=f.original)
    builder.factory.add(wallet, "currencySymbol", currency)
    if target.entity.schema.is_a("LegalEntity"):
        builder.factory.add(wallet, "holder", target.id)
    target.relate(wallet)


def _provision(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    builder.factory.add(target.sanction, "provisions", strip_alt(f.original).rstrip(".").strip())


def _note(builder: ReleaseBuilder, target: Target, f: Feature) -> None:
    add_note(builder, target, strip_alt(f.original))


_HANDLERS = {
    R.DATE: _date,
    R.PLACE: _place,
    R.COUNTRY: _country,
    R.TEXT: _text,
    R.IDENT: _ident,
    R.DOCUMENT: _document,
    R.VESSEL_REG: _vessel_reg,
    R.CONTACT: _contact,
    R.ALIAS: _alias,
    R.LINK: _link,
    R.OPERATOR: _operator,
    R.CRYPTO: _crypto,
    R.PROVISION: _provision,
    R.NOTE: _note,
}
