"""``name-v3``: ``name-v2`` with names read as people write them in documents and searches.

Scoring is name-v2's throughout; what changes is which strings are compared, how two words pair, and
what lowers an organisation's score. Each name is also read:

* for a person, without the forms of address that rigour knows in many languages ("Monsieur Ilie
  Bolojan", "Herr", "Sheikh"), beyond the English and Russian titles every version drops;
* for a person, with the digits that stand for letters read as letters, in a word that mixes the
  two ("Ig0r Sech1n" is Igor Sechin; a vessel's "NO.1" is left alone);
* for a person, as written with the family name first and a comma ("AL BEN ALI, Isa Ben Tarif" is
  "Isa Ben Tarif Al Ben Ali"), the way lists and registers print names;
* for a person whose "bin"/"ibn" stands first or last, with the words turned round until it stands
  between two ("bin Salman Mohammed" and "Salman Mohammed bin" are Mohammed bin Salman);
* for a person, with a word of two or three capitals and no vowel as initials ("JC Juncker"), and
  backwards when every word ends in its only capital ("rimidalV nituP", an evasion that nomenklatura's
  checks test for);
* for an organisation, with its legal forms by kind ("Sp. z o.o." as "llc", by rigour), so that a
  legal form that name-v1 does not know weighs as little as those it does;
* for an organisation, without a continent or world region that qualifies its name, one side at a
  time ("FABERLIC EUROPE Sp. z o.o." is cited as Faberlic; a country still names another entity).

Pairing:

* words of one nickname table entry (Ben and Benjamin, Ted and Theodore; the ``nicknames`` package's
  English table) pair at 0.9, except a Korean family name (Kim is not Kimberly, Jo not Joanna); a Latvian or Lithuanian nominative -s is dropped (Sergejs is
  Sergej); a word of 5 to 7 letters may have two typos if its first letter is kept (Merkur, Merkel;
  not Navros, Lavrov), where name-v1 allows two only from 8 letters (Korean syllables still pair only
  by reading);
* a person's name whose every word pairs with a word of the other (two words or more that are not
  names borne by millions such as Mohammad or Ali, each at 0.75 or more) costs half for the other's
  extra words (Boris Johnson in Alexandre Boris de Pfeffel Johnson; not Mohammed Khan in Mohammed
  Rahim Khan);
* two organisations with legal forms of two kinds (an AG, a joint-stock company, is not a GmbH, a
  limited liability company, by rigour's generic legal forms) lower the score, and so do two that
  name different countries ("Bank of Chad" is not "Bank of China"), and a number on one side only
  counts once more ("Bowne Global Solutions II" is not "Bowne Global Solutions"), beyond name-v1's
  x0.85 for any difference of numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping

from rapidfuzz.distance import OSA

from sanctionwatch.screening.matchers import name_v2
from sanctionwatch.screening.matchers.align import COMMON, GENERIC, PATRONYMIC, token_sim
from sanctionwatch.screening.matchers.name_v1 import NameMatch, Reading
from sanctionwatch.screening.matchers.name_v2 import KOREAN_FAMILY_SPELLINGS, NameV2
from sanctionwatch.screening.names import detect_script, tokenize_latin
from sanctionwatch.screening.names.nicknames import NICKNAME_SIMILARITY, nickname_forms
from sanctionwatch.screening.names.phonetic import generic_key
from sanctionwatch.screening.query import Profile

LEGAL_FORM_CONFLICT_FACTOR = 0.8
COUNTRY_CONFLICT_FACTOR = 0.8
ONE_SIDED_NUMBER_FACTOR = 0.85  # on top of name-v1's 0.85 for numbers that differ
LATVIAN_S_FACTOR = 0.95
CONTAINED_OMISSION_COST = 0.15  # half name-v1's 0.3: see the module's docstring

# Continents and world regions as nouns, the way a subsidiary qualifies its group's name ("Faberlic
# Europe", "Samsung Electronics Asia"); adjectives name ("European Investment Bank", "South African
# Airways"), and so does a region that comes first ("Pacific Andes").
_REGIONS = re.compile(r"(?<!\w)(?:europe|asia[- ]pacific|asia|africa|eurasia|middle east|latin america|north america|"
                      r"south america|americas|scandinavia|balkans|caucasus|emea|apac)(?!\w)",
                      re.IGNORECASE)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s"})
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w@$]*[^\W\d_])(?=[\w@$]*[\d@$])[\w@$]+")


def _unleet(name: str) -> str | None:
    """Words of letters and digits with the digits read as the letters they stand for; None when no
    word mixes the two (a vessel's number, a date)."""
    changed = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), name)
    return changed if changed != name else None


def _without_address(name: str) -> str | None:
    from rigour.names import remove_person_prefixes

    bare = " ".join(remove_person_prefixes(name).split())
    return bare if bare and bare != " ".join(name.split()) else None


_INITIALS = re.compile(r"(?<![\w'’.-])([B-DF-HJ-NP-TV-XZ]{2,3})(?![\w'’-])")


def _initials(name: str) -> str | None:
    """"JC Juncker" as "J C Juncker": a word of two or three capitals and no vowel is initials, in a
    name that is not all capitals."""
    if name.isupper():
        return None
    spaced = _INITIALS.sub(lambda m: " ".join(m.group(1)), name)
    return spaced if spaced != name else None


_MIRRORED_WORD = re.compile(r"^[^\W\d_]*[a-z][A-Z]$")


def _mirrored(name: str) -> str | None:
    """"rimidalV nituP" as "Putin Vladimir": a name written backwards, every word ending in its only
    capital."""
    words = name.split()
    if not words or not all(_MIRRORED_WORD.match(w) and sum(c.isupper() for c in w) == 1 for w in words):
        return None
    return name[::-1]


def _inverted(name: str) -> str | None:
    """"FAMILY, Given" as "Given FAMILY": one comma, words on both sides."""
    if name.count(",") != 1:
        return None
    family, given = (p.strip() for p in name.split(","))
    if not family or not given or len(family.split()) > 4 or len(given.split()) > 4:
        return None
    return f"{given} {family}"


def _particle_turned(name: str) -> list[str]:
    words = name.split()
    if len(words) < 3 or not ({words[0].lower(), words[-1].lower()} & PATRONYMIC):
        return []
    turns = (words[k:] + words[:k] for k in range(1, len(words)))
    return [" ".join(w) for w in turns if w[0].lower() not in PATRONYMIC and w[-1].lower() not in PATRONYMIC]


def _without_region(name: str) -> str | None:
    first = name.split(maxsplit=1)
    if len(first) < 2:
        return None
    bare = " ".join((first[0] + " " + _REGIONS.sub(" ", first[1])).split())
    if bare == " ".join(name.split()):
        return None
    words = [w.strip(".,'’()").lower() for w in bare.split()]
    return bare if any(w and w not in GENERIC and w not in COMMON and not _country_code(w) for w in words) else None


# A person's name read as written with one change more each: (reading, how it is explained).
_PERSON_READINGS = ((_mirrored, "written backwards"), (_without_address, "without the form of address"),
                    (_inverted, "family name first, before the comma"), (_initials, "capitals as initials"),
                    (_unleet, "digits as letters: {!r}"))


@lru_cache(maxsize=200_000)
def readings(name: str, organisation: bool, numbered: bool) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """name-v2's readings, and name-v3's: written ones that any side may be read as, bare ones (a part
    left out) one side at a time."""
    written, bare = name_v2.readings(name, organisation, numbered)
    more_written: list[tuple[str, str]] = []
    more_bare: list[tuple[str, str]] = []
    if organisation:
        generic = _generic_legal_forms(name)
        if generic:
            more_written.append((generic, "legal forms by kind"))
        region = _without_region(generic or name)
        if region:
            more_bare.append((region, "legal forms by kind, without the region" if generic else "without the region"))
    elif not numbered:
        base = name
        for read, note in _PERSON_READINGS:  # each on the one before: "MIR0N, Ig0r" -> "Ig0r MIR0N" -> "Igor MIRoN"
            text = read(base)
            if text:
                more_written.append((text, note.format(text)))
                base = text
        more_written += [(turned, "with bin/ibn between names") for turned in _particle_turned(base)]
    seen = {text for text, _ in written + bare}
    more_written = [(t, n) for t, n in more_written if t not in seen and not seen.add(t)]
    more_bare = [(t, n) for t, n in more_bare if t not in seen and not seen.add(t)]
    return written + tuple(more_written), bare + tuple(more_bare)


_BRACKETS = re.compile(r"[(\[][^()\[\]]*[)\]]")
_ROMAN_NUMERALS = frozenset("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split())


@lru_cache(maxsize=100_000)
def _legal_form_spans(name: str) -> tuple[tuple[str, str], ...]:
    """(as written, rigour's generic form: llc, jsc...) of each legal form in a lower-cased name; a
    roman numeral is a number here (Solutions II), not a legal form."""
    from rigour.names.org_types import extract_org_types

    return tuple((span, generic) for span, generic in extract_org_types(name, generic=True)
                 if span.strip(" .").lower() not in _ROMAN_NUMERALS)


def _legal_forms(name: str) -> frozenset[str]:
    return frozenset(generic for _, generic in _legal_form_spans(name.lower()))


def _generic_legal_forms(name: str) -> str | None:
    """"FABERLIC EUROPE Sp. z o.o." as "faberlic europe llc": legal forms in rigour's generic kinds,
    whose few spellings the generic words weigh little (an unknown "spzoo" weighs as a name)."""
    if detect_script(name) != "latin":
        return None  # rigour's generic forms are Latin words: "ngo" alone would be left of a Cyrillic name
    text = name.lower()
    for span, generic in _legal_form_spans(text):
        text = re.sub(r"(?<!\w)" + re.escape(span.strip()) + r"(?!\w)", generic, text)
    text = " ".join(text.split())
    return text if text != " ".join(name.lower().split()) else None


_KOREAS = frozenset({"kp", "kr"})  # "Korea" alone is read as either; not a conflict between the two


@lru_cache(maxsize=20_000)
def _country_code(phrase: str) -> str | None:
    """FtM's country for a phrase of a name, the two Koreas as one."""
    from followthemoney import registry

    code = registry.country.clean(phrase, fuzzy=False)
    return "kp" if code in _KOREAS else code


_COUNTRY_WORDS = 40  # a name's first words: where a country is named, and a bound on a pathological name


def _countries(name: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", name)[:_COUNTRY_WORDS]
    found = set()
    for n in (1, 2, 3):
        for k in range(len(words) - n + 1):
            phrase = " ".join(words[k:k + n])
            if n == 1 and (len(phrase) < 4 or phrase.lower() in GENERIC):
                continue
            code = _country_code(phrase)
            if code:
                found.add(code)
    return frozenset(found)


@lru_cache(maxsize=100_000)
def _numbers(name: str) -> frozenset[str]:
    """An organisation's numbers ("Bowne Global Solutions II", "Fund 3"), as name-v1 reads a unit's."""
    tokens = tokenize_latin(_BRACKETS.sub(" ", name))
    return frozenset(t for k, t in enumerate(tokens) if t.isdigit() or (k and t in _ROMAN_NUMERALS))


@lru_cache(maxsize=100_000)
def _org_marks(name: str) -> tuple[frozenset[str], frozenset[str]]:
    return _legal_forms(name), _countries(name)


_token_sim = token_sim.__wrapped__  # token_sim_v3 keeps the pairs: no second cache of the same pairs


@lru_cache(maxsize=500_000)
def token_sim_v3(qt: str, qk: str, ct: str, ck: str) -> float:
    """name-v1's token similarity, and where it finds none: a nickname pair (Ted, Theodore; never a
    Korean family name: the table has Kim for Kimberly); a Latvian or Lithuanian nominative -s
    (Sergejs), at 0.95 of the similarity without it; two typos in a word of 5 to 7 letters as spelled,
    its first letter kept (Merkur, Merkel), which name-v1 allows only from 8 letters."""
    sim = _token_sim(qt, qk, ct, ck)
    if sim or qt.isdigit() or ct.isdigit():
        return sim
    if ct in nickname_forms(qt) and qt not in KOREAN_FAMILY_SPELLINGS and ct not in KOREAN_FAMILY_SPELLINGS:
        return NICKNAME_SIMILARITY
    q_s, c_s = qt[-1] == "s", ct[-1] == "s"
    if q_s != c_s:
        a, b, bk = (qt, ct, ck) if q_s else (ct, qt, qk)
        if len(a) >= 5:
            stem = a[:-1]
            sim = _token_sim(stem, generic_key(stem), b, bk)
            if sim:
                return LATVIAN_S_FACTOR * sim
    # As spelled, not by key: keys fold letters (th/t, ll/l, q/k), and Mahir is not Mahathir; and
    # with the first letter kept, which typos seldom touch (Navros is not Lavrov).
    if qt[0] == ct[0] and 5 <= min(len(qt), len(ct)) <= 7 and OSA.distance(qt, ct, score_cutoff=2) == 2:
        return 0.95 * (1 - 2 / max(len(qt), len(ct)))
    return 0.0


@lru_cache(maxsize=1)
def _reading() -> Reading:
    return Reading(exact_korean_syllables=True, glossary=2, distinct_keys=name_v2.korean_family_keys(),
                   korean_readings_only=True, latin_korean_syllables=True, similarity=token_sim_v3,
                   contained_omission_cost=CONTAINED_OMISSION_COST)


class NameV3(NameV2):
    NAME = "name-v3"
    VERSION = "3"

    def describe(self) -> dict[str, Any]:
        out = super().describe()
        out["name"] = self.NAME
        out["description"] = (__doc__ or "").strip().split("\n\n")[0]
        out["parameters"] = {**out["parameters"], "contained_omission_cost": CONTAINED_OMISSION_COST,
                             "nickname_similarity": NICKNAME_SIMILARITY, "latvian_s_factor": LATVIAN_S_FACTOR,
                             "two_typos_letters": "5-7, first letter kept",
                             "legal_form_conflict_factor": LEGAL_FORM_CONFLICT_FACTOR,
                             "country_conflict_factor": COUNTRY_CONFLICT_FACTOR,
                             "one_sided_number_factor": ONE_SIDED_NUMBER_FACTOR}
        out["changes_from"] = {"name-v2": [
            "people: also read without rigour's forms of address, 'FAMILY, Given' as 'Given FAMILY', with "
            "capitals without a vowel as initials, digits inside words as letters, a leading or trailing "
            "bin/ibn turned between names, and backwards when every word ends in its only capital",
            "organisations: also read with legal forms by kind (rigour's generic forms) and without a "
            "continent or world region (one side at a time)",
            f"words that the nicknames table pairs (Ted, Theodore) at {NICKNAME_SIMILARITY}, never a Korean "
            f"family name; a Latvian -s dropped (x{LATVIAN_S_FACTOR}); two typos in 5-7 letters, first letter kept",
            f"a person's name wholly contained in the other (two or more words that are not common names): the "
            f"other's extra words cost {CONTAINED_OMISSION_COST} instead of 0.3",
            f"organisations with legal forms of different kinds x{LEGAL_FORM_CONFLICT_FACTOR}; naming "
            f"different countries x{COUNTRY_CONFLICT_FACTOR}; a number on one side only "
            f"x{ONE_SIDED_NUMBER_FACTOR} more"]}
        return out

    def reading(self) -> Reading:
        return _reading()

    def expanded(self, names: tuple[str, ...], organisation: bool, numbered: bool,
                 side: int) -> tuple[tuple[str, ...], Mapping[str, tuple[str, str]]]:
        return name_v2.expanded_names(names, organisation, numbered, side, readings)

    def name_match(self, query: Profile, cand: Profile, organisation: bool) -> NameMatch:
        match = super().name_match(query, cand, organisation)
        if not organisation or not match.query_name:
            return match
        (q_forms, q_countries), (c_forms, c_countries) = _org_marks(match.query_name), _org_marks(match.list_name)
        if q_forms and c_forms and not q_forms & c_forms:
            match.score *= LEGAL_FORM_CONFLICT_FACTOR
            match.readings.append(f"a {'/'.join(sorted(q_forms))} is not a {'/'.join(sorted(c_forms))} "
                                  f"(x{LEGAL_FORM_CONFLICT_FACTOR})")
        if q_countries and c_countries and not q_countries & c_countries:
            match.score *= COUNTRY_CONFLICT_FACTOR
            match.readings.append(f"named after {'/'.join(sorted(q_countries))}, not {'/'.join(sorted(c_countries))} "
                                  f"(x{COUNTRY_CONFLICT_FACTOR})")
        q_numbers, c_numbers = _numbers(match.query_name), _numbers(match.list_name)
        if bool(q_numbers) != bool(c_numbers):
            match.score *= ONE_SIDED_NUMBER_FACTOR
            match.readings.append(f"numbered on one side only (x{ONE_SIDED_NUMBER_FACTOR})")
        return match
