"""OFAC's remarks: the facts the legacy CSV packs into one text field, and the XML's idList.

A remark is a list of items separated by ';' (PARK, Jin Hyok, ent 24918): ``DOB 15 Aug 1984;
alt. DOB 18 Oct 1984; Gender Male; Secondary sanctions risk: North Korea Sanctions Regulations,
sections 510.201 and 510.210; ...; Passport 290333974 (Korea, North).`` Each item starts with a
key from OFAC's vocabulary of feature and ID types. The
XML carries the same vocabulary as ``idList/id/idType`` (sometimes with a trailing ':' or ' -'),
so both layouts go through one key table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How a key's value is used. The property is a FtM property of the target (or of a related
# entity for the kinds that make one); ``fallback`` is used when the target's schema lacks it.
DATE = "date"            # birthDate, incorporationDate, buildDate
PLACE = "place"          # birthPlace
COUNTRY = "country"      # nationality, citizenship, flag, jurisdiction (fuzzy country)
TEXT = "text"            # plain string properties
IDENT = "ident"          # number [(country)] [issued D] [expires D]
DOCUMENT = "document"    # an identity document of a person: also a Passport/Identification entity
VESSEL_REG = "vessel_reg"  # "IMO 8660313", "8606173" (no IMO word), "15411 (Malta)"
CONTACT = "contact"      # email, website, phone
ALIAS = "alias"          # quoted names: a.k.a. 'X'
LINK = "link"            # Linked To: NAME
CRYPTO = "crypto"        # Digital Currency Address - XBT 1abc...
OPERATOR = "operator"    # Aircraft Operator MAHAN AIR
PROVISION = "provision"  # measures that apply: secondary sanctions, directives
NOTE = "note"            # kept as a note on purpose (no FtM property fits)


@dataclass(frozen=True)
class KeySpec:
    kind: str
    prop: str = ""
    fallback: str | None = None   # property when the schema lacks ``prop`` (None: keep as note)


@dataclass(frozen=True)
class Feature:
    key: str                      # the key as listed in KEYS
    spec: KeySpec
    value: str                    # the value without the key
    original: str                 # the item as OFAC wrote it
    country: str | None = None
    issued: str | None = None
    expires: str | None = None


_REG = KeySpec(IDENT, "registrationNumber")
_TAX = KeySpec(IDENT, "taxNumber", "registrationNumber")
_PERSON_ID = KeySpec(DOCUMENT, "idNumber", "registrationNumber")
_PROVISION = KeySpec(PROVISION)
_NOTE = KeySpec(NOTE)

# OFAC's keys as they appear in the real files (2021 and 2024 CSV remarks, 2024 XML idTypes).
KEYS: dict[str, KeySpec] = {
    # people
    "DOB": KeySpec(DATE, "birthDate"),
    "POB": KeySpec(PLACE, "birthPlace"),
    "nationality": KeySpec(COUNTRY, "nationality", "country"),
    "citizen": KeySpec(COUNTRY, "citizenship", "country"),
    "citizenship": KeySpec(COUNTRY, "citizenship", "country"),
    "Gender": KeySpec(TEXT, "gender"),
    # identity documents of people (an Identification/Passport entity each)
    "Passport": KeySpec(DOCUMENT, "passportNumber", "idNumber"),
    "Diplomatic Passport": KeySpec(DOCUMENT, "passportNumber", "idNumber"),
    "National ID No.": _PERSON_ID,
    "National Foreign ID Number": _PERSON_ID,
    "Identification Number": _PERSON_ID,
    "Personal ID Card": _PERSON_ID,
    "Cedula No.": _PERSON_ID,
    "D.N.I.": _PERSON_ID,
    "C.U.R.P.": _PERSON_ID,
    "C.U.I.": _PERSON_ID,
    "Birth Certificate Number": _PERSON_ID,
    "SSN": KeySpec(DOCUMENT, "socialSecurityNumber", "idNumber"),
    "Driver's License No.": _PERSON_ID,
    "Residency Number": _PERSON_ID,
    "Travel Document Number": _PERSON_ID,
    "Refugee ID Card": _PERSON_ID,
    "Stateless Person ID Card": _PERSON_ID,
    "Stateless Person Passport": KeySpec(DOCUMENT, "passportNumber", "idNumber"),
    "Electoral Registry No.": _PERSON_ID,
    "Kenyan ID No.": _PERSON_ID,
    "Moroccan Personal ID No.": _PERSON_ID,
    "Turkish Identification Number": _PERSON_ID,
    "Citizen's Card Number": _PERSON_ID,
    "Immigration No.": _PERSON_ID,
    "Military Registration Number": _PERSON_ID,
    "Numero Unico de Identificacao Tributaria (NUIT)": _TAX,
    "Italian Fiscal Code": _TAX,
    "Serial No.": _PERSON_ID,
    "Credencial electoral": _PERSON_ID,
    "Cartilla de Servicio Militar Nacional": _PERSON_ID,
    "I.F.E.": _PERSON_ID,
    "Numero de Identidad": _PERSON_ID,
    "LE Number": _PERSON_ID,
    "VisaNumberID": _PERSON_ID,
    "C.U.I.P.": _PERSON_ID,
    "Tazkira National ID Card": _PERSON_ID,
    "Pilot License Number": _PERSON_ID,
    "UAE Identification": _PERSON_ID,
    "Bosnian Personal ID No.": _PERSON_ID,
    "N.I.E.": _PERSON_ID,
    "CNP (Personal Numerical Code)": _PERSON_ID,
    "Romanian Permanent Resident CAN": _PERSON_ID,
    "Seafarer's Identification Document": _PERSON_ID,
    "Public Security and Immigration No.": _PERSON_ID,
    "Tarjeta Profesional": _PERSON_ID,
    "British National Overseas Passport": KeySpec(DOCUMENT, "passportNumber", "idNumber"),
    "Position": KeySpec(TEXT, "position", "notes"),
    "Alternate Title": KeySpec(TEXT, "position", "notes"),
    "Occupation": KeySpec(TEXT, "profession", "notes"),
    "arrested": _NOTE,
    "Tribe": _NOTE,
    "Subtribe": _NOTE,
    "Interpol": _NOTE,
    "TELEX": _NOTE,
    "Chinese Commercial Code": _NOTE,   # telegraph code of a Chinese name, not an ID
    # companies
    "Registration Number": _REG,
    "Registration ID": _REG,
    "Company Number": _REG,   # "Company Number IMO 5055293": an IMO *company* number, not a ship's
    "UK Company Number": _REG,
    "Business Registration Number": _REG,
    "Business Registration Document #": _REG,
    "Business Number": _REG,
    "Commercial Registry Number": _REG,
    "Commercial Registration Number": _REG,
    "Chamber of Commerce Number": _REG,
    "Istanbul Chamber of Comm. No.": _REG,
    "Public Registration Number": _REG,
    "Government Gazette Number": _REG,
    "Folio Mercantil No.": _REG,
    "Matricula Mercantil No": _REG,
    "C.R. No.": _REG,
    "C.I.N.": _REG,
    "Trade License No.": KeySpec(IDENT, "licenseNumber", "registrationNumber"),
    "License": KeySpec(IDENT, "licenseNumber", "registrationNumber"),
    "Certificate of Incorporation Number": _REG,
    "Economic Register Number (CBLS)": _REG,
    "Central Registration System Number": _REG,
    "Registration Certificate Number (Dubai)": _REG,
    "Russian State Individual Business Registration Number Pattern (OGRNIP)": _REG,
    "Enterprise Number": _REG,
    "Fiscal Code": _TAX,
    "RIF #": _TAX,
    "US FEIN": _TAX,
    "C.U.I.T.": _TAX,
    "C.I.F.": _TAX,
    "N.I.F.": _TAX,
    "RTN": _TAX,
    "RSIN": _TAX,
    "Paraguayan tax identification number": _TAX,
    "Romanian Tax Registration": _TAX,
    "Registered Charity No.": _REG,
    "Dubai Chamber of Commerce Membership No.": _REG,
    "Branch Unit Number": _REG,
    "SRE Permit No.": _REG,
    "Permit Number": KeySpec(IDENT, "licenseNumber", "registrationNumber"),
    "Tourism License No.": KeySpec(IDENT, "licenseNumber", "registrationNumber"),
    "Afghan Money Service Provider License Number": KeySpec(IDENT, "licenseNumber", "registrationNumber"),
    "MSB Registration Number": _REG,
    "File Number": _REG,
    "Romanian C.R.": _REG,
    "Organization Code": _REG,
    "Trademark number": _NOTE,
    "International Maritime Organization No.": _REG,   # a company's IMO number: "(5777731)"
    "United Social Credit Code Certificate (USCCC)": KeySpec(IDENT, "uscCode", "registrationNumber"),
    "Tax ID No.": _TAX,
    "NIT #": _TAX,
    "RUC #": _TAX,
    "RFC": _TAX,
    "CUIT": _TAX,
    "R.F.C.": _TAX,
    "Tax Registration Number": _TAX,
    "V.A.T. Number": KeySpec(IDENT, "vatCode", "taxNumber"),
    "Legal Entity Number": KeySpec(IDENT, "leiCode", "registrationNumber"),
    "SWIFT/BIC": KeySpec(IDENT, "swiftBic", "registrationNumber"),
    "Unified Social Credit Code (USCC)": KeySpec(IDENT, "uscCode", "registrationNumber"),
    "D-U-N-S Number": KeySpec(IDENT, "dunsCode", "registrationNumber"),
    "BIK (RU)": KeySpec(IDENT, "bikCode", "registrationNumber"),
    "ISIN": KeySpec(IDENT, "isinCode"),
    "Equity Ticker": KeySpec(IDENT, "ticker"),
    "Issuer Name": _NOTE,
    "Organization Established Date": KeySpec(DATE, "incorporationDate"),
    "Organization Type": KeySpec(TEXT, "sector", "notes"),
    "Target Type": KeySpec(TEXT, "classification", "notes"),
    "Nationality of Registration": KeySpec(COUNTRY, "jurisdiction", "country"),
    "Registration Country": KeySpec(COUNTRY, "jurisdiction", "country"),
    # contact
    "Email Address": KeySpec(CONTACT, "email"),
    "Email": KeySpec(CONTACT, "email"),
    "Website": KeySpec(CONTACT, "website"),
    "Phone Number": KeySpec(CONTACT, "phone"),
    "Telephone": KeySpec(CONTACT, "phone"),
    "Telephone No.": KeySpec(CONTACT, "phone"),
    "Phone": KeySpec(CONTACT, "phone"),
    "Fax": _NOTE,
    "Fax No.": _NOTE,
    # names and links
    "a.k.a.": KeySpec(ALIAS, "weakAlias"),        # OFAC puts its weak aliases in the remarks
    "f.k.a.": KeySpec(ALIAS, "previousName"),
    "n.k.a.": KeySpec(ALIAS, "alias"),
    "Linked To": KeySpec(LINK),
    # vessels
    "Vessel Registration Identification": KeySpec(VESSEL_REG),
    "IMO": KeySpec(VESSEL_REG),
    "MMSI": KeySpec(IDENT, "mmsi", "notes"),
    "Vessel Year of Build": KeySpec(DATE, "buildDate"),
    "Other Vessel Flag": KeySpec(COUNTRY, "flag"),
    "Former Vessel Flag": KeySpec(COUNTRY, "pastFlags"),
    "Other Vessel Call Sign": KeySpec(IDENT, "callSign"),
    "Other Vessel Type": KeySpec(TEXT, "type"),
    "Vessel Call Sign": KeySpec(IDENT, "callSign"),
    "Vessel Flag": KeySpec(COUNTRY, "flag"),
    "Vessel Type": KeySpec(TEXT, "type"),
    # aircraft
    "Aircraft Manufacture Date": KeySpec(DATE, "buildDate"),
    "Aircraft Model": KeySpec(TEXT, "model"),
    "Aircraft Manufacturer's Serial Number (MSN)": KeySpec(IDENT, "serialNumber"),
    "Aircraft Construction Number (also called L/N or S/N or F/N)": _NOTE,
    "Aircraft Operator": KeySpec(OPERATOR, "operator"),
    "Aircraft Tail Number": KeySpec(IDENT, "registrationNumber"),
    "Previous Aircraft Tail Number": _NOTE,
    "Aircraft Mode S Transponder Code": _NOTE,
    "Aircraft Manufacturer": KeySpec(TEXT, "manufacturer"),
    "Aircraft Serial Identification": KeySpec(IDENT, "serialNumber"),
    # crypto
    "Digital Currency Address": KeySpec(CRYPTO),
    # the measures that apply to the target: Sanction.provisions
    "Secondary sanctions risk": _PROVISION,
    "Additional Sanctions Information": _PROVISION,
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions": _PROVISION,
    "Executive Order 13662 Directive Determination": _PROVISION,
    "Executive Order 13846 information": _PROVISION,
    "Executive Order 14024 Directive Information": _PROVISION,
    "Executive Order 14014 Directive Information": _PROVISION,
    "CAATSA Section 235 Information": _PROVISION,
    "IFCA Determination": _PROVISION,
    "IFCA Industry": _PROVISION,
    "Listing Date": _PROVISION,            # "Listing Date (EO 14024 Directive 2): 24 Feb 2022"
    "Effective Date": _PROVISION,          # "Effective Date (CMIC): 02 Aug 2021"
    "Purchase/Sales For Divestment Date (CMIC)": _PROVISION,
    "PEESA Information": _PROVISION,
    "For more information on directives, please visit the following link": _NOTE,
    "For more information, please reference the following link": _NOTE,
}

# Candidate keys by their first word, longest first: a prefix test on a handful of keys per
# item instead of a regex over all of them.
_BY_FIRST: dict[str, list[tuple[str, str]]] = {}
for _key in sorted(KEYS, key=len, reverse=True):
    _BY_FIRST.setdefault(_key.split(" ", 1)[0].lower(), []).append((_key.lower(), _key))

_KEY_END = frozenset(" :-.(,")
_FIRST_WORD = re.compile(r"[ :]")  # "Email:adelb@shabakah.net.sa." has no space after the key
_ALT_PREFIXES = ("alt. ", "Alt. ")


def split_remarks(text: str) -> list[str]:
    """Items of a remark. A ';' inside parentheses does not separate items: ROBOW, Mukhtar
    (ent 11313) has "(Following data derived from an Eritrean passport ...: Alt. DOB: ...;
    Alt. POB: ...; Passport No.: 0310857, ...)" as one item."""
    parts = text.split(";")
    if "(" in text:
        merged: list[str] = []
        depth = 0
        opened_at = 0   # index in parts of the item whose '(' is still open
        for index, part in enumerate(parts):
            if depth > 0:
                merged[-1] += ";" + part
            else:
                merged.append(part)
                opened_at = index
            depth = max(0, depth + part.count("(") - part.count(")"))
        if depth:  # a '(' never closed would swallow the rest: those items stay apart
            merged[-1:] = parts[opened_at:]
        parts = merged
    return [p.strip() for p in parts if p and not p.isspace()]


def match_key(text: str) -> tuple[str, str] | None:
    """(key, rest) when ``text`` starts with a known key (case-insensitive), else None."""
    first = _FIRST_WORD.split(text, 1)[0].lower()
    for low, key in _BY_FIRST.get(first, ()):
        if text[:len(low)].lower() == low and (len(text) == len(low) or text[len(low)] in _KEY_END):
            return key, text[len(low):].lstrip(" :-")
    return None


def strip_alt(text: str) -> str:
    """"alt. DOB 1936" is a second value of the same key."""
    return text[5:] if text.startswith(_ALT_PREFIXES) else text


def parse_item(item: str) -> Feature | None:
    """A remark item as a Feature, or None when it does not start with a known key."""
    body = strip_alt(item)
    if body.startswith("(") and body.endswith(")"):
        # the consolidated XML wraps links: "(Linked To: PUBLIC JOINT STOCK COMPANY GAZPROM)"
        body = body[1:-1].strip()
    found = match_key(body)
    if found is None:
        return None
    key, rest = found
    spec = KEYS[key]
    if spec.kind in (IDENT, DOCUMENT, VESSEL_REG):
        number, country, issued, expires = split_identifier(rest)
        return Feature(key, spec, number, item, country, issued, expires)
    if spec.kind not in (ALIAS, LINK, PROVISION, NOTE):
        rest = rest.rstrip(".").strip()
    return Feature(key, spec, rest, item)


def feature_from_id(id_type: str, number: str, country: str | None, issued: str | None,
                    expires: str | None) -> Feature | None:
    """An XML idList/id as a Feature; idType is OFAC's key, sometimes with ':' or ' -' after it."""
    key_text = id_type.strip().rstrip(":- ").strip()
    found = match_key(key_text)
    if found is None:
        return None
    key, rest = found
    original = f"{id_type.strip()} {number}".strip()
    # "Digital Currency Address - XBT" + "1Kuf2...": the currency is part of the idType
    value = f"{rest} {number}".strip() if rest else number
    return Feature(key, KEYS[key], value, original, country, issued, expires)


_DATE_TAIL = r"(?:\d{1,2} [A-Za-z]{3} \d{4}|[A-Za-z]{3} \d{4}|\d{4})"
_ID_TAIL = re.compile(rf"^(?P<rest>.*?)(?: issued (?P<issued>{_DATE_TAIL}))?(?: expires (?P<expires>{_DATE_TAIL}))?$")


def split_identifier(text: str) -> tuple[str, str | None, str | None, str | None]:
    """"0310857 (Eritrea) issued 21 Aug 2006 expires 20 Aug 2008" -> number, country, issued,
    expires. The country is the last parenthesis: "HRA 738077 (Stuttgart) (Germany)"."""
    text = text.strip().rstrip(".").strip()
    issued = expires = None
    if " issued " in text or " expires " in text:
        match = _ID_TAIL.match(text)
        if match:
            text, issued, expires = match.group("rest").strip(), match.group("issued"), match.group("expires")
    country = None
    if text.endswith(")") and "(" in text:
        open_at = text.rfind("(")
        inner = text[open_at + 1:-1].strip()
        head = text[:open_at].strip()
        if head and not inner.isdigit():
            text, country = head, inner
    return text, country, issued, expires


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _one_date(text: str) -> str | None:
    parts = text.split()
    try:
        if len(parts) == 3 and parts[1][:3].lower() in _MONTHS:
            return f"{int(parts[2]):04d}-{_MONTHS[parts[1][:3].lower()]:02d}-{int(parts[0]):02d}"
        if len(parts) == 2 and parts[0][:3].lower() in _MONTHS:
            return f"{int(parts[1]):04d}-{_MONTHS[parts[0][:3].lower()]:02d}"
        if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
            return parts[0]
    except ValueError:
        return None
    return None


def parse_dates(text: str) -> list[str]:
    """OFAC's dates as ISO prefixes: "10 Dec 1948", "Jan 1960", "1960", "circa 1951",
    "1960 to 1962", "01 Jan 1960 to 31 Dec 1962", "circa 1958-1962". A range gives both ends;
    the original text (kept with each value) says it was a range or approximate."""
    text = text.strip().rstrip(".")
    low = text.lower()
    if low.startswith("circa "):
        text = text[6:].strip()
    if " to " in text:
        ends = [_one_date(p) for p in text.split(" to ", 1)]
    elif re.fullmatch(r"\d{4}-\d{4}", text):
        ends = [text[:4], text[5:]]
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        ends = [text]
    else:
        ends = [_one_date(text)]
    return [d for d in ends if d] if all(ends) else []


def guess_key(item: str) -> str:
    """For an item with no known key: the words before its value, to aggregate the report by key
    ("Passport No.: 0310857" -> "Passport No."; "Aircraft Color Blue 2" -> "Aircraft Color Blue")."""
    body = strip_alt(item)
    if ":" in body[:80]:
        return body.split(":", 1)[0].strip()[:60]
    words = []
    for word in body.split():
        if any(c.isdigit() for c in word) or word.startswith(("'", "(")):
            break
        words.append(word)
    return " ".join(words)[:60] or body[:30]


def looks_like_key(item: str) -> bool:
    """An unknown item that carries a value (a digit or 'Key: value') rather than free text
    such as "ICTY indictee." or "HAMAS - Hebron"."""
    body = strip_alt(item)
    return ":" in body[:80] or any(c.isdigit() for c in body)
