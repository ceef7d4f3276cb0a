"""``name-v1``: names across scripts and romanizations, then evidence for and against.

Names: every reading of the query name (as written; Hangul, Hanja and Cyrillic read as Korean and as
their own script) is aligned token by token with every reading of each list name. Tokens that share a
phonetic key (KY'ONG ~ Kyung ~ Kyeong) count as equal; others by edit distance, strictly for short
tokens, because one letter turns "Un" into "Il" and Kim Jong Un into his father. Token weights: longer
tokens say more; family names shared by millions (Kim, Ri, Pak) and company words ("Trading",
"Corporation", "Co., Ltd") say little, so a generic word alone never makes a match.

Score = 0.9 x name similarity + bonuses (birth date, country, identifiers), x penalties (a birth
year years apart, another country, another gender, another IMO), at least an identifier's floor.
The 0.9 leaves room above a bare name match, so results rank instead of piling up at 1.0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from rigour.names import replace_org_types_compare

from sanctionwatch.screening import features
from sanctionwatch.screening.matchers.align import (NUMBER_FACTOR, OMISSION_COST, Prepared, align, concat_sim,
                                                    numbers_differ, prepare)
from sanctionwatch.screening.names import NameForm, detect_script, name_forms
from sanctionwatch.screening.names.glossary import translate_org_name
from sanctionwatch.screening.query import Profile

NAME_WEIGHT = 0.9
DEFAULT_THRESHOLD = 0.7


@dataclass
class NameMatch:
    score: float
    query_name: str
    list_name: str
    pairs: list[tuple[str, str, float]] = field(default_factory=list)  # (query token, list token, similarity)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_list: list[str] = field(default_factory=list)
    system: str = "as-written"
    readings: list[str] = field(default_factory=list)  # name-v2: how a written name was read ("without (OMM)")

    def explain(self) -> str:
        parts = [f"{q}={c}" if s >= 0.999 else f"{q}~{c} ({s:.2f})" for q, c, s in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list only: " + " ".join(self.unmatched_list))
        via = "" if self.system == "as-written" else f" read as {self.system}"
        read = f" ({'; '.join(self.readings)})" if self.readings else ""
        return f"{self.query_name!r}{via} vs {self.list_name!r}{read}: {', '.join(parts)} -> {self.score:.2f}"


@lru_cache(maxsize=100_000)
def _org_normal(name: str) -> str:
    """Legal forms in one spelling: Aktiengesellschaft -> AG, Limited Liability Company -> LLC,
    Corporation -> Corp, International -> Intl."""
    text = replace_org_types_compare(name.lower()) or name.lower()
    return " ".join(_ORG_WORDS.get(w, w) for w in text.replace("’", "'").split())


_ORG_WORDS = {"corporation": "corp", "corp.": "corp", "company": "co", "co.": "co", "limited": "ltd",
              "ltd.": "ltd", "incorporated": "inc", "inc.": "inc", "international": "intl", "int'l": "intl",
              "int.": "intl", "&": "and"}


def _char_form(name: str, script: str) -> NameForm:
    chars = tuple(ch for ch in name if not ch.isspace() and ch not in "·・.-")
    return NameForm(chars, chars, script, "as-written")


def _forms(name: str, korean: bool, organisation: bool, glossary: int = 1) -> tuple[NameForm, ...]:
    if not organisation:
        return tuple(name_forms(name, korean_hint=korean))
    forms = name_forms(_org_normal(name), korean_hint=korean)
    for translated in translate_org_name(name, glossary):
        # A Korean, Chinese or Russian name of the organisation, its common words in English.
        forms += [f for f in name_forms(_org_normal(translated), korean_hint=True) if f not in forms]
    return tuple(forms)


_ABJADS = ("arabic", "hebrew", "other")


@dataclass(frozen=True)
class Reading:
    """How names are read and paired; the defaults are name-v1's, later versions set the rest.

    ``exact_korean_syllables``: see :func:`~sanctionwatch.screening.matchers.align.align`; ``glossary``: the
    organisation glossary version;
    ``distinct_keys``: keys never a typo of each other (Korean family names), for Korean people;
    ``korean_readings_only``: a Russian-spelled name with a Korean reading is not also compared in its
    plain transliteration when the pair is Korean (Ким Ён Чхоль is not "kim en chkhol");
    ``latin_korean_syllables``: a Korean pair written in Latin letters, every token a Korean syllable,
    is paired like one read from Hangul (Kim Mun Chol is not Kim Chol; Ri Song Hyok is not Ri Tong Hyok);
    ``similarity``, ``contained_omission_cost``: for people, see :func:`~sanctionwatch.screening.matchers.align.align`."""

    exact_korean_syllables: bool = False
    glossary: int = 1
    distinct_keys: frozenset[str] = frozenset()
    korean_readings_only: bool = False
    latin_korean_syllables: bool = False
    similarity: Callable[[str, str, str, str], float] | None = None
    contained_omission_cost: float | None = None


V1_READING = Reading()


def _korean_only(forms: tuple[NameForm, ...]) -> tuple[NameForm, ...]:
    if any(f.system == "cyrillic-korean" for f in forms):
        return tuple(f for f in forms if f.system != "cyrillic")
    return forms


@lru_cache(maxsize=100_000)
def _prepared(name: str, korean: bool, organisation: bool, glossary: int,
              only_korean: bool) -> tuple[str, tuple[Prepared, ...]]:
    """The script of a written name and its readings, prepared for alignment; kept per name, as list
    names come back with every query that proposes their entity."""
    forms = _forms(name, korean, organisation, glossary)
    if only_korean:
        forms = _korean_only(forms)
    return detect_script(name), tuple(prepare(f, organisation) for f in forms)


@lru_cache(maxsize=100_000)
def _prepared_chars(name: str, script: str, organisation: bool) -> Prepared:
    return prepare(_char_form(name, script), organisation)


def best_name_match(query_names: list[str], list_names: list[str], *, korean: bool, organisation: bool,
                    reading: Reading = V1_READING) -> NameMatch:
    glossary = reading.glossary
    distinct_keys = reading.distinct_keys if korean and not organisation else frozenset()
    only_korean = reading.korean_readings_only and korean and not organisation
    exact_korean = reading.exact_korean_syllables and not organisation
    latin_korean = reading.latin_korean_syllables and korean and not organisation
    similarity = None if organisation else reading.similarity
    contained_omission_cost = None if organisation else reading.contained_omission_cost
    best = NameMatch(0.0, "", "")
    best_score = 0.0
    seen: set[tuple] = set()
    for qn in query_names:
        q_script, q_forms = _prepared(qn, korean, organisation, glossary, only_korean)
        for cn in list_names:
            c_script, c_forms = _prepared(cn, korean, organisation, glossary, only_korean)
            if q_script == c_script and q_script in ("hangul", "han"):
                # Written in the same script, names are compared as written: romanized keys merge
                # syllables that the script keeps apart (종/정 both read "jong").
                pairs_of_forms = [(_prepared_chars(qn, q_script, organisation),
                                   _prepared_chars(cn, c_script, organisation))]
            else:
                pairs_of_forms = [(qf, cf) for cf in c_forms for qf in q_forms]
                if (q_script in _ABJADS) != (c_script in _ABJADS):
                    pairs_of_forms += [(qf.skeleton(), cf.skeleton()) for cf in c_forms for qf in q_forms]
            for qf, cf in pairs_of_forms:
                if not qf.tokens or not cf.tokens:
                    continue
                before = len(seen)
                seen.add((qf.marker, cf.marker))  # hashed once: a membership test then an add hash twice
                if len(seen) == before:
                    continue  # aliases and readings often reduce to the same tokens
                from_script = exact_korean and (qf.from_korean_script or cf.from_korean_script)
                in_latin = latin_korean and not from_script and qf.korean_syllables and cf.korean_syllables
                exact = from_script or in_latin
                if exact:  # run-together syllables (Jongun) still pair, but only when they read the same
                    concat = 0.95 if qf.joined_keys == cf.joined_keys else 0.0
                else:
                    concat = concat_sim(qf, cf)
                score, pairs, uq, uc = align(qf, cf, exact, distinct_keys, from_script, similarity,
                                             contained_omission_cost)
                if concat > score:
                    concat *= NUMBER_FACTOR if numbers_differ(qf, cf) else 1.0
                if concat > score:
                    score, uq, uc = concat, [], []
                    explained = [(qf.joined, cf.joined, concat)]
                elif score > best_score:
                    explained = [(qf.tokens[i], cf.tokens[j], sim) for i, j, sim in pairs]
                if score > best_score:
                    best_score = score
                    best = NameMatch(score, qn, cn, explained, [qf.tokens[i] for i in uq],
                                     [cf.tokens[j] for j in uc], qf.system)
                    if score >= 0.999:
                        return best
    return best


_COMPATIBLE = {
    "Person": {"Person", "LegalEntity", "Thing"},
    "Organization": {"Organization", "Company", "PublicBody", "LegalEntity", "Thing"},
    "Company": {"Organization", "Company", "LegalEntity", "Thing", "PublicBody"},
    "PublicBody": {"Organization", "PublicBody", "LegalEntity", "Thing", "Company"},
    "LegalEntity": {"Person", "Organization", "Company", "PublicBody", "LegalEntity", "Thing"},
    "Vessel": {"Vessel", "Thing"},
    "Airplane": {"Airplane", "Thing"},
    "Thing": {"Person", "Organization", "Company", "PublicBody", "LegalEntity", "Vessel", "Airplane", "Thing"},
}


def compatible(query_schema: str, list_schema: str) -> bool:
    return list_schema in _COMPATIBLE.get(query_schema, {query_schema, "Thing"})


@dataclass
class Scored:
    score: float
    name: NameMatch
    features: list[features.Feature]

    def explanations(self) -> list[dict[str, Any]]:
        out = [{"feature": "name", "score": round(self.name.score, 4), "detail": self.name.explain()}]
        for f in self.features:
            out.append({"feature": f.name, "effect": round(f.effect, 4), "floor": f.floor or None,
                        "detail": f.detail})
        return out

    def feature_scores(self) -> dict[str, float]:
        """yente-style ``features``: one number per feature."""
        out = {"name": round(self.name.score, 4)}
        for f in self.features:
            out[f.name] = round(f.effect if not f.floor else f.floor, 4)
        return out


class NameV1:
    NAME = "name-v1"
    VERSION = "1"
    DEFAULT_THRESHOLD = DEFAULT_THRESHOLD

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.NAME,
            "description": (__doc__ or "").strip().split("\n\n")[0],
            "default_threshold": DEFAULT_THRESHOLD,
            "parameters": {"name_weight": NAME_WEIGHT, "omission_cost_people": OMISSION_COST,
                           "substitution_factor": 0.9, "patronymic_order_factor": 0.7, "number_conflict_factor": NUMBER_FACTOR,
                           "generic_word_weight": 0.15, "common_word_weight": 0.4,
                           "common_family_name_weight": 0.5, "same_key_similarity": 0.97,
                           "typo_min_similarity": {"<=3 letters": 1.0, "4-5": 0.75, ">=6": 0.7}},
        }

    def name_match(self, query: Profile, cand: Profile, organisation: bool) -> NameMatch:
        return best_name_match(query.names, cand.names, korean=query.is_korean or cand.is_korean,
                               organisation=organisation)

    def score(self, query: Profile, cand: Profile) -> Scored:
        if not compatible(query.schema, cand.schema):
            return Scored(0.0, NameMatch(0.0, "", "", system="schema"), [])
        organisation = cand.schema not in ("Person", "Vessel", "Airplane")
        name = self.name_match(query, cand, organisation) if query.names and cand.names else NameMatch(0.0, "", "")
        if name.list_name in cand.weak_names and name.list_name not in cand.names[:1]:
            name.score *= 0.9  # a weak alias ("low quality" on the UN list) is weaker evidence
        found = features.identifiers(query, cand)
        for f in (features.birth_date(query, cand), features.country(query, cand), features.gender(query, cand)):
            if f is not None:
                found.append(f)
        score = NAME_WEIGHT * name.score
        score += sum(f.effect for f in found if f.effect > 0 and name.score > 0.5)
        for f in found:
            if f.effect < 0:
                score *= 1 + f.effect
        floor = max((f.floor for f in found), default=0.0)
        score = max(min(score, 1.0), floor)
        return Scored(round(score, 4), name, found)
