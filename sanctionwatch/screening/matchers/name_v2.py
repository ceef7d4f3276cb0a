"""``name-v2``: ``name-v1`` with names read the way lists and documents write them.

Scoring is name-v1's throughout (same weights, same evidence for and against); what changes is which
strings are compared. Each name is also read:

* without a part in brackets: "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)" is cited as "Ocean
  Maritime Management Company" (UN KPe.020), "Deutsche Bank (Schweiz) AG" as "Deutsche Bank AG"; one
  side at a time, so that "Bank of China (Hong Kong)" never becomes "Bank of China (Singapore)";
* for an organisation or a vessel, with a bracketed acronym as a name of its own (the "OMM" of Ocean
  Maritime Management, the "KOMID" of "Korea Mining Development Trading Corporation (KOMID)");
* for an organisation, with dotted initials as one word ("A.B.C. Company" is "ABC Company", and no
  longer "C.B.A. Company" with its initials realigned);
* for an organisation or a vessel, with numbers written as words or ordinals in digits ("Brigade
  Forty-Four" is "Brigade 44", "1st International Bank" is "First International Bank");
* for an organisation, with "Chosun", the common spelling of 조선 outside the two systems (Chosun Ilbo,
  Chosun Expo), read as McCune-Reischauer "Choson", which the organisation glossary translates as
  "Korea": Chosun Expo Joint Venture is OFAC's KOREA EXPO JOINT VENTURE; "Banking" as "Bank";
* for an organisation, as a unit without its parent ("KOREAN WORKERS PARTY, PROPAGANDA AND AGITATION
  DEPARTMENT") and without the country it belongs to ("FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S
  REPUBLIC OF KOREA"), one side at a time like brackets; in Hangul, with glossary version 2 (the
  DPRK's ministries and party departments, 제2 as "Second").

A reading only adds strings to compare or rewrites both sides alike, and the explanation says which
reading matched. Pairing changes in three places, switched on through ``name_v1.Reading``: a Korean
name read from Hangul, Korean-read characters or Russian spelling (Ким Ён Чхоль) pairs its syllables
only by reading, never by edit distance, and a syllable more, less or out of order makes another name
(조철 is not 조철성); so does a pair of Korean names in Latin letters (every word a Korean syllable, a
Korean family name first or last, or a Korean nationality), except that a word which is no syllable (a
typo) still pairs by edit distance; two Korean family names are never a typo of each other (Jang is
not Kang); and two kinds of organisation (a bank, a trading company) lower the score.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Callable, Mapping

from sanctionwatch.screening.matchers.align import GENERIC
from sanctionwatch.screening.matchers.name_v1 import NameMatch, NameV1, Reading, best_name_match
from sanctionwatch.screening.names import name_forms
from sanctionwatch.screening.query import Profile

# Korean family names in their common spellings: two of them are never a typo of each other (Jang
# Sung Nam is not Kang Song Nam), whatever the edit distance of their spellings.
_KOREAN_FAMILIES = """kim ri lee yi rhee pak park bak choe choi jong jung chung kang cho jo yun yoon jang chang han
o oh so seo sin shin kwon hwang an ahn song ryu yu hong jon jeon chon ko go mun moon yang son pae bae paek baek
ho heo nam sim shim no roh ha kwak cha ju chu u woo ku koo min ra na jin chin ji chi om eom chae won pang bang kong
hyon hyun ham pyon byun yom yeom yo yeo to do sok seok tak im rim lim ri kye kyo""".split()
KOREAN_FAMILY_SPELLINGS = frozenset(_KOREAN_FAMILIES)
# Kinds of organisation: a bank is not a trading company of the same name (Korea Daesong Bank and
# Korea Daesong General Trading Corporation are two designations).
_KINDS = {"bank": "bank", "banking": "bank", "trading": "trading", "trade": "trading", "shipping": "shipping",
          "maritime": "shipping", "mining": "mining", "insurance": "insurance", "university": "education",
          "academy": "research", "institute": "research", "ministry": "government", "bureau": "government",
          "department": "government", "committee": "government"}
KIND_CONFLICT_FACTOR = 0.8

_BRACKETED = re.compile(r"\s*[(\[]([^()\[\]]{1,80})[)\]]\s*")
# Two or more single letters each followed by a dot: A.B.C., U.S., S.A.R.L.
_DOTTED = re.compile(r"(?<!\w)((?:[^\W\d_]\.\s?){2,})")
_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
             "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
_UNIT_ORDINALS = {k: v for k, v in _ORDINALS.items() if v < 10}
_NUMBER_WORDS = re.compile(
    r"(?<!\w)(?:(?P<tens>" + "|".join(_TENS) + r")(?:[\s-]+(?P<unit>" + "|".join(list(_UNITS)[1:10] + list(_UNIT_ORDINALS))
    + r"|[1-9])(?!\w))?"
    r"|(?P<single>" + "|".join(list(_UNITS) + list(_ORDINALS)) + r")"
    r"|(?P<digits>\d+)(?:st|nd|rd|th))(?!\w)", re.IGNORECASE)
# Spellings of Korean organisation words outside McCune-Reischauer and Revised Romanization, and
# English forms of one word: 은행 is translated "Bank" where the list writes "Banking Corporation".
# OFAC's abbreviations (KOREA SAMMA SHPG CO) are the press's words.
_SPELLINGS = {"chosun": "choson", "banking": "bank", "shpg": "shipping", "mgmt": "management", "trdg": "trading",
              "devt": "development", "dvlpmt": "development", "engg": "engineering", "natl": "national",
              "assn": "association", "mfg": "manufacturing", "ind": "industrial", "svcs": "services"}
_SPELLING_WORDS = re.compile(r"(?<!\w)(" + "|".join(_SPELLINGS) + r")(?!\w)", re.IGNORECASE)


def _number(match: re.Match) -> str:
    if match.group("digits"):
        return match.group("digits")
    if match.group("single"):
        word = match.group("single").lower()
        return str(_UNITS.get(word, _ORDINALS.get(word)))
    unit = match.group("unit") or "0"
    value = _TENS[match.group("tens").lower()] + (int(unit) if unit.isdigit() else
                                                   _UNITS.get(unit.lower(), _UNIT_ORDINALS.get(unit.lower(), 0)))
    return str(value)


def _case_of(original: str, word: str) -> str:
    return word.upper() if original.isupper() else word.capitalize() if original[:1].isupper() else word


def _rewrite(name: str, organisation: bool, numbered: bool) -> str:
    if organisation:
        name = _DOTTED.sub(lambda m: re.sub(r"[.\s]", "", m.group(1)) + " ", name).strip()
        name = _SPELLING_WORDS.sub(lambda m: _case_of(m.group(1), _SPELLINGS[m.group(1).lower()]), name)
    if numbered:
        name = _NUMBER_WORDS.sub(_number, name)
    return " ".join(name.split())


# A unit named after its parent, as OFAC writes them: "KOREAN WORKERS PARTY, PROPAGANDA AND AGITATION
# DEPARTMENT". The unit alone is how the press names it, when it says more than a generic word.
_UNIT_WORDS = frozenset({"department", "bureau", "ministry", "committee", "directorate", "division", "office",
                         "commission", "administration"})
_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def _without_country(name: str) -> tuple[str, str] | None:
    """"FOREIGN TRADE BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA" as the press names it: without
    the country it belongs to (a country by FtM's country names), tried at every "of" ("Ministry of
    Defence of the Russian Federation"); (the rest, the country) when the rest has two words or more and
    one of them names something ("National Bank of Egypt" is not "National Bank")."""
    from followthemoney import registry

    for found in _OF.finditer(name):
        base, country = name[:found.start()].strip(), name[found.end():].strip()
        if not country or "," in country or not registry.country.clean(country, fuzzy=False):
            continue
        words = [w.strip(".,'’").lower() for w in base.split()]
        if len(words) >= 2 and any(w not in GENERIC and w != "and" for w in words):
            return base, country
        return None
    return None


def _unit(name: str) -> str | None:
    if ", " not in name:
        return None
    unit = name.rsplit(", ", 1)[1].strip()
    words = unit.lower().split()
    if not words or words[-1] not in _UNIT_WORDS:
        return None
    return unit if sum(w not in GENERIC and w != "and" for w in words) >= 2 else None


@lru_cache(maxsize=1)
def korean_family_keys() -> frozenset[str]:
    keys: set[str] = set()
    for spelling in _KOREAN_FAMILIES:
        for form in name_forms(spelling, korean_hint=True):
            if len(form.keys) == 1:
                keys.update(form.keys)
    return frozenset(keys)


@lru_cache(maxsize=1)
def _reading() -> Reading:
    return Reading(exact_korean_syllables=True, glossary=2, distinct_keys=korean_family_keys(),
                   korean_readings_only=True, latin_korean_syllables=True)


@lru_cache(maxsize=100_000)
def _russian_spelled_korean(name: str) -> bool:
    """Ким Ён Чхоль, Ли Су Ён: every word of a Cyrillic name reads as Korean (Сергей Лавров does not)."""
    from sanctionwatch.screening.names.cyrillic import cyrillic_words, korean_word_readings

    if not any("\u0400" <= ch <= "\u04ff" for ch in name):
        return False
    words = cyrillic_words(name)
    return len(words) >= 2 and all(korean_word_readings(w.lower()) for w in words)


@lru_cache(maxsize=200_000)
def _looks_korean(name: str) -> bool:
    """A Latin-lettered name of Korean syllables with a Korean family name first or last (Kim Mun-chol,
    "Chol KIM"); Chinese names of one-syllable words often look the same, and are read the same way."""
    from sanctionwatch.screening.names.korean_keys import syllable_key
    from sanctionwatch.screening.names.tokens import tokenize_latin

    if not name.isascii():
        return False
    tokens = [t for t in tokenize_latin(name) if t]
    if len(tokens) < 2 or not all(syllable_key(t) for t in tokens):
        return False
    family = korean_family_keys()
    return syllable_key(tokens[0]) in family or syllable_key(tokens[-1]) in family


def _kinds(name: str) -> set[str]:
    return {_KINDS[w] for w in re.findall(r"[a-z]+", name.lower()) if w in _KINDS}


def _acronym(word: str, name: str) -> bool:
    """A bracketed word that abbreviates the name: letters, 2-8 of them, the initials of two of the
    name's words or more among them in order, and no country ("OMM" of Ocean Maritime Management, "KOMID"
    of Korea Mining Development Trading; not "SCHWEIZ" of Deutsche Bank, "BEIJING" of Bank of China)."""
    from followthemoney import registry

    if not (word.isalpha() and 2 <= len(word) <= 8) or registry.country.clean(word, fuzzy=False):
        return False
    initials = [w[0].lower() for w in re.findall(r"[^\W\d_]+", _BRACKETED.sub(" ", name)) if w.lower() not in ("of", "the", "and")]
    letters = word.lower()
    if not initials or letters[0] != initials[0]:
        return False
    matched, pos = 0, 0
    for initial in initials:
        found = letters.find(initial, pos)
        if found < 0:
            continue
        matched, pos = matched + 1, found + 1
    return matched >= 2


@lru_cache(maxsize=200_000)
def readings(name: str, organisation: bool, numbered: bool) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(string to compare, how it was read) for one written name: the readings as written (the name,
    an acronym in brackets) and those without the bracketed parts."""
    whole = _rewrite(name, organisation, numbered)
    note = "" if whole == " ".join(name.split()) else f"read as {whole!r}"
    written, bare = [(whole, note)], []
    parts = [p.strip() for p in _BRACKETED.findall(name)]
    if parts:
        stripped = _rewrite(_BRACKETED.sub(" ", name), organisation, numbered)
        if stripped and stripped != whole:
            bare.append((stripped, "without " + ", ".join(f"({p})" for p in parts)))
        if organisation or numbered:
            written += [(p, f"({p}) as a name of its own") for p in parts if _acronym(p, name)]
    unit = _unit(_BRACKETED.sub(" ", name)) if organisation else None
    if unit:
        bare.append((_rewrite(unit, organisation, numbered), f"the unit {unit!r} without its parent"))
    found = _without_country(" ".join(_BRACKETED.sub(" ", name).split())) if organisation else None
    if found:
        bare.append((_rewrite(found[0], organisation, numbered), f"without the country ({found[1]})"))
    return tuple(written), tuple(bare)


@lru_cache(maxsize=100_000)
def expanded_names(names: tuple[str, ...], organisation: bool, numbered: bool, side: int,
                   read: Callable[[str, bool, bool], Any] = readings,
                   ) -> tuple[tuple[str, ...], Mapping[str, tuple[str, str]]]:
    """The strings to compare for an entity's names, and each one's (written name, how it was read):
    the readings ``read`` gives (this version's, or a later version's), side 0 written, 1 bare. Kept per
    entity's names, read-only: a list entity's names are read again by every query that proposes it."""
    strings: list[str] = []
    origin: dict[str, tuple[str, str]] = {}
    for name in names:
        for text, note in read(name, organisation, numbered)[side]:
            if text not in origin:
                origin[text] = (name, note)
                strings.append(text)
    return tuple(strings), MappingProxyType(origin)


class NameV2(NameV1):
    NAME = "name-v2"
    VERSION = "2"

    def describe(self) -> dict[str, Any]:
        out = super().describe()
        out["name"] = self.NAME
        out["description"] = (__doc__ or "").strip().split("\n\n")[0]
        out["changes_from"] = {"name-v1": [
            "names also read without their bracketed parts; a one-word bracketed part of an organisation's "
            "or vessel's name read as a name of its own",
            "organisations: dotted initials as one word; 'Chosun' read as 'Choson'",
            "organisations and vessels: numbers written as words or ordinals read as digits",
            "organisations: glossary version 2 (DPRK ministries and party departments in Hangul); 'banking' "
            "read as 'bank'; a unit named after its parent ('PARTY, X DEPARTMENT') also read alone; kinds "
            f"of organisation that differ (bank, trading, shipping...) x{KIND_CONFLICT_FACTOR}",
            "people: a name read from Hangul, Korean-read characters or Russian-spelled Korean pairs "
            "syllables only by reading (no edit distance), an unpaired syllable costs in full and makes "
            "another name (x0.8), and so do its syllables in another order (x0.7); the same for Korean names "
            "in Latin letters, where a word that is no Korean syllable (a typo) still pairs by edit distance; "
            "two Korean family names (Jang, Kang) are never a typo of each other"]}
        return out

    def reading(self) -> Reading:
        return _reading()

    def expanded(self, names: tuple[str, ...], organisation: bool, numbered: bool,
                 side: int) -> tuple[tuple[str, ...], Mapping[str, tuple[str, str]]]:
        return expanded_names(names, organisation, numbered, side)

    def name_match(self, query: Profile, cand: Profile, organisation: bool) -> NameMatch:
        numbered = organisation or cand.schema == "Vessel"
        korean = query.is_korean or cand.is_korean or (not organisation and (
            any(_russian_spelled_korean(n) for n in query.names) or
            (any(_looks_korean(n) for n in query.names) and any(_looks_korean(n) for n in cand.names))))
        q_names, c_names = tuple(query.names), tuple(cand.names)
        q_written, q_origin = self.expanded(q_names, organisation, numbered, 0)
        q_bare, q_bare_origin = self.expanded(q_names, organisation, numbered, 1)
        c_written, c_origin = self.expanded(c_names, organisation, numbered, 0)
        c_bare, c_bare_origin = self.expanded(c_names, organisation, numbered, 1)
        # A bracketed part is left out on one side at a time: "Bank of China (Hong Kong)" is "Bank of
        # China", but not, by leaving out both, "Bank of China (Singapore)".
        options = {"korean": korean, "organisation": organisation, "reading": self.reading()}
        match = best_name_match(q_written + q_bare, c_written, **options)
        q_origin = {**q_bare_origin, **q_origin}
        if c_bare and match.score < 0.999:
            other = best_name_match(q_written, c_bare, **options)
            if other.score > match.score:
                match, c_origin = other, c_bare_origin
        if not match.query_name:
            return match
        (q_name, q_note), (c_name, c_note) = q_origin[match.query_name], c_origin[match.list_name]
        match.readings = ([f"query {q_note}"] if q_note else []) + ([f"list name {c_note}"] if c_note else [])
        if organisation:
            # On the best-named pair only: another alias of the same kind scoring a little lower is not
            # looked for.
            q_kinds, c_kinds = _kinds(match.query_name), _kinds(match.list_name)
            if q_kinds and c_kinds and not q_kinds & c_kinds:
                match.score *= KIND_CONFLICT_FACTOR
                match.readings.append(f"a {'/'.join(sorted(q_kinds))} is not a {'/'.join(sorted(c_kinds))} "
                                      f"(x{KIND_CONFLICT_FACTOR})")
        match.query_name, match.list_name = q_name, c_name
        return match
